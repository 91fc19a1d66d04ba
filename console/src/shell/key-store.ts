/**
 * The operator key, kept for this browser tab's session only (sessionStorage): typed once, sent as
 * a bearer header, never put in a URL, gone when the tab closes.
 */
const KEY = 'switchboard.operatorKey';

export interface KeyStore {
  get(): string | null;
  set(key: string): void;
  clear(): void;
}

export function sessionKeyStore(storage: Storage = sessionStorage): KeyStore {
  return {
    get: () => storage.getItem(KEY),
    set: (key) => storage.setItem(KEY, key),
    clear: () => storage.removeItem(KEY),
  };
}
