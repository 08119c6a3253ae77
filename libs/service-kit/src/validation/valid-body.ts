import type { PipeTransform } from '@nestjs/common';
import { problems } from '../problem';
import { Schema, validate } from './schema';

/**
 * `@Body(new ValidBody(schema))`: the body as the schema normalises it, or a 422 naming every bad field, the same
 * answer the gateway gives. Internal APIs use it so a caller other than the gateway cannot reach the database with
 * a body it would refuse (a missing field used to surface as a NOT NULL violation, a 500).
 */
export class ValidBody<T> implements PipeTransform<unknown, T> {
  /** `optional`: a request without a body is taken as `{}` (cancel). */
  constructor(
    private readonly schema: Schema<T>,
    private readonly options: { optional?: boolean } = {},
  ) {}

  transform(value: unknown): T {
    const parsed = validate(this.schema, value === undefined && this.options.optional ? {} : value);
    if (!parsed.ok) throw problems.validation(parsed.errors);
    return parsed.value;
  }
}
