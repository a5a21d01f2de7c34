import type { Tier } from '../domain/metrics/tiers.js';
import type { MetricView } from './summary-view.js';

/** How a platform draws tiers and targets: Slack emoji codes or Unicode characters. */
export interface MetricIcons {
  readonly tier: Readonly<Record<Tier, string>>;
  readonly met: string;
  readonly missed: string;
  /** How a sparkline is set: Slack in a code span (monospace), Teams as is (cards have no inline code). */
  readonly sparkline: (bars: string) => string;
}

/** A metric as two lines: value and tier, then trend, target and sparkline (empty when none). */
export function metricLines(m: MetricView, icons: MetricIcons): { headline: string; details: string } {
  const tier = m.tier ? `${icons.tier[m.tier]} ${m.tierLabel}` : `_${m.tierLabel}_`;
  const trend = m.trend
    ? `${m.trend.arrow} ${m.trend.text} vs previous${m.trend.better === null ? '' : m.trend.better ? ' (better)' : ' (worse)'}`
    : '';
  const target = m.target ? `${m.target.met ? icons.met : icons.missed} target ${m.target.text}` : '';
  const spark = m.sparkline ? icons.sparkline(m.sparkline) : '';
  return {
    headline: `*${m.label}*  ${m.value}  ·  ${tier}`,
    details: [trend, target, spark].filter(Boolean).join('  ·  '),
  };
}

/**
 * A metric as one glanceable line: value, target met or missed, trend and tier
 * (`*Lead time*  15h 6m median · ❌ under 1 hour · ↓ -7h 2m · Elite`), and its sparkline when asked
 * (the digest's 12 weeks).
 */
export function compactLine(m: MetricView, icons: MetricIcons, withSparkline = false): string {
  const target = m.target ? `${m.target.met ? icons.met : icons.missed} ${m.target.text}` : '';
  const trend = m.trend ? `${m.trend.arrow} ${m.trend.text}` : '';
  const tier = m.tier ? `${icons.tier[m.tier]} ${m.tierLabel}` : '';
  const spark = withSparkline && m.sparkline ? icons.sparkline(m.sparkline) : '';
  return [`*${m.label}*  ${m.value}`, target, trend, tier, spark].filter(Boolean).join('  ·  ');
}
