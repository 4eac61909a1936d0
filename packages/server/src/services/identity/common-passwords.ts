import { dictionary } from '@zxcvbn-ts/language-common';

const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

/**
 * Forms of a candidate worth looking up: itself, without the digits and symbols people pad
 * common passwords with ("password2024!"), and with common letter substitutions undone
 * ("p@ssw0rd"). Short cores are skipped so that a long passphrase is never rejected for
 * containing one common word.
 */
function lookupForms(normalized: string): string[] {
  const forms = new Set<string>([normalized]);
  const core = normalized.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (core.length >= 4 && core.length * 2 >= normalized.length) forms.add(core);
  const unleet = normalized.replace(/[013457@$!]/g, (c) => LEET[c] ?? c);
  forms.add(unleet);
  const unleetCore = unleet.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (unleetCore.length >= 4 && unleetCore.length * 2 >= normalized.length) forms.add(unleetCore);
  return [...forms];
}

/** A checker against a list of about 50,000 commonly used passwords, loaded once. */
export function createCommonPasswordCheck(): (normalized: string) => boolean {
  let list: Set<string> | null = null;
  return (normalized) => {
    list ??= new Set((dictionary['passwords-common'] as readonly string[]).map((p) => p.toLowerCase()));
    const known = list;
    return lookupForms(normalized).some((form) => known.has(form));
  };
}
