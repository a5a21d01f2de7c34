import type { Tier } from '../domain/metrics/tiers.js';
import type { MetricGroup, MetricView, SummaryView } from './summary-view.js';

/** How a platform draws tiers and targets: Slack emoji codes or Unicode characters. */
export interface MetricIcons {
  readonly tier: Readonly<Record<Tier, string>>;
  readonly met: string;
  readonly missed: string;
  /** How a sparkline is set: Slack in a code span (monospace), Teams as is (cards have no inline code). */
  readonly sparkline: (bars: string) => string;
  /** How a metric line sits under its group's line. */
  readonly indent: string;
}

/** The grade as a line shows it (`🟢 Elite`, `8/10`), empty when there is none. */
const gradeText = (m: MetricView, icons: MetricIcons) =>
  !m.graded ? '' : m.tier ? `${icons.tier[m.tier]} ${m.grade}` : m.grade;

/** A group's line: `*Throughput*  6.7/10 · above the 2025 average of 6.0`. */
export const groupLine = (group: MetricGroup) => `*${group.name}*${group.score ? `  ${group.score}` : ''}`;

/** The groups' lines: each group's name and score, then its metrics' compact lines. */
export function groupedLines(view: SummaryView, icons: MetricIcons, withSparkline = false): string[] {
  return view.groups.flatMap((group) => [
    groupLine(group),
    ...view.metrics
      .filter((m) => group.keys.includes(m.key))
      .map((m) => `${icons.indent}${compactLine(m, icons, withSparkline)}`),
  ]);
}

/** A metric as two lines: value and tier, then trend, target and sparkline (empty when none). */
export function metricLines(m: MetricView, icons: MetricIcons): { headline: string; details: string } {
  const grade = `${gradeText(m, icons) || `_${m.grade}_`}${m.average ? ` (${m.average})` : ''}`;
  const trend = m.trend
    ? `${m.trend.arrow} ${m.trend.text} vs previous${m.trend.better === null ? '' : m.trend.better ? ' (better)' : ' (worse)'}`
    : '';
  const target = m.target ? `${m.target.met ? icons.met : icons.missed} target ${m.target.text}` : '';
  const spark = m.sparkline ? icons.sparkline(m.sparkline) : '';
  return {
    headline: `*${m.label}*  ${m.value}  ·  ${grade}`,
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
  const tier = gradeText(m, icons);
  const spark = withSparkline && m.sparkline ? icons.sparkline(m.sparkline) : '';
  return [`*${m.label}*  ${m.value}`, target, trend, tier, spark].filter(Boolean).join('  ·  ');
}
