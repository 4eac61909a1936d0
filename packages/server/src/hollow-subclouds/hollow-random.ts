import { seededBytes } from './hollow-subcloud.js';

/** A small seeded generator (mulberry32): the same seed picks the same subclouds. */
export function hollowRandom(seed: string, purpose: string): () => number {
  let state = seededBytes(seed, -1, purpose).readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct integers in [0, n), in the order drawn (Floyd's sampling). */
export function sampleIndices(random: () => number, n: number, count: number): number[] {
  const chosen = new Set<number>();
  const order: number[] = [];
  for (let j = n - Math.min(count, n); j < n; j++) {
    const t = Math.floor(random() * (j + 1));
    const pick = chosen.has(t) ? j : t;
    chosen.add(pick);
    order.push(pick);
  }
  return order;
}
