import { toYaml } from './yaml';

describe('toYaml', () => {
  it('writes nested maps and lists in block style', () => {
    expect(toYaml({ asyncapi: '3.0.0', info: { title: 'Shop events', tags: [{ name: 'payment' }, { name: 'order', x: 1 }] }, list: ['a', 'b'], empty: {}, none: [] })).toBe(
      [
        'asyncapi: "3.0.0"',
        'info:',
        '  title: Shop events',
        '  tags:',
        '    - name: payment',
        '    - name: order',
        '      x: 1',
        'list:',
        '  - a',
        '  - b',
        'empty: {}',
        'none: []',
        '',
      ].join('\n'),
    );
  });

  it.each<[string, unknown, string]>([
    ['a plain word', 'payment', 'payment'],
    ['a dotted topic', 'shop.payment', 'shop.payment'],
    ['a $ref path', '#/components/messages/x', '"#/components/messages/x"'],
    ['a relative file', './schemas/a.v1.json', '"./schemas/a.v1.json"'],
    ['a version number', '3.0.0', '"3.0.0"'],
    ['a numeric string', '1', '"1"'],
    ['a YAML 1.1 boolean word', 'yes', '"yes"'],
    ['null as a string', 'null', '"null"'],
    ['a colon followed by a space', 'a: b', '"a: b"'],
    ['a comment marker', 'a #b', '"a #b"'],
    ['a leading space', ' a', '" a"'],
    ['a line break', 'a\nb', '"a\\nb"'],
    ['a regular expression', '^[A-Z]{3}$', '"^[A-Z]{3}$"'],
    ['an empty string', '', '""'],
    ['a number', 42, '42'],
    ['a boolean', false, 'false'],
    ['null', null, 'null'],
  ])('writes %s unambiguously', (_name, value, expected) => {
    expect(toYaml({ v: value })).toBe(`v: ${expected}\n`);
  });
});
