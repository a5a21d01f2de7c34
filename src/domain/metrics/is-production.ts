import ret, { type Token, types } from 'ret';
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

// `ret` is CommonJS whose `module.exports` is the tokenizer (its types say `default`).
const tokenizer: typeof ret.default = typeof ret === 'function' ? ret : ret.default;

/** The longest production pattern a team may set. */
const MAX_PATTERN = 200;
/** At most this many repetitions (`*`, `+`, `?`, `{m,n}`) in a pattern: matching stays polynomial and small. */
const MAX_REPETITIONS = 3;

/**
 * What is wrong with a production pattern, or `undefined` when it is fine. Patterns run against
 * every environment name a report or an incident card meets, so one that could take exponential time
 * (a repeated group such as `(a|aa)*`, a back-reference) or too many repetitions is refused.
 */
export function productionPatternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN) return `a production pattern is at most ${MAX_PATTERN} characters`;
  try {
    new RegExp(pattern);
  } catch {
    return `"${pattern}" is not a regular expression (e.g. prod-.* or live|eu-live)`;
  }
  let repetitions = 0;
  let risky = false;
  const walk = (tokens: readonly Token[]): void => {
    for (const token of tokens) {
      if (token.type === types.REPETITION) {
        repetitions += 1;
        if (token.value.type === types.GROUP || token.value.type === types.REPETITION) risky = true;
        walk([token.value]);
      } else if (token.type === types.GROUP) {
        walk(token.stack ?? []);
        for (const option of token.options ?? []) walk(option);
      } else if (token.type === types.REFERENCE) risky = true;
    }
  };
  const root = tokenizer(pattern);
  walk(root.stack ?? []);
  for (const option of root.options ?? []) walk(option);
  if (risky)
    return `"${pattern}" repeats a group or refers back to one, which can take very long to match; list the names instead (e.g. prod-eu|prod-us)`;
  if (repetitions > MAX_REPETITIONS)
    return `"${pattern}" has more than ${MAX_REPETITIONS} repetitions (*, +, ?, {n}); simplify it`;
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
