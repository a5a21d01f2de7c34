/** The media type of a Content-Type header, lower-cased, without parameters (`''` when absent). */
export function contentTypeOf(value: string | undefined): string {
  return (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
