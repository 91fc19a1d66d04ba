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
import { trustBundle } from './tls/trust-bundle';

try {
  const {
    dir,
    hosts,
    help,
    trustBundle: bundle,
  } = parseEnsureCertsArgs(process.argv.slice(2), DEFAULT_CERT_DIR);
  if (help) {
    process.stdout.write(
      'usage: npx tsx emulator/ensure-certs.ts [dir] [--cert-dir <dir>] [--cert-hosts <a,b>] [--trust-bundle]\n',
    );
  } else {
    const { caPath } = ensureCertificates(dir, { hosts });
    // --trust-bundle: the file for NODE_EXTRA_CA_CERTS, keeping what the caller trusts already.
    const trusted = bundle ? trustBundle(caPath, process.env.NODE_EXTRA_CA_CERTS) : caPath;
    process.stdout.write(`${trusted}\n`);
  }
} catch (error) {
  process.stderr.write(`ensure-certs: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
