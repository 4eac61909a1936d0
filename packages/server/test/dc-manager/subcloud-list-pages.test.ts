import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { subcloudRow } from '../../../../test-support/subcloud-row.js';
import { dcmanagerClient } from '../support/dcmanager-client.js';
import { useTestController } from '../support/use-test-controller.js';

/** More than two of the pages the lists are read in. */
const FLEET = 2345;

describe.each(testDialects())('the lists of a fleet larger than a page, on %s', (dialect) => {
  const t = useTestController(dialect, { config: { role: 'systemcontroller' } });
  let admin = '';
  const dc = dcmanagerClient(t, () => admin);

  beforeAll(async () => {
    admin = await t.adminToken();
    // The rows as an add leaves them; joining this many subclouds is the benchmark's business.
    await t.controller.store.transaction(async (repos) => {
      for (let i = 1; i <= FLEET; i++) {
        await repos.subclouds.insert(subcloudRow(i, { url: `http://10.${i >> 8}.${i & 255}.1:6385`, credential: 'v1.x.y.z' }), 0);
      }
    });
  });

  it('streams every subcloud once, in id order, whole JSON', async () => {
    const res = await dc.get('/subclouds/');
    expect(res.status).toBe(200);
    const ids = (res.json().subclouds as Array<{ id: number }>).map((s) => s.id);
    expect(ids).toEqual(Array.from({ length: FLEET }, (_, i) => i + 1));
    const members = (await dc.get('/subcloud-groups/Default/subclouds')).json().subclouds as Array<{ id: number }>;
    expect(members).toHaveLength(FLEET);
  });

  it('streams the alarm summary newest first', async () => {
    const names = ((await dc.get('/alarms/')).json().alarm_summary as Array<{ region_name: string }>).map((a) => a.region_name);
    expect(names).toHaveLength(FLEET);
    expect(names.slice(0, 2)).toEqual([`sc${FLEET}`, `sc${FLEET - 1}`]);
    expect(names.at(-1)).toBe('sc1');
  });

  it('pages on request, and counts the whole fleet in one summary', async () => {
    let marker = 0;
    let seen = 0;
    for (;;) {
      const page = (await dc.get(`/subclouds?limit=1000&marker=${marker}`)).json();
      seen += page.subclouds.length;
      if (page.next_marker === null) break;
      marker = page.next_marker;
    }
    expect(seen).toBe(FLEET);
    expect((await dc.get('/subclouds/summary')).json().summary).toMatchObject({ total: FLEET, management_state: { unmanaged: FLEET } });
    expect((await dc.get('/subcloud-groups/')).json().subcloud_groups[0].subcloud_count).toBe(FLEET);
  });
});
