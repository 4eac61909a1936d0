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
