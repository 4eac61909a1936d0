import { describe, expect, it } from 'vitest';
import { pacer } from '../src/services/dc-orchestration/prestage-pacer.js';

/** The pacer on a clock of the test's: each wait it asks for moves the clock on by that much. */
function paced(bytesPerSecond: number) {
  let now = 0;
  const waits: number[] = [];
  const pace = pacer(bytesPerSecond, () => now, async (ms) => {
    waits.push(ms);
    now += ms;
  });
  return { pace, waits, advance: (ms: number) => (now += ms), at: () => now };
}

describe('the prestage pacer', () => {
  it('holds a sender to its rate on average, the first chunk at once', async () => {
    const { pace, waits, at } = paced(1000);
    for (let i = 0; i < 5; i++) await pace(500);
    expect(waits).toEqual([500, 500, 500, 500]);
    expect(at()).toBe(2000);
  });

  it('does not make up with a burst the time a slow chunk lost', async () => {
    const { pace, waits, advance } = paced(1000);
    await pace(500);
    advance(3000);
    await pace(500);
    await pace(500);
    expect(waits).toEqual([500]);
  });

  it('never waits when unlimited', async () => {
    const { pace, waits } = paced(0);
    for (let i = 0; i < 3; i++) await pace(1 << 20);
    expect(waits).toEqual([]);
  });
});
