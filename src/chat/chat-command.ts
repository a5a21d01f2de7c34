import type { Benchmark } from '../domain/metrics/tiers.js';
import type { StageType } from '../domain/team.js';

/** The window a question is about: a period, or two dates. */
export type PeriodSpec =
  | { readonly period: '7d' | '30d' | '90d' }
  | { readonly from: string; readonly to: string };

/** A change to one team setting (`dora team set <team> <setting> <value>`). */
export type TeamSetting =
  | { readonly key: 'services'; readonly services: readonly string[] }
  | { readonly key: 'timezone'; readonly timezone: string }
  | {
      readonly key: 'stages';
      readonly stages: ReadonlyArray<{ readonly name: string; readonly type: StageType }>;
    }
  | { readonly key: 'threshold'; readonly stage: string; readonly seconds: number }
  | { readonly key: 'attribution'; readonly seconds: number }
  | { readonly key: 'restore-clock'; readonly clock: 'acknowledged' | 'triggered' }
  | { readonly key: 'restore-metric'; readonly metric: 'restore' | 'recovery' }
  | {
      readonly key: 'target';
      readonly target: 'deploys' | 'lead-time' | 'change-failure-rate' | 'time-to-restore';
      readonly value: number;
    }
  | { readonly key: 'benchmark'; readonly benchmark: Benchmark }
  | { readonly key: 'jira'; readonly projects: readonly string[] }
  | { readonly key: 'reminder'; readonly minutes: number }
  | { readonly key: 'escalation'; readonly group: string | null }
  | { readonly key: 'production'; readonly patterns: readonly string[] };

/** Every command of `/dora` (Slack) and `dora` (Teams), parsed. */
export type ChatCommand =
  | {
      readonly kind: 'summary';
      readonly target?: string;
      readonly window: PeriodSpec;
      /** `details`: every key with provenance, and the flow lines. */
      readonly details?: boolean;
      /** The command the target resembles, in case it is neither a team nor a service (a typo). */
      readonly didYouMean?: string;
    }
  | { readonly kind: 'deploys'; readonly target?: string; readonly window: PeriodSpec }
  | { readonly kind: 'incidents'; readonly open: boolean; readonly target?: string }
  | { readonly kind: 'flow'; readonly target?: string; readonly window: PeriodSpec }
  | { readonly kind: 'lead-time'; readonly target?: string; readonly window: PeriodSpec }
  | { readonly kind: 'charts'; readonly target?: string; readonly window: PeriodSpec }
  | { readonly kind: 'stuck'; readonly target?: string }
  | { readonly kind: 'team-add'; readonly name: string; readonly services: readonly string[] }
  | { readonly kind: 'team-set'; readonly name: string; readonly setting: TeamSetting }
  | { readonly kind: 'team-show'; readonly name?: string }
  | { readonly kind: 'link'; readonly team: string }
  | { readonly kind: 'unlink' }
  | {
      readonly kind: 'subscribe';
      readonly dayOfWeek: number;
      readonly time: string;
      readonly timezone?: string;
    }
  | { readonly kind: 'unsubscribe' }
  | { readonly kind: 'subscriptions' }
  | { readonly kind: 'incident-declare'; readonly service: string; readonly title: string }
  | { readonly kind: 'ack'; readonly id: string }
  | { readonly kind: 'mitigate'; readonly id: string }
  | { readonly kind: 'resolve'; readonly id: string }
  | { readonly kind: 'setup' }
  | { readonly kind: 'help'; readonly topic?: string }
  | { readonly kind: 'invalid'; readonly message: string; readonly suggestion?: string };

/** Commands that change configuration: workspace admins (or configured users) only. */
export const ADMIN_COMMANDS: ReadonlySet<ChatCommand['kind']> = new Set([
  'team-add',
  'team-set',
  'link',
  'unlink',
  'subscribe',
  'unsubscribe',
  'setup',
]);
