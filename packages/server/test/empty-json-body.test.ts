import { buildBundle } from '@murmuration/release';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { alarmBody, uuidOfReply } from './support/fm-helpers.js';
import { useTestController } from './support/use-test-controller.js';

// The StarlingX clients send a JSON content type on every request, with an empty body where
// the call has nothing to say (fm alarm-delete, software delete).
const EMPTY_JSON = { 'content-type': 'application/json', accept: 'application/json' };

describe.each(testDialects())('empty bodies with a JSON content type on %s', (dialect) => {
  let admin: string;

  const t = useTestController(dialect);
  beforeAll(async () => {
    admin = await t.adminToken();
  });

  it('deletes an alarm as `fm alarm-delete` asks', async () => {
    const uuid = uuidOfReply(await t.request({ method: 'POST', url: '/fm/v1/alarms', token: admin, body: alarmBody('100.101', 'host=controller-0', 'major') }));
    const res = await t.request({ method: 'DELETE', url: `/fm/v1/alarms/${uuid}`, token: admin, rawBody: '', headers: EMPTY_JSON });
    expect(res.status, res.body).toBe(204);
    expect((await t.request({ method: 'GET', url: `/fm/v1/alarms/${uuid}`, token: admin })).status).toBe(404);
  });

  it('deletes a release as `software delete` asks', async () => {
    const key = readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8');
    const files = [{ path: 'metadata.json', data: Buffer.from(JSON.stringify({ id: 'murmur-9.0.0', version: '9.0.0' })) }];
    const up = await t.request({ method: 'POST', url: '/usm/v1/upload', token: admin, rawBody: buildBundle(files, key).bundle, headers: { 'content-type': 'application/gzip' } });
    expect(up.status, up.body).toBe(200);
    const res = await t.request({ method: 'DELETE', url: '/usm/v1/release/murmur-9.0.0', token: admin, rawBody: '', headers: EMPTY_JSON });
    expect(res.status, res.body).toBe(200);
    expect(res.json().error).toBe('');
  });

  it('still tells a route that needs a body that it got none', async () => {
    const res = await t.request({ method: 'POST', url: '/fm/v1/alarms', token: admin, rawBody: '', headers: EMPTY_JSON });
    expect(res.status).toBe(400);
    expect(res.headers['x-error-code']).toBe('INVALID_INPUT');
    expect(res.body).toContain('body must be of type object');
  });
});
