/** A mistyped or missing option (node:util parseArgs) as one line; `undefined` for any other error. */
export function usageMistake(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return undefined;
  // parseArgs appends advice about `--` that confuses more than it helps.
  return (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
}
