// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.test-dist/',
      'coverage/',
      'node_modules/',
      '.emulator/',
      'eslint.config.mjs',
      'examples/*/node_modules/',
      'examples/*/dist/',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false },
      globals: { process: 'readonly', console: 'readonly', module: 'writable' },
    },
  },
  {
    // The operator console (console/, a browser page typed by console/tsconfig.json): what a call
    // carries (a caller's display name, Graph's messages) must never become markup, so text goes
    // in as text nodes (console/src/shell/dom.ts) and the HTML sinks are refused.
    files: ['console/**/*.ts', 'console/**/*.mts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Build nodes with h() (console/src/shell/dom.ts).' },
        { property: 'outerHTML', message: 'Build nodes with h() (console/src/shell/dom.ts).' },
        { property: 'insertAdjacentHTML', message: 'Build nodes with h().' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'localStorage', message: 'The key lives in sessionStorage only.' },
      ],
    },
  },
  {
    // The examples compile against the packed package in a folder of their own (their tests do
    // that), not against this repository, so they are linted without type information here.
    files: ['examples/**/*.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
);
