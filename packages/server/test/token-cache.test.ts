import { describe, expect, it } from 'vitest';
import { TokenCache } from '../src/services/identity/token-cache.js';

const carol = { userId: 'u-carol', userName: 'carol', projectId: 'p', projectName: 'admin', roles: ['member'] };
const dave = { ...carol, userId: 'u-dave', userName: 'dave' };

describe('the token cache', () => {
  it('keeps a validation until a drop names its token, its user, or all', () => {
    const cache = new TokenCache();
    cache.put('h1', carol, 10_000, cache.generation());
    cache.put('h2', carol, 10_000, cache.generation());
    cache.put('h3', dave, 10_000, cache.generation());
    expect([cache.get('h1', 0), cache.get('h3', 0)]).toEqual([carol, dave]);
    cache.dropToken('h1');
    expect([cache.get('h1', 0), cache.get('h2', 0)]).toEqual([null, carol]);
    cache.dropUser('u-carol');
    expect([cache.get('h2', 0), cache.get('h3', 0)]).toEqual([null, dave]);
    cache.clear();
    expect(cache.get('h3', 0)).toBeNull();
  });

  it('keeps no validation read before a drop: a revocation committed meanwhile is never undone', () => {
    const cache = new TokenCache();
    const readAt = cache.generation();
    cache.dropToken('h1');
    cache.put('h1', carol, 10_000, readAt);
    expect(cache.get('h1', 0)).toBeNull();
    cache.put('h1', carol, 10_000, cache.generation());
    expect(cache.get('h1', 0)).toEqual(carol);
  });

  it('answers nothing and keeps nothing while it is not trusted, and never past the token\'s expiry', () => {
    let trusted = false;
    const cache = new TokenCache(() => trusted);
    cache.put('h1', carol, 10_000, cache.generation());
    trusted = true;
    expect(cache.get('h1', 0)).toBeNull();
    cache.put('h1', carol, 10_000, cache.generation());
    expect(cache.get('h1', 9_999)).toEqual(carol);
    trusted = false;
    expect(cache.get('h1', 9_999)).toBeNull();
    trusted = true;
    expect(cache.get('h1', 10_000)).toBeNull();
  });
});
