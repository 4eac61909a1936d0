import { describe, expect, it } from 'vitest';
import { commandLineSafeSecret, newTokenSecret } from '../src/services/identity/token-secret.js';

describe('secrets handed to operators', () => {
  it('never begin with "-", which a command line would read as an option', () => {
    // One draw in 64 would begin with '-' if left alone: 4,000 draws miss it with odds of about 1e-27.
    const firsts = new Set(Array.from({ length: 4000 }, () => newTokenSecret()[0]));
    expect(firsts.has('-')).toBe(false);
    expect(firsts.size).toBeGreaterThan(50);
    for (let i = 0; i < 4000; i++) expect(commandLineSafeSecret(18)).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{23}$/);
  });

  it('keep their full length and URL-safe alphabet', () => {
    expect(newTokenSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
