// The dry run behind `npm run rules:check` (docs/rules.md): validates the configuration as the
// service does at start-up, then gives, per incoming call in each notification file, the decision,
// the rule that fired and the exact Graph request body. Nothing is sent anywhere.
// Exit codes: 0 done, 1 invalid configuration, 2 bad usage or an unreadable notification file.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { DecisionService } from '../calls';
import { ConfigFileError, ConfigValidationError, loadAppConfig, type AppConfig } from '../config';
import { dryRunDecision, incomingCalls } from './dry-run';

function usage(): number {
  process.stderr.write('usage: npm run rules:check -- [--config <dir>] <notification.json ...>\n');
  return 2;
}

/**
 * The validated configuration with everything that would reach the network turned off: no
 * credentials (so no token request), no Redis, no journal, and signing keys "fetched" from an
 * empty data: URL. Decisions only read the rules, media profiles and policy-recording settings.
 */
function offline(config: AppConfig): void {
  Object.assign(config.azure, { clientSecret: null, certificateKeyFile: null });
  config.store.driver = 'memory';
  config.journal.enabled = false;
  config.notification.openIdConfigUrl = 'data:application/json,{}';
}

async function check(files: readonly string[]): Promise<number> {
  const config = loadAppConfig();
  offline(config);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot([], config), {
    logger: false,
  });
  try {
    const decisions = app.get(DecisionService);
    let status = 0;
    for (const file of files) {
      let calls: ReturnType<typeof incomingCalls>;
      try {
        calls = incomingCalls(JSON.parse(readFileSync(file, 'utf8')));
      } catch (error) {
        process.stderr.write(`${file}: ${(error as Error).message}\n`);
        status = 2;
        continue;
      }
      if (calls.length === 0)
        process.stdout.write(`${JSON.stringify({ file, incomingCalls: 0 })}\n`);
      for (const { callId, resource } of calls) {
        const result = await dryRunDecision(decisions, callId, resource, config.answer.deadlines);
        process.stdout.write(`${JSON.stringify({ file, ...result }, null, 2)}\n`);
      }
    }
    return status;
  } finally {
    await app.close();
  }
}

/** Runs the check with `args` as on the command line; resolves to the exit code. */
export async function runRulesCheck(args: readonly string[]): Promise<number> {
  const at = args.indexOf('--config');
  if (at >= 0 && !args[at + 1]) return usage();
  if (at >= 0) process.env.CONFIG_DIR = resolve(args[at + 1]);
  const files = args.filter((_, index) => at < 0 || (index !== at && index !== at + 1));
  if (files.length === 0) return usage();
  process.env.LOG_LEVEL ??= 'silent';
  try {
    return await check(files);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      for (const problem of error.problems) process.stderr.write(`config error: ${problem}\n`);
      return 1;
    }
    if (error instanceof ConfigFileError) {
      process.stderr.write(`config error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
