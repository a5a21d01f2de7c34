import safeRegex from 'safe-regex2';
import type { Team } from '../team.js';

const ALIASES: Record<string, string> = { prod: 'production', prd: 'production' };

const normalize = (environment: string) => {
  const lower = environment.trim().toLowerCase();
  return ALIASES[lower] ?? lower;
};

/** What decides which environments are production: names and, beside them, patterns (metrics v2). */
export type ProductionSettings = Pick<Team, 'productionEnvironments' | 'productionPatterns'>;

/**
 * A production pattern as a regular expression: it must match the whole environment name, ignoring
 * case. Throws a `SyntaxError` for a pattern that is not one.
 */
export const productionPattern = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`, 'i');

/** The longest production pattern a team may set. */
const MAX_PATTERN = 200;

/**
 * What is wrong with a production pattern, or `undefined` when it is fine: too long, not a regular
 * expression, or one that may take exponential time to match (nested quantifiers such as `(a+)+`).
 */
export function productionPatternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN) return `a production pattern is at most ${MAX_PATTERN} characters`;
  try {
    productionPattern(pattern);
  } catch {
    return `"${pattern}" is not a regular expression (e.g. prod-.* or live|eu-live)`;
  }
  if (!safeRegex(pattern))
    return `"${pattern}" could take very long to match (a repeated group that repeats, like (a+)+); simplify it`;
  return undefined;
}

/**
 * Whether an environment is production for a team: one of its production names (case-insensitive;
 * `prod`, `prd` alias `production`) or matched whole by one of its patterns. Remembers each
 * environment name's answer (for many deployments).
 */
export function productionTest(settings: ProductionSettings): (environment: string) => boolean {
  const wanted = new Set(settings.productionEnvironments.map(normalize));
  const patterns = (settings.productionPatterns ?? []).map(productionPattern);
  const answers = new Map<string, boolean>();
  return (environment) => {
    let answer = answers.get(environment);
    if (answer === undefined) {
      answer = wanted.has(normalize(environment)) || patterns.some((p) => p.test(environment.trim()));
      answers.set(environment, answer);
    }
    return answer;
  };
}
