const ALIASES: Record<string, string> = { prod: 'production', prd: 'production' };

const normalize = (environment: string) => {
  const lower = environment.trim().toLowerCase();
  return ALIASES[lower] ?? lower;
};

/** Whether an environment is in the team's production set (case-insensitive; `prod`, `prd` alias `production`). */
export function isProduction(environment: string, productionEnvironments: readonly string[]): boolean {
  const wanted = normalize(environment);
  return productionEnvironments.some((env) => normalize(env) === wanted);
}
