import {
  canonicalJson, identitySyncInput, isLocalAccount, platformSyncInput, serviceAccountName, softwareSyncInput,
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
  it('keeps what sync carries, leaves out the local service accounts and their assignments', () => {
    type Input = { users: Array<{ id: string }>; role_assignments: Array<{ user_id: string }> };
    const input = identitySyncInput(identity) as Input;
    expect(input.users.map((u) => u.id)).toEqual(['u-admin', 'u-alice']);
    expect(input.role_assignments.map((a) => a.user_id)).toEqual(['u-admin', 'u-alice']);
    expect(input.users[0]).toEqual({
      id: 'u-admin', name: 'admin', enabled: true, domain_id: 'default', password_hash: 'hash-u-admin', default_project_id: 'p-admin',
    });
    const withoutAccount = { ...identity, users: identity.users.slice(0, 2) };
    expect(text(identitySyncInput(identity))).toBe(text(identitySyncInput(withoutAccount)));
    expect(isLocalAccount('dcmanager-SystemController')).toBe(true);
    expect(isLocalAccount('dcmanager')).toBe(false);
  });

  it('is the same whatever the order, and whatever the login counters', () => {
    const shuffled = {
      users: [...identity.users]
        .reverse()
        .map((u) => ({ ...u, failedLogins: 3, lockedUntil: 99, passwordChangedAt: 5, createdAt: 7 })),
      projects: [...projects].reverse(), roles: [...roles].reverse(), assignments: [...identity.assignments].reverse(),
    };
    expect(text(identitySyncInput(shuffled))).toBe(text(identitySyncInput(identity)));
  });

  it('differs with a user, a password, a project or an assignment', () => {
    const base = text(identitySyncInput(identity));
    const changes = [
      { ...identity, users: [...identity.users, user('u-bob', 'bob')] },
      { ...identity, users: identity.users.map((u) => (u.id === 'u-alice' ? { ...u, passwordHash: 'other' } : u)) },
      { ...identity, users: identity.users.map((u) => (u.id === 'u-alice' ? { ...u, enabled: false } : u)) },
      { ...identity, projects: [...projects, { ...projects[0]!, id: 'p-edge', name: 'edge' }] },
      { ...identity, assignments: identity.assignments.slice(1) },
    ];
    for (const changed of changes) expect(text(identitySyncInput(changed))).not.toBe(base);
  });
});

describe('the platform and software sync inputs', () => {
  const silence = { matchers: [{ name: 'alarm_id' as const, value: '100.101', isRegex: false, isEqual: true }], comment: 'fans', startsAt: 10, endsAt: 100 };
  const platform = {
    suppressions: [{ alarmId: '100.103', status: 'suppressed' as const }, { alarmId: '100.101', status: 'unsuppressed' as const }],
    silences: [silence],
    receivers: [{ name: 'noc', kind: 'webhook', url: 'http://noc/hook' }],
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

  it('leaves out the silences that have ended', () => {
    const none = text(platformSyncInput({ ...platform, silences: [] }));
    expect(text(platformSyncInput({ ...platform, now: 100 }))).toBe(none);
    expect(text(platformSyncInput(platform))).not.toBe(none);
  });

  it('takes releases by id with their states', () => {
    const a = softwareSyncInput([{ id: 'r-2', state: 'available' }, { id: 'r-1', state: 'deployed' }]);
    expect(a).toEqual({ releases: [{ release_id: 'r-1', state: 'deployed' }, { release_id: 'r-2', state: 'available' }] });
    expect(text(softwareSyncInput([{ id: 'r-1', state: 'available' }]))).not.toBe(text(softwareSyncInput([{ id: 'r-1', state: 'deployed' }])));
  });
});
