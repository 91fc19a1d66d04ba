import 'reflect-metadata';
import { ConfigFileError, ConfigValidationError, loadAppConfig } from './config';
import { createApp } from './app.factory';

async function bootstrap(): Promise<void> {
  try {
    loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      for (const problem of error.problems) process.stderr.write(`config error: ${problem}\n`);
      process.exit(1);
    }
    if (error instanceof ConfigFileError) {
      process.stderr.write(`config error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp();
  const { port, host } = loadAppConfig().server;
  await app.listen(port, host);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`start-up failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
