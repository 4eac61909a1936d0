export const DIALECT_NAMES = ['sqlite', 'postgres'] as const;
/** The databases the store speaks. */
export type DialectName = (typeof DIALECT_NAMES)[number];
