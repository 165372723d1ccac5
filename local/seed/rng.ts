/**
 * Seeded randomness. Every random stream is keyed by what it describes (tenant, location, day,
 * purpose), never drawn from one global sequence, so a day's data does not depend on which days
 * were generated before it or in what windows.
 */

// Module-level aliases: under test runners that sandbox globals (jest's vm context) every
// `Math.` lookup in these hot loops is several times slower.
const imul = Math.imul;
const floor = Math.floor;
const { sqrt, log, cos, PI } = Math;
const DIGITS = '0123456789';

/** 32-bit hash of the parts (MurmurHash3-style mixing of FNV-1a); stable across platforms. */
export function hash32(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = typeof part === 'number' ? `#${part}` : part;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = imul(h, 0x01000193);
    }
    // A separator, so ('ab','c') and ('a','bc') differ.
    h ^= 0xff;
    h = imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) from the parts, for one-off decisions that need no stream. */
export function unit(...parts: readonly (string | number)[]): number {
  return hash32(...parts) / 4294967296;
}

const WEIGHT_TABLES = new WeakMap<object, { readonly keys: readonly string[]; readonly total: number }>();

/** mulberry32: small, fast, and good enough for sample data (not for cryptography). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A stream keyed by the parts. */
  static for(...parts: readonly (string | number)[]): Rng {
    return new Rng(hash32(...parts));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('internal: pick from an empty list');
    return items[floor(this.next() * items.length)]!;
  }

  /** Picks a key with probability proportional to its weight (tables are best kept as constants: their keys are cached). */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    let table = WEIGHT_TABLES.get(weights);
    if (!table) {
      const keys = Object.keys(weights) as K[];
      table = { keys, total: keys.reduce((sum, k) => sum + weights[k], 0) };
      WEIGHT_TABLES.set(weights, table);
    }
    let r = this.next() * table.total;
    for (const k of table.keys as K[]) {
      r -= weights[k];
      if (r < 0) return k;
    }
    return table.keys[table.keys.length - 1] as K;
  }

  /** `count` distinct items in random order (partial Fisher-Yates). */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const n = Math.min(count, pool.length);
    for (let i = 0; i < n; i++) {
      const j = i + floor(this.next() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, n);
  }

  /** Normal(mean, sd) by Box-Muller. */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * sqrt(-2 * log(u)) * cos(2 * PI * v);
  }

  /** Digits as a string, e.g. for phone numbers and UPCs. */
  digits(count: number): string {
    let s = '';
    for (let i = 0; i < count; i++) s += DIGITS[floor(this.next() * 10)];
    return s;
  }
}
