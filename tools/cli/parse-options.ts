import { UsageError } from './usage-error';

/** What one `--name` accepts. Integers default to min 1: most are counts or durations, where 0 means nothing. */
export type OptionDef =
  | { readonly type: 'flag' }
  | { readonly type: 'string'; readonly choices?: readonly string[] }
  | { readonly type: 'integer'; readonly min?: number; readonly max?: number }
  | { readonly type: 'number'; readonly min?: number; readonly exclusiveMin?: boolean };

export type OptionSpec = Readonly<Record<string, OptionDef>>;

type ValueOf<D> = D extends { type: 'flag' }
  ? boolean
  : D extends { type: 'integer' | 'number' }
    ? number
    : D extends { choices: readonly (infer C)[] }
      ? C
      : string;

/** Flags are false when absent; every other option is undefined when absent (the tool owns its defaults). */
export type OptionValues<S extends OptionSpec> = { [K in keyof S]: S[K] extends { type: 'flag' } ? boolean : ValueOf<S[K]> | undefined };

export interface ParsedCommandLine<S extends OptionSpec> {
  options: OptionValues<S>;
  positionals: string[];
  /** --help or -h was given: nothing else was checked, so a half-typed command line still gets the help. */
  help: boolean;
}

/**
 * Parses `--name value`, `--name=value` and boolean `--flag`s against `spec`; at most `maxPositionals` bare
 * arguments. Throws a UsageError naming the option for anything unknown, a missing value or a bad one.
 */
export function parseOptions<const S extends OptionSpec>(argv: readonly string[], spec: S, maxPositionals = 0): ParsedCommandLine<S> {
  const options: Record<string, unknown> = Object.fromEntries(
    Object.entries(spec)
      .filter(([, def]) => def.type === 'flag')
      .map(([name]) => [name, false]),
  );
  if (argv.includes('--help') || argv.includes('-h')) return { options: options as OptionValues<S>, positionals: [], help: true };
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (!arg.startsWith('-') || arg === '-') {
      if (positionals.length >= maxPositionals) throw new UsageError(`unexpected argument "${arg}"`);
      positionals.push(arg);
      continue;
    }
    const [name, inline] = splitOption(arg);
    const def = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!def) throw new UsageError(`unknown option ${arg.split('=')[0]}${suggestion(name, Object.keys(spec))}`);
    if (def.type === 'flag') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
      continue;
    }
    const value = inline ?? argv[index + 1];
    if (inline === undefined) index++;
    // `--out --force` or a trailing `--out` must not quietly take the next option as a value, or nothing.
    if (value === undefined || value === '' || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    options[name] = convert(name, def, value);
  }
  return { options: options as OptionValues<S>, positionals, help: false };
}

function splitOption(arg: string): [name: string, inline: string | undefined] {
  // A single dash keeps its dash in the name, so `-x` is reported as unknown rather than read as `--x`.
  const body = arg.startsWith('--') ? arg.slice(2) : arg;
  const equals = body.indexOf('=');
  return equals < 0 ? [body, undefined] : [body.slice(0, equals), body.slice(equals + 1)];
}

/** A near miss such as --baseline for --baseline-ref is the common mistake; name the real option. */
function suggestion(name: string, known: string[]): string {
  const near = name.length >= 3 ? known.find((option) => option.startsWith(name) || name.startsWith(option)) : undefined;
  return near ? ` (did you mean --${near}?)` : '';
}

function convert(name: string, def: Exclude<OptionDef, { type: 'flag' }>, text: string): string | number {
  if (def.type === 'string') {
    if (def.choices && !def.choices.includes(text)) throw new UsageError(`--${name} must be one of ${def.choices.join(', ')}, got "${text}"`);
    return text;
  }
  // Underscores group digits (1_000_000); 1e6 stays accepted as it was when tools used Number().
  const value = Number(text.replace(/_/g, ''));
  if (def.type === 'integer') {
    const { min = 1, max = Number.MAX_SAFE_INTEGER } = def;
    if (!/^[-+]?\d[\d_]*(e\+?\d+)?$/i.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new UsageError(`--${name} needs ${describeInteger(min, max)}, got "${text}"`);
    }
    return value;
  }
  const { min = 0, exclusiveMin = false } = def;
  if (text.trim() === '' || !Number.isFinite(value) || value < min || (exclusiveMin && value === min)) {
    throw new UsageError(
      `--${name} needs ${exclusiveMin && min === 0 ? 'a positive number' : `a number ${exclusiveMin ? 'above' : 'of at least'} ${min}`}, got "${text}"`,
    );
  }
  return value;
}

function describeInteger(min: number, max: number): string {
  const bounded = max !== Number.MAX_SAFE_INTEGER;
  if (min === 1) return `a positive integer${bounded ? ` up to ${max}` : ''}`;
  if (!Number.isFinite(min)) return `a whole number${bounded ? ` up to ${max}` : ''}`;
  return bounded ? `a whole number from ${min} to ${max}` : `a whole number of at least ${min}`;
}
