/** Two tiers: unit specs beside the code, e2e specs in test/ against a listening service. */
const transform = {
  '^.+\\.ts$': [
    'ts-jest',
    // Type errors are tsc's job (npm run typecheck); Jest only transpiles, which keeps it fast.
    { tsconfig: 'tsconfig.spec.json', diagnostics: false },
  ],
};

const common = {
  testEnvironment: 'node',
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform,
  setupFiles: ['reflect-metadata'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  // Jest's default (one worker per core but one) runs everything in band on a 2-core machine:
  // the e2e suites, which mostly wait on deadlines, timers and sockets, then wait one after the
  // other. One worker per core overlaps those waits.
  maxWorkers: '100%',
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/src', '<rootDir>/emulator', '<rootDir>/scripts'],
      testRegex: '.*\\.spec\\.ts$',
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testRegex: '.*\\.e2e-spec\\.ts$',
    },
  ],
};
