/**
 * `npx tsx emulator/ensure-certs.ts [dir] [--cert-dir <dir>] [--cert-hosts emulator,...]`: creates
 * the emulator's CA and server certificate if they are missing (or the server certificate does
 * not cover the given names) and prints the CA file's absolute path as the last line of stdout,
 * which `scripts/run-tests.mjs` reads into NODE_EXTRA_CA_CERTS. Environment variables are not
 * read (see parseEnsureCertsArgs).
 */
import { parseEnsureCertsArgs } from './cli-options';
import { DEFAULT_CERT_DIR } from './paths';
import { ensureCertificates } from './tls/certificates';

try {
  const { dir, hosts, help } = parseEnsureCertsArgs(process.argv.slice(2), DEFAULT_CERT_DIR);
  if (help) {
    process.stdout.write(
      'usage: npx tsx emulator/ensure-certs.ts [dir] [--cert-dir <dir>] [--cert-hosts <a,b>]\n',
    );
  } else {
    process.stdout.write(`${ensureCertificates(dir, { hosts }).caPath}\n`);
  }
} catch (error) {
  process.stderr.write(`ensure-certs: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
