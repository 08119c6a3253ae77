// pg maps a parameter to its wire text with this (pg/lib/utils.js, exported as ./lib/*); it ships no types for it.
declare module 'pg/lib/utils' {
  export function prepareValue(value: unknown): unknown;
}
