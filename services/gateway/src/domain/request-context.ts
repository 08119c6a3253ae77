/**
 * Correlation and trace context the gateway passes to every service it calls (INTERNAL-API.md): `x-request-id`
 * (the correlation id of every event the request causes) and a W3C `traceparent`.
 */

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The traceparent for calls the gateway makes: the caller's trace continued with the gateway's span id, or a new
 * sampled trace when the caller sent none or an invalid one. `spanId` is 16 hex characters, `newTraceId` 32.
 */
export function childTraceparent(incoming: string | undefined, spanId: string, newTraceId: string): string {
  const match = incoming === undefined ? null : TRACEPARENT.exec(incoming.trim());
  if (match && match[1] !== 'ff' && !/^0+$/.test(match[2]) && !/^0+$/.test(match[3])) return `00-${match[2]}-${spanId}-${match[4]}`;
  return `00-${newTraceId}-${spanId}-01`;
}

/** Appends a query string, leaving out absent values; lists are sent comma-separated, cursors exactly as issued. */
export function withQuery(path: string, query: Record<string, string | number | readonly string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
