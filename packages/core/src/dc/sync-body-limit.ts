/**
 * The most bytes a subcloud reads of one pushed desired state: the whole identity of a large
 * site (tens of thousands of users and their assignments) fits. Kept apart from the schemas so
 * that clients may import it.
 */
export const SYNC_BODY_MAX_BYTES = 32 * 1024 * 1024;
