import { validateEnvelope } from '@shop/contracts';
import { aggregateIds, contractViolation, interleavedWork, skuChanged } from './fixtures';

describe('conformance fixtures', () => {
  it('makes distinct aggregate ids whose events pass their contract', () => {
    const ids = aggregateIds(50);
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(() => validateEnvelope({ ...skuChanged(id), sequence: 1 })).not.toThrow();
  });

  it('makes a contract violation the validator refuses', () => {
    expect(() => validateEnvelope(contractViolation(aggregateIds(1)[0]))).toThrow(/priceCents/);
  });

  it.each([
    { aggregates: 1, perAggregate: 5 },
    { aggregates: 7, perAggregate: 3 },
    { aggregates: 3, perAggregate: 0 },
  ])('interleaves $perAggregate events of each of $aggregates aggregates', ({ aggregates, perAggregate }) => {
    const ids = aggregateIds(aggregates);
    const work = interleavedWork(ids, perAggregate);
    expect(work).toHaveLength(aggregates * perAggregate);
    for (const id of ids) expect(work.filter((item) => item === id)).toHaveLength(perAggregate);
  });
});
