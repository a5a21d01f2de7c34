import type {
  ChangeEvent,
  DeploymentEvent,
  DeploymentKind,
  IncidentEvent,
  WorkItemEvent,
} from '../../src/domain/dora-event.js';

export const at = (iso: string): number => Date.parse(iso);

/** A deployment (`planned` unless told; `kind: undefined` for one sent without a kind). */
export function deployment(
  overrides: Omit<Partial<DeploymentEvent>, 'kind'> & { id: string; kind?: DeploymentKind | undefined },
): DeploymentEvent {
  const { kind, ...rest } = { kind: 'planned' as DeploymentKind | undefined, ...overrides };
  return {
    type: 'deployment',
    service: 'checkout',
    environment: 'production',
    status: 'success',
    finishedAt: at('2026-11-02T10:04:00Z'),
    trigger: 'pipeline',
    ...(kind ? { kind } : {}),
    ...rest,
  };
}

export function incident(
  overrides: Partial<IncidentEvent> & { id: string; status: IncidentEvent['status']; at: number },
): IncidentEvent {
  return { type: 'incident', ...overrides };
}

export function workItem(
  overrides: Partial<WorkItemEvent> & { id: string; stage: string; at: number },
): WorkItemEvent {
  return { type: 'work_item', ...overrides };
}

export function change(overrides: Partial<ChangeEvent> & { sha: string }): ChangeEvent {
  return { type: 'change', service: 'checkout', committedAt: at('2026-11-01T16:20:00Z'), ...overrides };
}
