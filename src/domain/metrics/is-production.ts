const ALIASES: Record<string, string> = { prod: 'production', prd: 'production' };

const normalize = (environment: string) => {
  const lower = environment.trim().toLowerCase();
  return ALIASES[lower] ?? lower;
};

/**
 * Whether an environment is in the team's production set (case-insensitive; `prod`, `prd` alias
 * `production`), for one production set, remembering each environment name's answer (for many deployments).
 */
export function productionTest(productionEnvironments: readonly string[]): (environment: string) => boolean {
  const wanted = new Set(productionEnvironments.map(normalize));
  const answers = new Map<string, boolean>();
  return (environment) => {
    let answer = answers.get(environment);
    if (answer === undefined) {
      answer = wanted.has(normalize(environment));
      answers.set(environment, answer);
    }
    return answer;
  };
}
