import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { startTestController, type TestController } from './support/test-controller.js';

describe.each(testDialects())('smoke on %s', (dialect) => {
  let t: TestController;
  beforeAll(async () => {
    t = await startTestController(dialect);
  });
  afterAll(async () => t.close());

  it('shows the system to an authenticated admin', async () => {
    const token = await t.adminToken();
    const res = await t.request({ method: 'GET', url: '/sysinv/v1/isystems', token });
    expect(res.status).toBe(200);
    expect(res.json().isystems).toHaveLength(1);
  });
});
