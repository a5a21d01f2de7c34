import { z } from 'zod';
import { DoraflowError } from '../../domain/doraflow-error.js';

/**
 * What every activity a Bot Framework channel sends carries (the Bot Framework Activity schema):
 * botbuilder reads these before doraflow's handlers run and fails with a TypeError without them.
 */
const ACTIVITY = z.object({
  type: z.string().min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversation: z.object({ id: z.string().min(1) }),
  from: z.object({ id: z.string().min(1) }),
});

/** `body` as an activity, or a 400 naming the first field that is missing or wrong. */
export function checkActivity(body: unknown): Record<string, unknown> {
  const checked = ACTIVITY.safeParse(body);
  if (!checked.success) {
    const path = checked.error.issues[0]?.path.join('.') || 'activity';
    throw new DoraflowError(
      'DORAFLOW_ERR_BAD_REQUEST',
      `not a Bot Framework activity: ${path} is missing or wrong`,
      {
        path,
      },
    );
  }
  return body as Record<string, unknown>;
}
