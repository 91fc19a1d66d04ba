import { resolve } from 'node:path';

/** The repository root, whether the emulator runs from source (tsx, ts-jest) or elsewhere. */
export const REPO_ROOT = resolve(__dirname, '..');

/** Git-ignored folder for everything the emulator generates (certificates, signing keys). */
export const EMULATOR_STATE_DIR = resolve(REPO_ROOT, '.emulator');
export const DEFAULT_CERT_DIR = resolve(EMULATOR_STATE_DIR, 'certs');
export const DEFAULT_KEY_DIR = resolve(EMULATOR_STATE_DIR, 'keys');
