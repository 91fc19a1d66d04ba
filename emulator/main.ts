/**
 * `npm run emulator [-- --port 8443 --bot http://127.0.0.1:3000 ...]`: runs the emulator on its
 * own, for a service started separately. `--help` lists the flags.
 *
 * In a container (docker-compose.yml) it listens on every interface, advertises the name other
 * containers use (`--external-url https://emulator:8443`) and writes its CA to a shared volume
 * (`--cert-dir /certs`); the server certificate then covers that name as well.
 */
import { startEmulator } from './index';
import { parseEmulatorArgs, usage } from './cli-options';

async function main(): Promise<void> {
  const { options, values } = parseEmulatorArgs(process.argv.slice(2), {
    quiet: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(usage('npm run emulator --', { quiet: 'no line per call' }));
    return;
  }
  const emulator = await startEmulator({
    ...options,
    log: values.quiet ? null : (line) => process.stdout.write(`[emulator] ${line}\n`),
  });
  const env = emulator.serviceEnv();
  if (
    !options.externalUrl &&
    (emulator.options.host === '0.0.0.0' || emulator.options.host === '::')
  ) {
    // The URLs below name 127.0.0.1, which is this machine only; others need --external-url.
    process.stdout.write(
      `note: listening on every interface, but advertising ${emulator.url}; set --external-url to the address others use\n`,
    );
  }
  process.stdout.write(
    [
      `Graph emulator listening on ${emulator.url} (control API: ${emulator.url}/_emulator)`,
      `bot: ${emulator.options.botBaseUrl}${emulator.options.botPath} (callbacks under ${emulator.options.publicBaseUrl} are delivered there)`,
      'Start the service with:',
      ...Object.entries(env).map(([name, value]) => `  export ${name}='${value}'`),
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${(error as Error).message}\n`);
  process.exit(1);
});
