/** The server's answer to one posted event, as `doraflow send` tells it. */
export interface SendReplyText {
  /** Whether it went well (stdout, exit 0) or not (stderr, exit 1). */
  readonly ok: boolean;
  readonly text: string;
}

/** "deployment ci-7 of checkout", "incident INC-3 of checkout", "change 9f2c1e0 of checkout". */
function nameOf(event: Readonly<Record<string, unknown>>): string {
  const id = event.type === 'change' ? String(event.sha ?? '').slice(0, 12) : String(event.id ?? '');
  const service = typeof event.service === 'string' ? ` of ${event.service}` : '';
  return `${String(event.type)} ${id}${service}`;
}

/** The reply's body as JSON, or nothing when it is not JSON (a proxy's HTML page). */
function parsed(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One line for a person: what became of the event (stored, already stored, not stored and why), or
 * why the server refused it, with its status. The body is never printed whole: a proxy's page may
 * be long, and the server's own error names what to do in `message` and `hint`.
 */
export function describeSendReply(
  event: Readonly<Record<string, unknown>>,
  status: number,
  body: string,
): SendReplyText {
  const reply = parsed(body);
  const name = nameOf(event);
  if (status === 202 && typeof reply?.accepted === 'number') {
    const ignored = Array.isArray(reply.ignored) ? (reply.ignored as Array<{ reason?: unknown }>) : [];
    if (Number(reply.accepted) > 0) return { ok: true, text: `Stored ${name}.` };
    if (Number(reply.duplicates) > 0)
      return { ok: true, text: `Already stored: ${name} (sent before, nothing changed).` };
    const reason = ignored.map((entry) => String(entry.reason ?? '')).find(Boolean);
    return { ok: true, text: `Not stored: ${name}${reason ? ` (${reason})` : ''}.` };
  }
  const error = reply?.error as { message?: unknown; hint?: unknown } | undefined;
  // Each part a sentence of its own: "authentication failed. Send the configured token…".
  const said = [error?.message, error?.hint]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .map((part) => (/[.!?]$/.test(part) ? part : `${part}.`))
    .join(' ');
  return {
    ok: false,
    text: `doraflow send: the server refused ${name} (HTTP ${status})${said ? `: ${said}` : ''}`,
  };
}
