import type { Report } from '../domain/metrics/compute-report.js';
import type { TenantId } from '../domain/tenant.js';
import { DEFAULT_TENANT, toTenantId } from '../domain/tenant.js';
import { createReports } from '../reports/create-reports.js';
import type { ReportRequest } from '../reports/resolve-report-request.js';
import type { CliIo } from './cli-command.js';
import { openCliStorage } from './open-cli-storage.js';

/** The options that say which report (`doraflow report`, `doraflow chart`), for `parseArgs`. */
export const REPORT_OPTIONS = {
  team: { type: 'string' },
  service: { type: 'string', multiple: true },
  period: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  tz: { type: 'string' },
  benchmark: { type: 'string' },
  tenant: { type: 'string' },
} as const;

export interface ReportOptionValues {
  readonly team?: string | undefined;
  readonly service?: string[] | undefined;
  readonly period?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly tz?: string | undefined;
  readonly benchmark?: string | undefined;
  readonly tenant?: string | undefined;
}

export const tenantOf = (values: ReportOptionValues): TenantId =>
  values.tenant ? toTenantId(values.tenant) : DEFAULT_TENANT;

/**
 * Builds the report the options ask for, from the local store (its parts in this thread: report
 * threads would cost more to start than they save for one report). `period` when none is given.
 */
export async function reportFromOptions(
  io: CliIo,
  values: ReportOptionValues,
  period?: string,
): Promise<Report> {
  const request: ReportRequest = {
    ...(values.team ? { team: values.team } : {}),
    ...(values.service ? { services: values.service } : {}),
    ...(values.period ? { period: values.period } : !values.from && period ? { period } : {}),
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
    ...(values.tz ? { tz: values.tz } : {}),
    ...(values.benchmark ? { benchmark: values.benchmark } : {}),
  };
  const storage = await openCliStorage(io);
  try {
    // A command that exits at once never starts building rollups (`doraflow rollups rebuild` does).
    return await createReports(storage, undefined, { buildRollups: false }).build(
      tenantOf(values),
      request,
      Date.now(),
    );
  } finally {
    await storage.close();
  }
}
