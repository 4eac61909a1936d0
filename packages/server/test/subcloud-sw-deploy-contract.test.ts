import { DcAgentApi } from '@murmuration/client';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { contractBundle, serviceAccountSession, swDeployContract } from '../../../test-support/sw-deploy-contract.js';
import { useTestController } from './support/use-test-controller.js';

/** The checks a hollow subcloud passes (hollow-subclouds/hollow-sw-deploy.test.ts), run against a real controller. */
describe.each(testDialects())('the sw-deploy contract of a subcloud against a real controller on %s', (dialect) => {
  const t = useTestController(dialect, { config: { orchestration: { pollMs: 20, stabilizeSeconds: 0 } } });
  let base: string;
  beforeAll(async () => {
    base = await t.controller.listen();
  });

  it('lists and takes a release, builds, applies and deletes a strategy as the contract says, with the service account', async () => {
    const api = new DcAgentApi(base);
    const { token } = await api.createJoinToken(await t.adminToken());
    const central = { region: 'SystemController', url: 'http://central.example:6385', software_version: '0.1.0' };
    const answer = await api.join({ join_token: token, name: 'contract-subcloud', system_controller: central });
    const key = readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8');
    const ended = await swDeployContract({
      session: serviceAccountSession(answer),
      bundle: contractBundle('contract-1.0.1', '1.0.1', key),
      releaseId: 'contract-1.0.1',
    });
    expect(ended['apply-phase']['stages'].map((s) => s['stage-name'])).toEqual(['sw-upgrade-start', 'sw-upgrade-complete']);
  });
});
