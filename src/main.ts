import 'reflect-metadata';
import { ConfigFileError, ConfigValidationError, loadAppConfig } from './config';
import { createApp } from './app.factory';

/** Configuration problems end the process with one `config error:` line each, before listening. */
function exitOnConfigError(error: unknown): void {
  if (error instanceof ConfigValidationError) {
    for (const problem of error.problems) process.stderr.write(`config error: ${problem}\n`);
    process.exit(1);
  }
  if (error instanceof ConfigFileError) {
    process.stderr.write(`config error: ${error.message}\n`);
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  try {
    loadAppConfig();
    const app = await createApp();
    // Modules check the parts of the configuration they own while initialising (e.g. every
    // answer rule is turned into its Graph request): their errors take the same path as above.
    await app.init();
    const { port, host } = loadAppConfig().server;
    await app.listen(port, host);
  } catch (error) {
    exitOnConfigError(error);
    throw error;
  }
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`start-up failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
