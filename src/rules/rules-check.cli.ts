// `npm run rules:check -- [--config <dir>] <notification.json ...>` (docs/rules.md). Compiled with
// the service, because Nest's injection needs the compiler's decorator metadata; run from dist/.
import 'reflect-metadata';
import { runRulesCheck } from './rules-check';

runRulesCheck(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`rules:check failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
