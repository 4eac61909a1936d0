/** Roles created at first start. `admin` may do everything; `reader` and `member` may only read. */
export const BUILTIN_ROLES = ['admin', 'reader', 'member'] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

/** What a route demands of its caller. */
export const ACCESS_LEVELS = ['public', 'authenticated', 'read', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** True when roles on the token's project allow the access level. */
export function rolesAllow(roles: readonly string[], level: AccessLevel): boolean {
  switch (level) {
    case 'public':
    case 'authenticated':
      return true;
    case 'read':
      return roles.length > 0;
    case 'admin':
      return roles.includes('admin');
  }
}

/** The Keystone default domain: the only domain this controller serves. */
export const DEFAULT_DOMAIN = Object.freeze({ id: 'default', name: 'Default' });
