import { AUDIT_GENESIS_HASH, auditDigestInput } from '@murmuration/core/audit';
import {
  DEFAULT_PASSWORD_POLICY, buildCatalog, checkPasswordRules, findEndpoint, policyProblem, rolesAllow,
} from '@murmuration/core/identity';
import { isDegrees, isTimeZone, patchToChanges, validateSystemChange } from '@murmuration/core/inventory';
import { describe, expect, it } from 'vitest';

const never = () => false;

describe('password rules', () => {
  const check = (password: string, userName = 'operator') => checkPasswordRules(DEFAULT_PASSWORD_POLICY, { password, userName }, never)?.rule ?? null;

  it('counts characters, not bytes: twelve emoji pass the length rule', () => {
    expect(check('🌲'.repeat(11) + '🌊')).toBeNull();
    expect(check('short')).toBe('min_length');
    expect(check('x'.repeat(257))).toBe('max_length');
  });

  it('refuses one repeated character or a short repeated sequence, not a long passphrase', () => {
    expect(check('aaaaaaaaaaaaaa')).toBe('repetitive');
    expect(check('abcabcabcabcabc')).toBe('repetitive');
    expect(check('correct horse battery staple')).toBeNull();
  });

  it('refuses the user name inside the password, ignoring case', () => {
    expect(check('my-Operator-password-2026')).toBe('contains_user_name');
  });

  it('asks the common-password list with the normalized password', () => {
    const seen: string[] = [];
    checkPasswordRules(DEFAULT_PASSWORD_POLICY, { password: 'ＬｏｎｇＥｎｏｕｇｈＰａｓｓ', userName: 'x' }, (n) => (seen.push(n), false));
    expect(seen).toEqual(['longenoughpass']);
  });

  it('validates a policy and names the bad setting', () => {
    expect(policyProblem(DEFAULT_PASSWORD_POLICY)).toBeNull();
    expect(policyProblem({ ...DEFAULT_PASSWORD_POLICY, maxLength: 32 })).toBe('passwordPolicy.maxLength must be an integer of at least 64');
    expect(policyProblem({ ...DEFAULT_PASSWORD_POLICY, minLength: 100, maxLength: 64 })).toBe('passwordPolicy.maxLength must not be below minLength');
  });
});

describe('system fields', () => {
  it('accepts decimal degrees within range, as sysinv does', () => {
    for (const ok of ['0', '45.5', '-90', '+90.000', '89.99999999']) expect(isDegrees(ok, 90)).toBe(true);
    for (const bad of ['90.1', '91', '-91', 'north', '045', '1e2', '']) expect(isDegrees(bad, 90)).toBe(false);
    expect(isDegrees('-180.0', 180)).toBe(true);
    expect(isDegrees('180.5', 180)).toBe(false);
  });

  it('knows IANA time zones', () => {
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('America/Montreal')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('../../etc/passwd')).toBe(false);
  });

  it('names the field in every refusal', () => {
    expect(() => validateSystemChange('name', '')).toThrow('name must not be empty');
    expect(() => validateSystemChange('name', null)).toThrow('name cannot be removed');
    expect(() => validateSystemChange('contact', 'é')).toThrow('contact: system values must be printable ASCII');
    expect(validateSystemChange('latitude', '')).toBeNull();
  });

  it('reads a JSON-patch list into field changes and refuses what it cannot apply', () => {
    const fields = ['name', 'description'] as const;
    expect(patchToChanges([{ op: 'replace', path: '/name', value: 'a' }, { op: 'remove', path: '/description' }], fields, {})).toEqual({ name: 'a', description: null });
    expect(() => patchToChanges([{ op: 'replace', path: '/uuid', value: 'x' }], fields, { uuid: 'uuid cannot be modified' })).toThrow('uuid cannot be modified');
    expect(() => patchToChanges([{ op: 'replace', path: '/a/b', value: 'x' }], fields, {})).toThrow('is not a top-level field');
    expect(() => patchToChanges([{ op: 'replace', path: '/name', value: 'a' }, { op: 'replace', path: '/name', value: 'b' }], fields, {})).toThrow('more than once');
    expect(() => patchToChanges([], fields, {})).toThrow('at least one operation');
  });
});

describe('catalog', () => {
  const catalog = buildCatalog({ public: 'http://h:1', internal: 'http://h:1/', admin: 'http://h:1' }, 'RegionOne', () => true);

  it('lists every service with public, internal and admin endpoints carrying region and region_id', () => {
    expect(catalog.map((c) => `${c.type}/${c.name}`)).toEqual([
      'platform/sysinv',
      'faultmanagement/fm',
      'nfv/vim',
      'usm/usm',
      'dcmanager/dcmanager',
      'identity/keystone',
      'audit/audit',
    ]);
    for (const entry of catalog) {
      expect(entry.endpoints.map((e) => e.interface)).toEqual(['public', 'internal', 'admin']);
      const region = entry.type === 'dcmanager' ? 'SystemController' : 'RegionOne';
      for (const e of entry.endpoints) expect([e.region, e.region_id]).toEqual([region, region]);
    }
  });

  it('lists dcmanager under SystemController alone, beside the services of the controller\'s own region', () => {
    const elsewhere = buildCatalog({ public: 'http://h:1', internal: 'http://h:1', admin: 'http://h:1' }, 'RegionTwo', () => true);
    const regions = (type: string) => [
      ...new Set(elsewhere.find((c) => c.type === type)!.endpoints.map((e) => e.region)),
    ];
    expect(regions('dcmanager')).toEqual(['SystemController']);
    expect(regions('platform')).toEqual(['RegionTwo']);
    expect(findEndpoint(elsewhere, 'dcmanager', 'internalURL', 'SystemController')).toBe('http://h:1/dcmanager/v1.0');
    expect(findEndpoint(elsewhere, 'dcmanager', 'internalURL', 'RegionTwo')).toBeNull();
    expect(findEndpoint(elsewhere, 'platform', 'internalURL', 'SystemController')).toBeNull();
  });

  it('finds an endpoint as keystoneauth does (publicURL means public)', () => {
    expect(findEndpoint(catalog, 'platform', 'internalURL', 'RegionOne')).toBe('http://h:1/sysinv/v1');
    expect(findEndpoint(catalog, 'dcmanager', 'public', null)).toBe('http://h:1/dcmanager/v1.0');
    // USM's client does urljoin(url, 'v1'), which keeps `/usm/` only when the URL ends in a slash.
    expect(findEndpoint(catalog, 'usm', 'admin', 'RegionOne')).toBe('http://h:1/usm/');
    expect(findEndpoint(catalog, 'platform', 'public', 'SystemController')).toBeNull();
  });

  it('gives the same ids on every build', () => {
    expect(buildCatalog({ public: 'x', internal: 'x', admin: 'x' }, 'RegionOne', () => true).map((c) => c.id)).toEqual(catalog.map((c) => c.id));
  });

  it('lists only the services whose paths are served', () => {
    const served = buildCatalog({ public: 'x', internal: 'x', admin: 'x' }, 'RegionOne', (path) => path !== '/dcmanager/v1.0');
    expect(served.map((c) => c.type)).not.toContain('dcmanager');
    expect(served.map((c) => c.id)).toEqual(catalog.filter((c) => c.type !== 'dcmanager').map((c) => c.id));
  });
});

describe('roles and audit chain input', () => {
  it('lets admin do everything and readers only read', () => {
    expect(rolesAllow(['admin'], 'admin')).toBe(true);
    expect(rolesAllow(['reader'], 'read')).toBe(true);
    expect(rolesAllow(['reader', 'member'], 'admin')).toBe(false);
    expect(rolesAllow([], 'read')).toBe(false);
    expect(rolesAllow([], 'authenticated')).toBe(true);
  });

  it('hashes every recorded field in a fixed order, so separators in values cannot shift fields', () => {
    const facts = {
      time: 1,
      requestId: 'r',
      event: 'request' as const,
      userId: 'u',
      userName: 'a","b',
      projectId: null,
      projectName: null,
      source: 's',
      method: 'POST',
      path: '/p',
      target: null,
      outcome: 201,
      detail: null,
    };
    expect(auditDigestInput(1, AUDIT_GENESIS_HASH, facts)).toBe(`[1,"${AUDIT_GENESIS_HASH}",1,"r","request","u","a\\",\\"b",null,null,"s","POST","/p",null,201,null]`);
    expect(auditDigestInput(1, AUDIT_GENESIS_HASH, { ...facts, userName: 'a', projectId: 'b' })).not.toBe(auditDigestInput(1, AUDIT_GENESIS_HASH, facts));
  });
});
