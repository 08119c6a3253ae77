import type { PipeTransform } from '@nestjs/common';
import { problems } from '../problem';
import { isId } from './schema';

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
