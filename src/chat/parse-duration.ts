/** A duration like `90s`, `15m`, `36h`, `2d`, `1w` in seconds, or `undefined` if it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? '').toLowerCase();
  const factor = { s: 1, m: 60, min: 60, h: 3600, d: 86_400, w: 604_800 }[unit] ?? 0;
  return Math.round(Number(match[1]) * factor);
}
