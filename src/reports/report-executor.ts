import type { WorkFlow } from '../domain/metrics/compute-flow.js';
import type { PreviousWindow } from '../domain/metrics/compute-previous-window.js';
import type { WorkFlowRequest } from '../domain/metrics/work-flow.js';
import type { TenantId } from '../domain/tenant.js';
import type { Storage } from '../storage/storage.js';
import type { PreviousWindowRequest } from './load-previous-window.js';
import { loadWorkFlow } from './load-work-flow.js';

/**
 * Where the parts of a report that can be computed on their own are computed: in the asking thread,
 * or on report threads with their own handles on the store (the embedded store, `threads/`). Chosen
 * in the composition root.
 */
export interface ReportExecutor {
  /** For the start line: `in this thread`, `on 3 threads`. */
  readonly description: string;
  /** A report's work flow (`loadWorkFlow`). */
  workFlow(tenant: TenantId, request: WorkFlowRequest): Promise<WorkFlow>;
  /**
   * A report's previous window computed apart, from its own records (`loadPreviousWindow`), when
   * that is worth it; `undefined` otherwise, and the report reads it with its window (one read costs
   * less than a message when nothing would work alongside).
   */
  previousWindowApart(tenant: TenantId, request: PreviousWindowRequest): Promise<PreviousWindow> | undefined;
  close(): Promise<void>;
}

/** Every part in the asking thread; the previous window is read with the window. */
export function createInThreadExecutor(storage: Pick<Storage, 'events' | 'rollups'>): ReportExecutor {
  return {
    description: 'in this thread',
    workFlow: (tenant, request) => loadWorkFlow(storage, tenant, request),
    previousWindowApart: () => undefined,
    close: async () => {},
  };
}
