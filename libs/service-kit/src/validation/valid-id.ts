import type { PipeTransform } from '@nestjs/common';
import { problems } from '../problem';

const MAX_BIGINT = 2n ** 63n - 1n;

/** Whether `text` is an id the database can hold: a positive bigint, written without sign or leading zeros. */
export function isId(text: string | undefined): text is string {
  return text !== undefined && /^[1-9]\d{0,18}$/.test(text) && BigInt(text) <= MAX_BIGINT;
}

/**
 * `@Param('id', new ValidId('order'))`: a path id that no row can have is a 404, as the gateway answers, rather
 * than a bigint cast error from Postgres (a 500) for a caller that skips the gateway.
 */
export class ValidId implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (!isId(value)) throw problems.notFound(`${this.what} ${value}`);
    return value;
  }
}
