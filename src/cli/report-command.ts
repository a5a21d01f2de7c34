import { parseArgs } from 'node:util';
import { DEFAULT_TENANT, toTenantId } from '../domain/tenant.js';
import { buildSummaryView, reportPeriodLabel } from '../render/summary-view.js';
import { renderSummaryText } from '../render/terminal/render-summary-text.js';
import { createReports } from '../reports/create-reports.js';
import { type CliCommand, writeLine } from './cli-command.js';
import { openCliStorage } from './open-cli-storage.js';

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
        team: { type: 'string' },
        service: { type: 'string', multiple: true },
        period: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        tz: { type: 'string' },
        benchmark: { type: 'string' },
        tenant: { type: 'string' },
      },
    });
    if (values.help) {
      writeLine(io.stdout, this.usage);
      return 0;
    }
    const tenant = values.tenant ? toTenantId(values.tenant) : DEFAULT_TENANT;
    const storage = await openCliStorage(io);
    try {
      // One report: its parts in this thread (report threads would cost more to start than they save).
      const report = await createReports(storage).build(
        tenant,
        {
          ...(values.team ? { team: values.team } : {}),
          ...(values.service ? { services: values.service } : {}),
          ...(values.period ? { period: values.period } : {}),
          ...(values.from ? { from: values.from } : {}),
          ...(values.to ? { to: values.to } : {}),
          ...(values.tz ? { tz: values.tz } : {}),
          ...(values.benchmark ? { benchmark: values.benchmark } : {}),
        },
        Date.now(),
      );
      if (values.json) {
        writeLine(io.stdout, JSON.stringify(report, null, 2));
      } else {
        const scope = values.team ?? (values.service ? values.service.join(', ') : `tenant ${tenant}`);
        const period = reportPeriodLabel(report, values.from ? undefined : (values.period ?? '30d'));
        writeLine(io.stdout, renderSummaryText(buildSummaryView(report, scope, period), report.flow.stuck));
      }
    } finally {
      await storage.close();
    }
    return 0;
  },
};
