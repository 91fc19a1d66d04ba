import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BenchContext } from '../context';
import { ratio, saveResults, say } from '../results';
import { REPO_ROOT } from '../server-pool';
import { round } from '../server-run';

type Validate = (body: object) => Promise<{ errors: unknown[] }>;

/**
 * The built notification validator, compiled or not, from the build `--service` names (dist/ by
 * default), as the service runs it. A build from before the compiled validator ignores the flag.
 */
function builtValidator(dist: string, compiled: boolean): Validate {
  const load = (path: string): Record<string, unknown> =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(join(dist, path)) as Record<string, unknown>;
  const { jsonBodyValidator } = load('common/validation/json-body.validation.js') as {
    jsonBodyValidator: (type: unknown, policy: unknown, options: unknown) => Validate;
  };
  const { GRAPH_VALIDATION } = load('common/validation/validation.policy.js');
  const { CommsNotificationsDto } = load('notification/dto/comms-notifications.dto.js');
  return jsonBodyValidator(CommsNotificationsDto, GRAPH_VALIDATION, { compiled });
}

/** Microseconds per body over `rounds` passes of the fixtures (each parsed afresh). */
async function timePerBody(validate: Validate, texts: string[], rounds: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds * texts.length; i++) {
    const { errors } = await validate(JSON.parse(texts[i % texts.length]) as object);
    if (errors.length > 0) throw new Error('a notification fixture did not validate');
  }
  return Number(process.hrtime.bigint() - started) / 1000 / (rounds * texts.length);
}

/**
 * `--mode validation`: the notification validator alone, in this process, compiled against
 * class-transformer + class-validator, alternating five times over the notification fixtures
 * (JSON parsing included in both): a ratio that machine load barely moves.
 */
export async function validationMode(context: Pick<BenchContext, 'options'>): Promise<void> {
  const dir = join(REPO_ROOT, 'test/fixtures/notifications');
  const texts = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => readFileSync(join(dir, file), 'utf8'));
  const dist = dirname(resolve(REPO_ROOT, context.options.serviceEntry));
  const libraries = builtValidator(dist, false);
  const compiled = builtValidator(dist, true);
  const rounds = Math.max(1, Math.round((context.options.seconds * 100) / texts.length));
  const samples: Array<{ librariesMicros: number; compiledMicros: number }> = [];
  for (let pass = 0; pass < 5; pass++) {
    const librariesMicros = round(await timePerBody(libraries, texts, rounds));
    const compiledMicros = round(await timePerBody(compiled, texts, rounds));
    samples.push({ librariesMicros, compiledMicros });
    say(`libraries ${librariesMicros} µs/body, compiled ${compiledMicros} µs/body`);
  }
  const best = (key: 'librariesMicros' | 'compiledMicros'): number =>
    Math.min(...samples.map((sample) => sample[key]));
  const summary = { speedUp: ratio(best('librariesMicros'), best('compiledMicros')) };
  say(
    `compiled validator: ${summary.speedUp}× faster than class-transformer + class-validator (best of 5)`,
  );
  say(`results: ${saveResults(context.options, summary, { samples })}`);
}
