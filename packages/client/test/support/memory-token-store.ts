import type { CachedToken, TokenStore } from '@murmuration/client';

/** The token store's edge (a file in the CLI) kept in memory for a test, with what it holds. */
export function memoryTokenStore(): TokenStore & { saved: CachedToken | null } {
  const store = {
    saved: null as CachedToken | null,
    load: async () => store.saved,
    save: async (t: CachedToken) => {
      store.saved = t;
    },
    clear: async () => {
      store.saved = null;
    },
  };
  return store;
}
