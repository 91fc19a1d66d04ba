// `npm test`: makes sure the emulator's certificate authority exists, then runs Jest with Node
// trusting it besides what the machine trusts already (NODE_EXTRA_CA_CERTS is read once at process
// start, so it must be set here).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env };
if (existsSync('emulator/ensure-certs.ts')) {
  const certs = spawnSync('npx', ['tsx', 'emulator/ensure-certs.ts', '--trust-bundle'], {
    encoding: 'utf8',
  });
  if (certs.status !== 0) {
    process.stderr.write(certs.stderr);
    process.exit(certs.status ?? 1);
  }
  env.NODE_EXTRA_CA_CERTS = certs.stdout.trim().split('\n').pop();
}
const jest = spawnSync(
  process.execPath,
  ['node_modules/jest/bin/jest.js', ...process.argv.slice(2)],
  { stdio: 'inherit', env },
);
process.exit(jest.status ?? 1);
