/** The names subclouds and subcloud groups may have. */

/** RFC 1123 label: lower-case letters, digits and inner hyphens, at most 63 characters. */
export function isSubcloudName(name: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name) && !/^\d+$/.test(name);
}

/** The group every subcloud is in unless put elsewhere: id 1, never deleted or renamed. */
export const DEFAULT_GROUP = { id: 1, name: 'Default', description: 'Default Subcloud Group', updateApplyType: 'parallel', maxParallelSubclouds: 2 } as const;

export const UPDATE_APPLY_TYPES = ['parallel', 'serial'] as const;
export type UpdateApplyType = (typeof UPDATE_APPLY_TYPES)[number];

/** StarlingX's ceiling for subclouds updated at once; this controller allows more (`MAX_PARALLEL_SUBCLOUDS`). */
export const STARLINGX_MAX_PARALLEL_SUBCLOUDS = 5000;
export const MAX_PARALLEL_SUBCLOUDS = 100_000;

/**
 * Why a group name is refused, or null: non-empty, at most 255 characters, not all digits (an
 * all-digit reference is an id), none of `.*+?|()[]{}^$`, not `Default` in any case.
 */
export function groupNameProblem(name: string): string | null {
  if (name.length === 0 || name.length > 255) return 'a group name is 1 to 255 characters';
  if (/^\d+$/.test(name)) return 'a group name may not be all digits';
  if (/[.*+?|()[\]{}^$]/.test(name)) return 'a group name may not contain any of .*+?|()[]{}^$';
  if (name.toLowerCase() === DEFAULT_GROUP.name.toLowerCase()) return `${DEFAULT_GROUP.name} is reserved`;
  return null;
}

/** dcmanager's lookup rule: a reference of digits only is an id, anything else a name. */
export function refIsId(ref: string): boolean {
  return /^\d+$/.test(ref);
}
