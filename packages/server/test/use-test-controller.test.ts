import { describe, expect, it } from 'vitest';
import { useTestController } from './support/use-test-controller.js';

describe('useTestController', () => {
  let early: unknown;
  const t = useTestController('sqlite', () => ({ config: { metricsPublic: true } }));
  try {
    void t.controller;
  } catch (error) {
    early = error;
  }

  it('refuses to be used before its describe has started the controller, and says why', () => {
    expect(early).toBeInstanceOf(Error);
    expect((early as Error).message).toContain('the test controller is not running');
  });

  it('stands for the started controller, with the options the function gave', async () => {
    expect((await t.request({ method: 'GET', url: '/metrics' })).status).toBe(200);
    expect((await t.request({ method: 'GET', url: '/identity/v3/users', token: await t.adminToken() })).status).toBe(200);
  });
});
