import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The operator console: built into the service's own dist/ (dist/console), served at /console.
 * Everything it needs is bundled; the page fetches nothing from anywhere but the service.
 */
export default defineConfig({
  root: here,
  base: '/console/',
  // A page served by the service under a strict CSP: no inline scripts or styles to allow.
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // .vite/manifest.json marks a built console (the service serves no folder without it, not
    // even console/ itself when it runs from source).
    manifest: true,
    assetsInlineLimit: 0,
    target: 'es2022',
  },
  test: {
    root: here,
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
});
