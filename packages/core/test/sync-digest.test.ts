import type { AppError } from '@murmuration/core/common';
import type { IdentitySyncInput, PlatformSyncInput } from '@murmuration/core/contract/dc-agent';
import {
  canonicalJson, checkIdentitySyncInput, checkPlatformSyncInput, identitySyncInput, isLocalAccount, platformSyncInput,
  serviceAccountName, softwareSyncInput,
} from '@murmuration/core/dc';
import type { UserRecord } from '@murmuration/core/identity';
import { describe, expect, it } from 'vitest';

const user = (id: string, name: string, extra: Partial<UserRecord> = {}): UserRecord => ({
  id, name, enabled: true, defaultProjectId: 'p-admin', description: null, email: null, passwordHash: `hash-${id}`,
  passwordChangedAt: 1, failedLogins: 0, lockedUntil: null, createdAt: 1, ...extra,
});
const projects = [
  { id: 'p-admin', name: 'admin', description: 'Bootstrap project', enabled: true, tags: [], createdAt: 1 },
  { id: 'p-services', name: 'services', description: 'services', enabled: true, tags: [], createdAt: 2 },
];
const roles = [{ id: 'r-admin', name: 'admin', description: null, createdAt: 1 }, { id: 'r-reader', name: 'reader', description: null, createdAt: 1 }];
const account = user('u-dc', serviceAccountName('SystemController'));
const identity = {
  users: [user('u-admin', 'admin'), user('u-alice', 'alice'), account],
  projects,
  roles,
  assignments: [
    { userId: 'u-admin', projectId: 'p-admin', roleId: 'r-admin' },
    { userId: 'u-alice', projectId: 'p-admin', roleId: 'r-reader' },
    { userId: 'u-dc', projectId: 'p-admin', roleId: 'r-admin' },
  ],
};
const text = (value: unknown) => canonicalJson(value);

describe('the identity sync input', () => {
  it('keys everything by name, keeps what sync carries, leaves out the local service accounts and their assignments', () => {
    const input = identitySyncInput(identity);
    expect(input.users.map((u) => u.name)).toEqual(['admin', 'alice']);
    expect(input.users[0]).toEqual({ name: 'admin', enabled: true, password_hash: 'hash-u-admin', default_project_name: 'admin' });
    expect(input.projects).toEqual([
      { name: 'admin', description: 'Bootstrap project', enabled: true }, { name: 'services', description: 'services', enabled: true },
    ]);
    expect(input.roles).toEqual([{ name: 'admin' }, { name: 'reader' }]);
    expect(input.role_assignments).toEqual([
      { user_name: 'admin', project_name: 'admin', role_name: 'admin' },
      { user_name: 'alice', project_name: 'admin', role_name: 'reader' },
    ]);
    const withoutAccount = { ...identity, users: identity.users.slice(0, 2) };
    expect(text(identitySyncInput(identity))).toBe(text(identitySyncInput(withoutAccount)));
    expect(isLocalAccount('dcmanager-SystemController')).toBe(true);
    expect(isLocalAccount('dcmanager')).toBe(false);
  });

  it('is the same on two controllers that drew other ids for the same names', () => {
    const ids = new Map<string, string>();
    const other = (id: string) => ids.get(id) ?? (ids.set(id, `other-${id}`), `other-${id}`);
    const elsewhere = {
      users: identity.users.map((u) => ({
        ...u, id: other(u.id), defaultProjectId: u.defaultProjectId && other(u.defaultProjectId),
      })),
      projects: projects.map((p) => ({ ...p, id: other(p.id), createdAt: 99 })),
      roles: roles.map((r) => ({ ...r, id: other(r.id) })),
      assignments: identity.assignments.map((a) => ({
        userId: other(a.userId), projectId: other(a.projectId), roleId: other(a.roleId),
      })),
    };
    expect(text(identitySyncInput(elsewhere))).toBe(text(identitySyncInput(identity)));
  });

  it('is the same whatever the order, and whatever the login counters and password times', () => {
    const shuffled = {
      users: [...identity.users]
        .reverse()
        .map((u) => ({ ...u, failedLogins: 3, lockedUntil: 99, passwordChangedAt: 5, createdAt: 7, description: 'x', email: 'e@x' })),
      projects: [...projects].reverse(), roles: [...roles].reverse(), assignments: [...identity.assignments].reverse(),
    };
    expect(text(identitySyncInput(shuffled))).toBe(text(identitySyncInput(identity)));
  });

  it('differs with a user, a password, a default project, a project or an assignment', () => {
    const base = text(identitySyncInput(identity));
    const changes = [
      { ...identity, users: [...identity.users, user('u-bob', 'bob')] },
      { ...identity, users: identity.users.map((u) => (u.id === 'u-alice' ? { ...u, passwordHash: 'other' } : u)) },
      { ...identity, users: identity.users.map((u) => (u.id === 'u-alice' ? { ...u, enabled: false } : u)) },
      { ...identity, users: identity.users.map((u) => (u.id === 'u-alice' ? { ...u, defaultProjectId: 'p-services' } : u)) },
      { ...identity, projects: [...projects, { ...projects[0]!, id: 'p-edge', name: 'edge' }] },
      { ...identity, projects: projects.map((p) => (p.id === 'p-services' ? { ...p, enabled: false } : p)) },
      { ...identity, assignments: identity.assignments.slice(1) },
    ];
    for (const changed of changes) expect(text(identitySyncInput(changed))).not.toBe(base);
  });
});

describe('checking a pushed identity state', () => {
  const valid = () => identitySyncInput({ ...identity, roles: [...roles, { id: 'r-member', name: 'member', description: null, createdAt: 1 }] });
  const refusal = (input: IdentitySyncInput) => {
    try {
      checkIdentitySyncInput(input);
    } catch (error) {
      return { code: (error as AppError).code, ...(error as AppError).details };
    }
    return null;
  };

  it('takes a state that holds together', () => {
    expect(refusal(valid())).toBeNull();
  });

  it('refuses a name twice, a reference to a name it does not hold, a local account, a built-in role missing', () => {
    const base = valid();
    const alice = base.users[1]!;
    expect(refusal({ ...base, users: [...base.users, alice] })).toEqual({ code: 'INVALID_INPUT', field: 'users[2]', rule: 'sync_duplicate' });
    expect(refusal({ ...base, users: [{ ...alice, default_project_name: 'nowhere' }] }))
      .toEqual({ code: 'INVALID_INPUT', field: 'users[0].default_project_name', rule: 'sync_unknown_reference' });
    const ghost = { user_name: 'alice', project_name: 'admin', role_name: 'ghost' };
    expect(refusal({ ...base, role_assignments: [...base.role_assignments, ghost] }))
      .toEqual({ code: 'INVALID_INPUT', field: 'role_assignments[2].role_name', rule: 'sync_unknown_reference' });
    const local = { ...alice, name: serviceAccountName('SystemController') };
    expect(refusal({ ...base, users: [...base.users, local] })).toMatchObject({ field: 'users[2].name', rule: 'sync_local_account' });
    expect(refusal({ ...base, roles: base.roles.filter((r) => r.name !== 'member') })).toMatchObject({ field: 'roles', rule: 'sync_required_missing' });
    expect(refusal({ ...base, users: [{ ...alice, name: 'bad\u0000name' }] })).toMatchObject({ code: 'INVALID_INPUT', field: 'users[0].name' });
  });
});

describe('the platform and software sync inputs', () => {
  const silence = { matchers: [{ name: 'alarm_id' as const, value: '100.101', isRegex: false, isEqual: true }], comment: 'fans', startsAt: 10, endsAt: 100 };
  const platform = {
    suppressions: [{ alarmId: '100.103', status: 'suppressed' as const }, { alarmId: '100.101', status: 'unsuppressed' as const }],
    silences: [silence],
    receivers: [{ name: 'noc', kind: 'webhook' as const, url: 'http://noc/hook', fleetWide: true }],
    now: 50,
  };

  it('keys suppression by alarm id, silences by what they match, receivers by name, in any order', () => {
    const reordered = {
      ...platform,
      suppressions: [...platform.suppressions].reverse(),
      // What each controller draws or keeps for itself (ids, delivery state) is not compared.
      silences: [{ ...silence, uuid: 'other-uuid', createdBy: 'someone' }],
      receivers: [{ ...platform.receivers[0]!, uuid: 'x', failures: 4, deliveredSeq: 9 }],
    };
    expect(text(platformSyncInput(reordered))).toBe(text(platformSyncInput(platform)));
    expect(text(platformSyncInput({ ...platform, suppressions: [platform.suppressions[0]!, { alarmId: '100.101', status: 'suppressed' }] })))
      .not.toBe(text(platformSyncInput(platform)));
  });

  it('takes only the fleet-wide receivers: a site\'s own receiver is neither pushed nor compared', () => {
    const own = { name: 'site-pager', kind: 'webhook' as const, url: 'http://pager/hook', fleetWide: false };
    expect(platformSyncInput({ ...platform, receivers: [...platform.receivers, own] }))
      .toEqual(platformSyncInput(platform));
    expect(platformSyncInput(platform).receivers).toEqual([{ name: 'noc', kind: 'webhook', url: 'http://noc/hook' }]);
    expect(text(platformSyncInput({ ...platform, receivers: [{ ...platform.receivers[0]!, fleetWide: false }] })))
      .toBe(text(platformSyncInput({ ...platform, receivers: [] })));
  });

  it('leaves out the silences that have ended', () => {
    const none = text(platformSyncInput({ ...platform, silences: [] }));
    expect(text(platformSyncInput({ ...platform, now: 100 }))).toBe(none);
    expect(text(platformSyncInput(platform))).not.toBe(none);
  });

  it('takes the releases deployed or committed, by id with their states; one merely uploaded is left out', () => {
    const a = softwareSyncInput([
      { id: 'r-3', state: 'available' }, { id: 'r-2', state: 'committed' }, { id: 'r-1', state: 'deployed' }, { id: 'r-4', state: 'deploying' },
    ]);
    expect(a).toEqual({ releases: [{ release_id: 'r-1', state: 'deployed' }, { release_id: 'r-2', state: 'committed' }] });
    expect(text(softwareSyncInput([{ id: 'r-1', state: 'available' }]))).toBe(text(softwareSyncInput([])));
    expect(text(softwareSyncInput([{ id: 'r-1', state: 'deployed' }]))).not.toBe(text(softwareSyncInput([{ id: 'r-1', state: 'committed' }])));
  });

  it('refuses a pushed platform state that does not hold together, naming where', () => {
    const input = platformSyncInput(platform);
    expect(() => checkPlatformSyncInput(input)).not.toThrow();
    const field = (changed: PlatformSyncInput) => {
      try {
        checkPlatformSyncInput(changed);
        return null;
      } catch (error) {
        return (error as AppError).details;
      }
    };
    expect(field({ ...input, receivers: [...input.receivers, input.receivers[0]!] })).toEqual({ field: 'receivers[1]', rule: 'sync_duplicate' });
    expect(field({ ...input, event_suppression: [...input.event_suppression, input.event_suppression[0]!] }))
      .toEqual({ field: 'event_suppression[2]', rule: 'sync_duplicate' });
    expect(field({ ...input, receivers: [{ ...input.receivers[0]!, url: 'ftp://x/y' }] })).toEqual({ field: 'receivers[0].url' });
    expect(field({ ...input, receivers: [{ ...input.receivers[0]!, name: '-bad' }] })).toEqual({ field: 'receivers[0].name' });
    const broken = { ...input.silences[0]!, matchers: [{ name: 'alarm_id' as const, value: '(', is_regex: true, is_equal: true }] };
    expect(field({ ...input, silences: [broken] })).toEqual({ field: 'silences[0].matchers[0]' });
    expect(field({ ...input, silences: [{ ...input.silences[0]!, starts_at: 100 }] })).toEqual({ field: 'silences[0].starts_at' });
  });
});
