import { lookSchedule, peerDurations } from '@murmuration/core/dc';
import { describe, expect, it } from 'vitest';

/** The times of the first `n` looks of a schedule started at 0, each look taking no time. */
function looks(input: Parameters<typeof lookSchedule>[0], n: number): number[] {
  const schedule = lookSchedule(input);
  const at: number[] = [];
  let now = input.startedAt;
  for (let i = 0; i < n; i++) {
    now += schedule.next(now);
    at.push(now);
  }
  return at;
}

describe('look schedule', () => {
  it('looks soon and then twice as long each time up to the poll interval when nothing is known', () => {
    expect(looks({ startedAt: 0, expectedMs: null, firstMs: 50, maxMs: 400 }, 6))
      .toEqual([50, 150, 350, 750, 1150, 1550]);
  });

  it('looks every poll interval until the due time, then soon and twice as long each time again', () => {
    expect(looks({ startedAt: 0, expectedMs: 10_000, firstMs: 50, maxMs: 2000 }, 9))
      .toEqual([2000, 4000, 6000, 8000, 10_000, 10_050, 10_150, 10_350, 10_750]);
    expect(looks({ startedAt: 0, expectedMs: 2500, firstMs: 50, maxMs: 2000 }, 3)).toEqual([2000, 2500, 2550]);
  });

  it('looks at once when it is due at its start', () => {
    expect(looks({ startedAt: 100, expectedMs: 0, firstMs: 50, maxMs: 2000 }, 3)).toEqual([100, 150, 250]);
  });

  it('is never longer than the poll interval between looks', () => {
    expect(looks({ startedAt: 0, expectedMs: 300, firstMs: 500, maxMs: 200 }, 4)).toEqual([200, 300, 500, 700]);
  });
});

describe('peer durations', () => {
  it('expects nothing before a subcloud is done, then the median of the recent ones', () => {
    const peers = peerDurations();
    expect(peers.expected()).toBeNull();
    peers.observe(9800);
    expect(peers.expected()).toBe(9800);
    peers.observe(9900);
    peers.observe(12_000);
    expect(peers.expected()).toBe(9900);
    peers.observe(-5);
    expect(peers.expected()).toBe(9800);
  });

  it('follows a change: the oldest are forgotten', () => {
    const peers = peerDurations();
    for (let i = 0; i < 64; i++) peers.observe(10_000);
    for (let i = 0; i < 40; i++) peers.observe(3000);
    expect(peers.expected()).toBe(3000);
  });
});
