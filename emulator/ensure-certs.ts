/**
 * `npx tsx emulator/ensure-certs.ts [dir]`: creates the emulator's CA and server certificate if
 * they are missing and prints the CA file's absolute path as the last line of stdout, which
 * `scripts/run-tests.mjs` reads into NODE_EXTRA_CA_CERTS.
 */
import { resolve } from 'node:path';
import { DEFAULT_CERT_DIR } from './paths';
import { ensureCertificates } from './tls/certificates';

const dir = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_CERT_DIR;
const bundle = ensureCertificates(dir);
process.stdout.write(`${bundle.caPath}\n`);
