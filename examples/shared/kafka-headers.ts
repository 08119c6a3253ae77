import type { IHeaders } from 'kafkajs';

/** A header as text (kafkajs hands them over as Buffers, arrays or strings). */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/**
 * What the `type` and `version` headers announce, when the relay set them. They let a consumer skip events it
 * does not read without parsing the value; the envelope inside stays authoritative. Missing headers (another
 * relay, an older producer) mean "parse it to find out".
 */
export function announced(headers: IHeaders | undefined): { type?: string; version?: number } {
  const type = headerText(headers, 'type');
  const version = Number(headerText(headers, 'version'));
  return { ...(type ? { type } : {}), ...(Number.isInteger(version) && version > 0 ? { version } : {}) };
}

/** Exponential backoff for a retried call: 100 ms doubling up to 5 s. */
export function backoffMs(attempt: number): number {
  return Math.min(5_000, 100 * 2 ** Math.max(0, attempt - 1));
}
