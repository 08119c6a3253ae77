import { ProblemError } from '../problem';
import { isId } from './schema';
import { ValidId } from './valid-id';

describe('isId', () => {
  it.each([
    ['1', true],
    ['42', true],
    ['9223372036854775807', true],
    ['9223372036854775808', false],
    ['0', false],
    ['007', false],
    ['-1', false],
    ['1.5', false],
    ['abc', false],
    ['', false],
    [undefined, false],
  ])('%p -> %p', (text, expected) => {
    expect(isId(text)).toBe(expected);
  });
});

describe('ValidId', () => {
  it('passes an id through and answers 404 naming what was asked for otherwise', () => {
    expect(new ValidId('order').transform('12')).toBe('12');
    expect(() => new ValidId('order').transform('abc')).toThrow(new ProblemError(404, 'not-found', 'order abc was not found'));
  });
});
