import { ProblemError } from '@shop/service-kit';
import { deadLettersLimit, deadLettersOrder, redriveIds } from './bus-admin-requests';

describe('redriveIds', () => {
  it.each([
    ['no body', undefined, undefined],
    ['an empty object', {}, undefined],
    ['string ids', { ids: ['5', '12'] }, ['5', '12']],
    ['number ids', { ids: [5, 12] }, ['5', '12']],
  ])('%s -> %p', (_case, body, expected) => {
    expect(redriveIds(body)).toEqual(expected);
  });

  it.each([
    ['ids as one string (used to mean all)', { ids: '5' }, 'ids'],
    ['ids null', { ids: null }, 'ids'],
    ['an empty list', { ids: [] }, 'ids'],
    ['a word', { ids: ['abc'] }, 'ids[0]'],
    ['zero', { ids: ['1', 0] }, 'ids[1]'],
    ['a fraction', { ids: [1.5] }, 'ids[0]'],
    ['a list as the body', ['5'], 'ids'],
  ])('refuses %s with 422', (_case, body, field) => {
    const error = (() => {
      try {
        redriveIds(body);
      } catch (caught) {
        return caught as ProblemError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ProblemError);
    expect(error!.status).toBe(422);
    expect(error!.errors?.map((entry) => entry.field)).toContain(field);
  });
});

describe('deadLettersLimit', () => {
  it.each([
    [undefined, 100],
    ['', 100],
    ['1', 1],
    ['1000', 1000],
  ])('%p -> %p', (raw, expected) => {
    expect(deadLettersLimit(raw)).toBe(expected);
  });

  it.each([['0'], ['1001'], ['ten'], ['-5'], ['2.5']])('refuses %p', (raw) => {
    expect(() => deadLettersLimit(raw)).toThrow(ProblemError);
  });
});

describe('deadLettersOrder', () => {
  it.each([
    [undefined, 'oldest'],
    ['', 'oldest'],
    ['oldest', 'oldest'],
    ['newest', 'newest'],
  ])('%p -> %p', (raw, expected) => {
    expect(deadLettersOrder(raw)).toBe(expected);
  });

  it.each(['NEWEST', 'latest', 'desc'])('refuses %p with 422 naming order', (raw) => {
    expect(() => deadLettersOrder(raw)).toThrow(expect.objectContaining({ status: 422 }));
  });
});
