import { randomInt, randomUUID } from 'node:crypto';

/** Seeded PRNG (mulberry32): the sandbox's generated data and injected faults are reproducible from `--seed`. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(minInclusive: number, maxExclusive: number): number {
    return minInclusive + Math.floor(this.next() * (maxExclusive - minInclusive));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length)]!;
  }
  /** A v4-shaped UUID drawn from this generator, so seeded orgs get stable ids. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 16).toString(16));
    hex[12] = '4';
    hex[16] = ((this.int(0, 4) + 8) as number).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/**
 * Unseeded: every draw from the OS's generator. A restored `--data` org draws from it: its ids
 * must never repeat those the org was seeded with, and any 32-bit seed could land on the seeded
 * run's own sequence (mulberry32 walks one cycle of 2^32 states) and replay its ids.
 */
export class RandomRng extends Rng {
  constructor() {
    super(0);
  }
  override next(): number {
    return randomInt(2 ** 32) / 2 ** 32;
  }
  override uuid(): string {
    return randomUUID();
  }
}
