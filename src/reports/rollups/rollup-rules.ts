import { RECORD_LAYOUT_VERSION } from '../../domain/record-kinds.js';
import { TEAM_DEFAULTS, type Team } from '../../domain/team.js';

/** The settings that change facts (what counts as production, the attribution window, the restore clock). */
type FactSettings = Pick<
  Team,
  'productionEnvironments' | 'productionPatterns' | 'attributionWindowSeconds' | 'restoreClock'
>;

/** The rules rollups are kept under: the defaults (whole-tenant and service reports, most teams). */
export const ROLLUP_SETTINGS = TEAM_DEFAULTS;

/** The rules of settings that change facts, as one comparable string. */
export function rulesOf(settings: FactSettings): string {
  return JSON.stringify([
    [...settings.productionEnvironments].sort(),
    [...(settings.productionPatterns ?? [])].sort(),
    settings.attributionWindowSeconds,
    settings.restoreClock,
  ]);
}

/**
 * What facts are and how they are stored: bumped when a rule of the engine or the stored layout
 * changes, so that rollups built by an earlier version are built again (2: with the work flow's facts).
 */
const FACTS_VERSION = 2;

/**
 * The rules of the rollups: a tenant's rollups built under other rules are built again. With the
 * records' layout: a store re-folded at open (work items given new derived fields) builds them again.
 */
export const ROLLUP_RULES = `${FACTS_VERSION}.${RECORD_LAYOUT_VERSION} ${rulesOf(ROLLUP_SETTINGS)}`;

/**
 * Whether a report with these settings can be assembled from rollups: a team whose settings change
 * what counts is computed from its events, exactly as before.
 */
export const rollupsServe = (settings: FactSettings): boolean =>
  rulesOf(settings) === rulesOf(ROLLUP_SETTINGS);
