import { MAX_FIELD_ERRORS, problems } from './problem';

describe('problems.validation', () => {
  const errors = (n: number) => Array.from({ length: n }, (_, index) => ({ field: `f${index}`, message: 'is not a known field' }));
  it.each([
    [1, 1, 'The request has invalid fields; see errors.'],
    [MAX_FIELD_ERRORS, MAX_FIELD_ERRORS, 'The request has invalid fields; see errors.'],
    [60_000, MAX_FIELD_ERRORS, `The request has invalid fields; see errors. (the first ${MAX_FIELD_ERRORS} of 60000 are listed)`],
  ])('%p field errors: lists %p', (given, listed, detail) => {
    const problem = problems.validation(errors(given));
    expect(problem.status).toBe(422);
    expect(problem.errors).toHaveLength(listed);
    expect(problem.errors?.[0]).toEqual({ field: 'f0', message: 'is not a known field' });
    expect(problem.message).toBe(detail);
  });
});
