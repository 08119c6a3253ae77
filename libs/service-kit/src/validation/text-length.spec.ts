import { characterCount, scalarRecord, text, validate } from './schema';

// JSON Schema's maxLength and Postgres's varchar count code points; UTF-16 units would refuse 128 emoji as 256.
describe('text lengths in characters', () => {
  it.each([
    ['ASCII', 'abc', 3],
    ['an emoji (a surrogate pair)', '😀', 1],
    ['a CJK Extension B character', '𠀀', 1],
    ['combining marks count as their own code points', 'e\u0301', 2],
    ['an empty string', '', 0],
  ])('counts %s', (_what, value, count) => {
    expect(characterCount(value)).toBe(count);
  });

  const name = text({ max: 255 });
  it.each([
    ['255 emoji', '😀'.repeat(255), true],
    ['256 emoji', '😀'.repeat(256), false],
    ['200 CJK Extension B characters', '𠀀'.repeat(200), true],
    ['255 ASCII characters', 'a'.repeat(255), true],
    ['256 ASCII characters', 'a'.repeat(256), false],
  ])('a 255-character field takes %s: %s', (_what, value, ok) => {
    expect(validate(name, value).ok).toBe(ok);
  });

  const attributes = scalarRecord({ maxKeys: 5, keyMax: 3, valueMax: 4 });
  it.each([
    ['a key of 3 emoji', { '😀😀😀': 'x' }, true],
    ['a key of 4 emoji', { '😀😀😀😀': 'x' }, false],
    ['a value of 4 emoji', { k: '😀😀😀😀' }, true],
    ['a value of 5 emoji', { k: '😀😀😀😀😀' }, false],
  ])('attributes take %s: %s', (_what, value, ok) => {
    expect(validate(attributes, value).ok).toBe(ok);
  });
});
