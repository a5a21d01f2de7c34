import { z } from 'zod';
import {
  type Attributes,
  DEPLOYMENT_KINDS,
  DEPLOYMENT_STATUSES,
  DEPLOYMENT_TRIGGERS,
  type DoraEvent,
  INCIDENT_STATUSES,
  REMEDIATION_DEPLOYS,
  REMEDIATION_KINDS,
  WORK_ITEM_KINDS,
} from './dora-event.js';
import { DoraflowError } from './doraflow-error.js';
import { ownValue } from './own-value.js';
import { isRealDate } from './real-date.js';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO 8601 timestamp with `Z` or an offset, turned into epoch milliseconds. */
const instant = z
  .string()
  .regex(ISO_WITH_OFFSET, 'must be an ISO 8601 timestamp with Z or an offset')
  .transform((value, ctx) => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms) || !isRealDate(value)) {
      ctx.addIssue({ code: 'custom', message: 'is not a real date (a day of a year from 1970 to 9999)' });
      return z.NEVER;
    }
    return ms;
  });

/** A UTF-16 surrogate without its pair: not Unicode, and no store could give it back unchanged. */
const LONE_SURROGATE = /\p{Cs}/u;
/**
 * Characters that make two names look alike or reorder what is shown: C0 and C1 controls, and the
 * invisible and bidirectional formatting characters (zero-width space, BOM, LRE…RLO, LRI…PDI). The
 * zero-width joiner stays (emoji sequences use it).
 */
const isControl = (code: number) =>
  code < 0x20 ||
  (code >= 0x7f && code <= 0x9f) ||
  code === 0x200b ||
  code === 0xfeff ||
  (code >= 0x202a && code <= 0x202e) ||
  (code >= 0x2066 && code <= 0x2069);
const isLineSpace = (code: number) => code === 0x09 || code === 0x0a || code === 0x0d;

/** Unicode's noncharacters (U+FFFF, U+10FFFF, ...): never text. */
const NONCHARACTER = /\p{Noncharacter_Code_Point}/u;

/**
 * A string field: trimmed, not empty, valid Unicode. Names (ids, services, SHAs, stages, …) carry no
 * control characters, so two names never differ only by invisible ones (and a record key, which joins
 * names with U+001F, stays unambiguous); prose (a title) may have tabs and line breaks.
 */
const text = (max: number, kind: 'name' | 'prose' = 'name') =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !LONE_SURROGATE.test(value), 'is not valid Unicode (a lone surrogate)')
    // Noncharacters are never text; the last one bounds every key prefix in storage (KEY_END).
    .refine((value) => !NONCHARACTER.test(value), 'must not contain Unicode noncharacters (such as U+FFFF)')
    .refine(
      (value) => {
        for (let i = 0; i < value.length; i += 1) {
          const code = value.charCodeAt(i);
          if (isControl(code) && !(kind === 'prose' && isLineSpace(code))) return false;
        }
        return true;
      },
      kind === 'name'
        ? 'must not contain control characters'
        : 'must not contain control characters other than tabs and line breaks',
    );
const id = text(256);

/** A name given outside an event (a team's): the same rules as the names events carry. */
export const NAME_SCHEMA = text(100);

const commit = z.object({ sha: text(64), committedAt: instant, authoredAt: instant.optional() });

const deployment = z.object({
  type: z.literal('deployment'),
  id,
  service: text(200),
  environment: text(100).default('production'),
  status: z.enum(DEPLOYMENT_STATUSES).default('success'),
  startedAt: instant.optional(),
  finishedAt: instant,
  commits: z.array(commit).max(10_000).optional(),
  headSha: text(64).optional(),
  version: text(200).optional(),
  url: text(3000).optional(),
  trigger: z.enum(DEPLOYMENT_TRIGGERS).default('pipeline'),
  // No default: a deployment without a kind may be detected as a rollback by its version (v2).
  kind: z.enum(DEPLOYMENT_KINDS).optional(),
});

const cause = z.union([
  z.object({ deploymentId: id }).strict(),
  z.object({ sha: text(64) }).strict(),
  z.object({ changeRelated: z.literal(false) }).strict(),
]);

const remediation = z
  .object({ kind: z.enum(REMEDIATION_KINDS), deploymentId: id.optional() })
  .strict()
  .refine((r) => !REMEDIATION_DEPLOYS.has(r.kind) || r.deploymentId !== undefined, {
    message: 'is required: rollback, hotfix and fix_forward name the deployment that did it',
    path: ['deploymentId'],
  })
  .refine((r) => REMEDIATION_DEPLOYS.has(r.kind) || r.deploymentId === undefined, {
    message: 'must be absent: config_change and no_deploy name no deployment',
    path: ['deploymentId'],
  });

const incident = z.object({
  type: z.literal('incident'),
  id,
  status: z.enum(INCIDENT_STATUSES),
  at: instant,
  service: text(200).optional(),
  title: text(500, 'prose').optional(),
  severity: text(50).optional(),
  url: text(3000).optional(),
  by: text(200).optional(),
  causedBy: cause.optional(),
  remediation: remediation.optional(),
});

const workItem = z.object({
  type: z.literal('work_item'),
  id,
  stage: text(100),
  at: instant,
  team: text(100).optional(),
  title: text(500, 'prose').optional(),
  kind: z.enum(WORK_ITEM_KINDS).optional(),
  url: text(3000).optional(),
  assignee: text(200).optional(),
});

const change = z.object({
  type: z.literal('change'),
  service: text(200),
  sha: text(64),
  committedAt: instant,
  mergedAt: instant.optional(),
  pushedAt: instant.optional(),
  pullRequest: z.union([text(100), z.number().int().transform(String)]).optional(),
  branch: text(300).optional(),
  openedAt: instant.optional(),
  firstReviewAt: instant.optional(),
  authoredAt: instant.optional(),
});

const pullRequest = z.object({
  type: z.literal('pull_request'),
  service: text(200),
  id: z.union([text(100), z.number().int().transform(String)]),
  openedAt: instant.optional(),
  firstReviewAt: instant.optional(),
  mergedAt: instant.optional(),
  authoredAt: instant.optional(),
});

const SCHEMAS = { deployment, incident, work_item: workItem, change, pull_request: pullRequest } as const;
const KNOWN_FIELDS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries(SCHEMAS).map(([type, schema]) => [
    type,
    new Set([...Object.keys(schema.shape), 'attributes']),
  ]),
);

function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops keys whose value is undefined so records compare and serialize the same everywhere. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Validates one raw event (already JSON-parsed) and returns it normalized, or throws
 * `DORAFLOW_ERR_BAD_EVENT` naming the path of the first bad field. `pathPrefix` locates the event in
 * its batch (for example `[3]`).
 */
export function parseDoraEvent(raw: unknown, pathPrefix = ''): DoraEvent {
  if (!isPlainObject(raw)) {
    throw new DoraflowError('DORAFLOW_ERR_BAD_EVENT', 'an event must be a JSON object', {
      path: pathPrefix || '$',
    });
  }
  const type = raw.type;
  if (typeof type !== 'string' || !Object.hasOwn(SCHEMAS, type)) {
    throw new DoraflowError(
      'DORAFLOW_ERR_BAD_EVENT',
      `type must be one of ${Object.keys(SCHEMAS).join(', ')}`,
      { path: formatPath(pathPrefix, ['type']) },
    );
  }
  const schema = SCHEMAS[type as keyof typeof SCHEMAS];
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = formatPath(pathPrefix, issue?.path ?? []);
    const missing = valueAt(raw, issue?.path ?? []) === undefined;
    // A custom rule's own words say why (`rollback ... names the deployment`), even for a missing field.
    const message =
      missing && issue?.code !== 'custom'
        ? 'is required'
        : issue?.code === 'invalid_value'
          ? `must be one of ${issue.values.map(String).join(', ')}`
          : issue?.message;
    throw new DoraflowError('DORAFLOW_ERR_BAD_EVENT', `${path || '$'} ${message ?? 'is invalid'}`, { path });
  }
  const known = ownValue(KNOWN_FIELDS, type) ?? new Set<string>();
  const extra = Object.entries(raw).filter(([key]) => !known.has(key));
  const given = isPlainObject(raw.attributes) ? raw.attributes : {};
  const attributes: Attributes = { ...given, ...Object.fromEntries(extra) };
  checkAttributes(attributes, formatPath(pathPrefix, ['attributes']));
  const event = withoutUndefined({
    ...result.data,
    attributes: Object.keys(attributes).length ? attributes : undefined,
  });
  return event as DoraEvent;
}

/**
 * How deep and how large an event's free-form attributes may be: every store keeps them inside a
 * record (MongoDB refuses documents nested over 100 levels), so deeper or larger ones are refused
 * here, before anything of the request is stored.
 */
export const ATTRIBUTE_LIMITS = { depth: 32, bytes: 64 * 1024 } as const;

function checkAttributes(attributes: Attributes, path: string): void {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [
    { value: attributes, depth: 1, path },
  ];
  while (stack.length) {
    const { value, depth, path: at } = stack.pop() as { value: unknown; depth: number; path: string };
    if (value === null || typeof value !== 'object') continue;
    if (depth > ATTRIBUTE_LIMITS.depth)
      throw new DoraflowError(
        'DORAFLOW_ERR_BAD_EVENT',
        `${at} nests deeper than ${ATTRIBUTE_LIMITS.depth} levels`,
        { path: at },
      );
    for (const [key, child] of Object.entries(value)) {
      const childPath = Array.isArray(value) ? `${at}[${key}]` : `${at}.${key}`;
      if (LONE_SURROGATE.test(key) || (typeof child === 'string' && LONE_SURROGATE.test(child)))
        throw new DoraflowError(
          'DORAFLOW_ERR_BAD_EVENT',
          `${childPath} is not valid Unicode (a lone surrogate)`,
          {
            path: childPath,
          },
        );
      stack.push({
        value: child,
        depth: depth + 1,
        path: childPath,
      });
    }
  }
  if (new TextEncoder().encode(JSON.stringify(attributes)).length > ATTRIBUTE_LIMITS.bytes)
    throw new DoraflowError(
      'DORAFLOW_ERR_BAD_EVENT',
      `${path} is larger than ${ATTRIBUTE_LIMITS.bytes / 1024} KB`,
      { path },
    );
}
