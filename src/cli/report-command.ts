import { parseArgs } from 'node:util';
import { buildSummaryView, reportPeriodLabel } from '../render/summary-view.js';
import { renderSummaryText } from '../render/terminal/render-summary-text.js';
import { type CliCommand, writeLine } from './cli-command.js';
import { REPORT_OPTIONS, reportFromOptions, tenantOf } from './report-options.js';

export const reportCommand: CliCommand = {
  name: 'report',
  usage: `Usage: doraflow report [--json] [--team T | --service S ...] [--period 7d|30d|90d | --from D --to D]
                       [--tz Zone] [--benchmark 2025|2023|2021] [--tenant T]

Computes the report from stored events (docs/metrics.md). Without --json: a readable table with scores (or tiers),
trends against the previous period, weekly sparklines, targets and where each number comes from.
With --json: the documented report JSON (docs/report.schema.json), as GET /api/v1/report returns it.

Options:
  --team T         a team's services, timezone and settings
  --service S      only this service (repeatable)
  --period P       7d, 30d (default) or 90d: the days up to now
  --from D --to D  YYYY-MM-DD (local midnight) or ISO 8601 times
  --tz Zone        IANA timezone (default: the team's, else UTC)
  --benchmark Y    2025: DORA 2025 scores 0–10 (default); 2023 or 2021: tiers
  --tenant T       tenant (default: default)`,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        help: { type: 'boolean', short: 'h' },
        json: { type: 'boolean' },
        ...REPORT_OPTIONS,
      },
    });
    if (values.help) {
      writeLine(io.stdout, this.usage);
      return 0;
    }
    const report = await reportFromOptions(io, values);
    if (values.json) {
      writeLine(io.stdout, JSON.stringify(report, null, 2));
    } else {
      const scope =
        values.team ?? (values.service ? values.service.join(', ') : `tenant ${tenantOf(values)}`);
      const period = reportPeriodLabel(report, values.from ? undefined : (values.period ?? '30d'));
      writeLine(io.stdout, renderSummaryText(buildSummaryView(report, scope, period), report.flow.stuck));
    }
    return 0;
  },
};
