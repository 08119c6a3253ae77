import { EventEnvelope, validateEnvelope } from '@shop/contracts';
import { ProjectionSpec, applies } from '../application/projection-catalog';

/**
 * Decides, per projection, whether a logged event is applied, with the live consumer's rules: only the
 * subscribed type and version, and only if the envelope passes its contract (the consumer dead-letters one that
 * does not, so a replay must skip it too or the rebuilt table would differ from the live one).
 */
export class EventFilter {
  rejected = 0;

  /** The projections among `specs` that apply `envelope`; empty when none does or it is invalid. */
  projectionsFor(specs: readonly ProjectionSpec[], envelope: EventEnvelope): ProjectionSpec[] {
    const interested = specs.filter((spec) => applies(spec, envelope));
    if (interested.length === 0) return interested;
    try {
      validateEnvelope(envelope);
      return interested;
    } catch {
      this.rejected++;
      return [];
    }
  }
}
