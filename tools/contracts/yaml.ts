/**
 * A YAML emitter for JSON data (objects, arrays, strings, numbers, booleans, null), block style, two-space
 * indent. Strings that could read as anything but a string are written as JSON strings, which YAML parses as
 * double-quoted scalars, so every output parses back to the input. No dependency: the generated AsyncAPI file
 * must not change because a YAML library changed its formatting.
 */
export function toYaml(value: unknown): string {
  return `${block(value, 0).replace(/^\n/, '')}\n`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function block(value: unknown, indent: number): string {
  const json = value as Json;
  const pad = ' '.repeat(indent);
  if (Array.isArray(json)) {
    if (json.length === 0) return ' []';
    return json.map((item) => `\n${pad}-${isCollection(item) ? block(item, indent + 2).replace(/^\n */, ' ') : ` ${scalar(item)}`}`).join('');
  }
  if (json !== null && typeof json === 'object') {
    const entries = Object.entries(json);
    if (entries.length === 0) return ' {}';
    return entries.map(([key, item]) => `\n${pad}${scalar(key)}:${isCollection(item) ? block(item, indent + 2) : ` ${scalar(item)}`}`).join('');
  }
  return ` ${scalar(json)}`;
}

function isCollection(value: Json): boolean {
  return value !== null && typeof value === 'object' && (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0);
}

/** Plain when unambiguous: starts with a letter, `$`, `#`-free, no `: `, and not a YAML 1.1 boolean or null word. */
const PLAIN = /^[A-Za-z_$][A-Za-z0-9_$ .\/@()'+-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

function scalar(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  const plain = PLAIN.test(value) && !RESERVED.test(value) && value === value.trim() && !value.includes(' -');
  return plain ? value : JSON.stringify(value);
}
