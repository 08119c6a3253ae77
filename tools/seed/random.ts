/**
 * Deterministic randomness for the seed: the same seed number gives the same data, and any order's details can
 * be derived again from (seed, order index) alone, so each table can be generated in its own pass.
 */

/** murmur3's 32-bit finaliser: a fast, well-spread integer hash. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a few integers (each may be up to 2^53). */
export function hash32(a: number, b = 0, c = 0, d = 0): number {
  let h = mix32(0x9e3779b9 ^ (a | 0) ^ Math.floor(a / 4294967296));
  h = mix32(h ^ (b | 0) ^ Math.imul(Math.floor(b / 4294967296), 0x27d4eb2d));
  h = mix32(h ^ (c | 0) ^ Math.imul(Math.floor(c / 4294967296), 0x165667b1));
  return mix32(h ^ (d | 0) ^ Math.imul(Math.floor(d / 4294967296), 0x61c88647));
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex32(value: number): string {
  return HEX[value >>> 24] + HEX[(value >>> 16) & 0xff] + HEX[(value >>> 8) & 0xff] + HEX[value & 0xff];
}

/**
 * A version-4-shaped UUID determined by its inputs. Each 32-bit part hashes the inputs from a different
 * starting lane, so the parts are independent and the id has ~122 bits (not 32 bits spread over 128).
 */
export function uuidFrom(a: number, b: number, c: number): string {
  const p = hash32(0x1001, a, b, c);
  const q = (hash32(0x2002, a, b, c) & 0xffff0fff) | 0x00004000;
  const r = (hash32(0x3003, a, b, c) & 0x3fffffff) | 0x80000000;
  const s = hash32(0x4004, a, b, c);
  const text = hex32(p) + hex32(q) + hex32(r) + hex32(s);
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

/** 24 hex digits from its inputs (three independent lanes), for provider references. */
export function hexFrom(a: number, b: number, c: number): string {
  return hex32(hash32(0x5005, a, b, c)) + hex32(hash32(0x6006, a, b, c)) + hex32(hash32(0x7007, a, b, c));
}

/** mulberry32: small, fast, good enough for test data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Index drawn with the given relative weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let roll = this.next() * total;
    for (let index = 0; index < weights.length; index++) {
      roll -= weights[index];
      if (roll < 0) return index;
    }
    return weights.length - 1;
  }
}
