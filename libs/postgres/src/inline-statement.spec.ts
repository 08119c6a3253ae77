import { arrayLiteral, inlineStatement } from './inline-statement';

// pg's escapeLiteral, as a client has it: doubled quotes, and E'' with doubled backslashes when there are any.
const quote = {
  escapeLiteral(value: string): string {
    const hasBackslash = value.includes('\\');
    const body = value.replace(/'/g, "''").replace(/\\/g, '\\\\');
    return `${hasBackslash ? ' E' : ''}'${body}'`;
  },
};

describe('arrayLiteral', () => {
  it.each([
    ['empty', [], '{}'],
    ['ids', ['1', '22'], '{"1","22"}'],
    ['numbers', [1, 2.5], '{"1","2.5"}'],
    ['nulls', ['a', null, undefined], '{"a",NULL,NULL}'],
    ['quotes and backslashes', ['say "hi"', 'C:\\tmp'], '{"say \\"hi\\"","C:\\\\tmp"}'],
    ['commas and braces', ['a,b', '{x}'], '{"a,b","{x}"}'],
    ['dates', [new Date('2026-01-02T03:04:05.000Z')], '{"2026-01-02T03:04:05.000Z"}'],
    ['the word NULL', ['NULL'], '{"NULL"}'],
  ])('%s', (_case, values, expected) => {
    expect(arrayLiteral(values)).toBe(expected);
  });

  it('refuses nested arrays', () => {
    expect(() => arrayLiteral([['a']])).toThrow(/nested/);
  });
});

describe('inlineStatement', () => {
  it.each([
    ['strings and numbers quoted', 'SELECT $1::text, $2::int', ["it's", 7], "SELECT 'it''s'::text, '7'::int"],
    ['null and booleans', 'SELECT $1, $2, $3', [null, true, false], 'SELECT NULL, TRUE, FALSE'],
    ['$1 is not the start of $10', 'SELECT $10, $1', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], "SELECT 'j', 'a'"],
    ['an array', 'SELECT $1::bigint[]', [['1', '2']], `SELECT '{"1","2"}'::bigint[]`],
    ['JSON text', 'SELECT $1::jsonb', [JSON.stringify([{ a: "b'c" }])], `SELECT '[{"a":"b''c"}]'::jsonb`],
    ['an object as JSON', 'SELECT $1::jsonb', [{ a: 1 }], `SELECT '{"a":1}'::jsonb`],
    ['a date', 'SELECT $1::timestamptz', [new Date('2026-01-02T03:04:05.000Z')], "SELECT '2026-01-02T03:04:05.000Z'::timestamptz"],
    ['backslashes', 'SELECT $1', ['a\\b'], "SELECT  E'a\\\\b'"],
  ])('%s', (_case, text, values, expected) => {
    expect(inlineStatement({ text }, values, quote)).toBe(expected);
  });

  it.each([
    ['a missing value', 'SELECT $2', ['a'], /no value for \$2/],
    ['a number Postgres has no literal for', 'SELECT $1', [Number.NaN], /not a value/],
  ])('refuses %s', (_case, text, values, error) => {
    expect(() => inlineStatement({ text }, values, quote)).toThrow(error);
  });
});
