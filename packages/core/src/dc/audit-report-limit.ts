/** The most bytes a system controller reads of one audit answer; a longer one is a failed audit. */
export const AUDIT_REPORT_MAX_BYTES = 256 * 1024;
