import { invalid } from '../errors/app-error.js';

/**
 * The account a subcloud makes for the system controller that adopts it is local to that
 * subcloud: never synced, and left out of its identity digest on both sides. It is recognised
 * by its name, so that a system controller reading the subcloud's users through the public API
 * can tell it too. Names with this prefix are reserved for such accounts.
 */
export const DC_SERVICE_ACCOUNT_PREFIX = 'dcmanager-';

/** The account's name for the system controller of `region`. */
export function serviceAccountName(systemControllerRegion: string): string {
  return `${DC_SERVICE_ACCOUNT_PREFIX}${systemControllerRegion}`;
}

/** Whether a user is local to its controller (a system controller's account): never synced. */
export function isLocalAccount(userName: string): boolean {
  return userName.startsWith(DC_SERVICE_ACCOUNT_PREFIX);
}

/**
 * Refuses a user name with the reserved prefix (400 naming the field, rule `reserved_name`):
 * the identity API makes no such user, nor renames one to it; only a system controller's join
 * makes these accounts.
 */
export function requireUnreservedUserName(name: string, field = 'name'): void {
  if (isLocalAccount(name)) {
    throw invalid(
      `Invalid input: ${field} ${name} starts with ${DC_SERVICE_ACCOUNT_PREFIX}, which is reserved for the accounts `
        + 'that system controllers are given when they adopt this controller',
      { field, rule: 'reserved_name' },
    );
  }
}
