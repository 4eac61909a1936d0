import { invalid } from '../errors/app-error.js';

/**
 * What text may enter the system and how it is made safe to store and to show.
 *
 * Every string the controller receives is kept exactly as answered: it must be well-formed
 * Unicode (no lone UTF-16 surrogate, which neither SQLite's UTF-8 nor PostgreSQL can store
 * as given) and hold no NUL (PostgreSQL text cannot). Names people read in tables must
 * also be free of control characters and of the bidirectional overrides and isolates that can
 * make one name look like another.
 */

const NUL = '\u0000';
// C0 controls, DEL and C1 controls: finding them is the point of this pattern.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
// Embeddings, overrides and isolates: they reorder what follows them on a terminal.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;

/** Why a string cannot be stored as given, or null when it can. */
export function unstorableReason(text: string): string | null {
  if (!text.isWellFormed()) return 'is not well-formed Unicode (it holds a lone surrogate)';
  if (text.includes(NUL)) return 'holds a NUL character';
  return null;
}

/** Why a name cannot be shown safely in a table, or null when it can. */
export function unsafeNameReason(name: string): string | null {
  const unstorable = unstorableReason(name);
  if (unstorable !== null) return unstorable;
  if (CONTROL.test(name)) return 'holds a control character';
  if (BIDI_CONTROL.test(name)) return 'holds a bidirectional override or isolate character';
  return null;
}

/**
 * The string as it is stored: lone surrogates become U+FFFD and NUL becomes U+FFFD, which is
 * what a store would otherwise do silently. Applied to what the controller writes on its own
 * account (audit facts), so what is hashed is byte for byte what is read back.
 */
export function storableText(text: string): string {
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return wellFormed.includes(NUL) ? wellFormed.replaceAll(NUL, '\uFFFD') : wellFormed;
}

/** Where in a parsed JSON value the first unstorable string is, as a dotted path under `root`. */
export function findUnstorableText(
  value: unknown,
  root: string,
): { readonly path: string; readonly reason: string } | null {
  if (typeof value === 'string') {
    const reason = unstorableReason(value);
    return reason === null ? null : { path: root, reason };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${root}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyReason = unstorableReason(key);
      if (keyReason !== null) return { path: root, reason: `has a field name that ${keyReason}` };
      const found = findUnstorableText(item, `${root}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses a name people will read in tables when it could disturb or deceive their terminal. */
export function requireDisplayableName(name: string, field = 'name'): void {
  const reason = unsafeNameReason(name);
  if (reason !== null) throw invalid(`Invalid input: ${field} ${reason}`, { field });
}
