import fc from 'fast-check';
import {
  applyEdits,
  type BodyEdit,
  bodyEdit,
  ODATA_TYPES,
} from '../../../test/support/body-mutations';
import { type Json, type JsonObject, notificationFixtures } from '../../../test/support/fixtures';
import { firstDifference } from '../../../test/support/instance-trees';
import { StallWatchdog } from '../../../test/support/stall-watchdog';
import { compileBodyValidator } from '../../common/validation/compiled/compiled-body.validator';
import {
  jsonBodyValidator,
  stripPrototypeKeys,
  validatorOptionsOf,
} from '../../common/validation/json-body.validation';
import { GRAPH_VALIDATION } from '../../common/validation/validation.policy';
import { CommsNotificationsDto } from '../dto/comms-notifications.dto';
import { precheckBody } from './body-shape.precheck';
import { inferResourceTypes } from './resource-type.inference';

/**
 * The compiled validator of notification bodies against class-transformer + class-validator
 * (the reference), over thousands of mutated fixtures and generated bodies, each prepared as the
 * batch pipe prepares it: the compiled path accepts exactly the bodies the reference accepts,
 * and builds the very same instances (classes, keys, key order, values).
 *
 * CI runs fixed seeds, so that it is repeatable; `EQUIVALENCE_SEED=random` explores new bodies (as
 * a developer should before changing the compiled validator), `EQUIVALENCE_SEED=<n>` replays a
 * seed. The seeds are printed first; an input slower than a second is printed as it ends, one
 * still running after ten seconds (a loop, a heap being blown up) while it runs.
 */

const reference = jsonBodyValidator(CommsNotificationsDto, GRAPH_VALIDATION, { compiled: false });
const compiled = compileBodyValidator(
  CommsNotificationsDto,
  GRAPH_VALIDATION.transformOptions ?? {},
  validatorOptionsOf(GRAPH_VALIDATION),
)!;

const FIXTURES_BY_NAME = notificationFixtures();
const FIXTURE_NAMES = Object.keys(FIXTURES_BY_NAME);
const FIXTURES = Object.values(FIXTURES_BY_NAME);
const RESOURCE_DATA: Json[] = FIXTURES.flatMap((fixture) =>
  (fixture.value as JsonObject[]).map((item) => item.resourceData),
);

type Outcome = 'accepted' | 'rejected' | 'skipped';

/** The fixed seeds of CI, or one seed for both properties from `EQUIVALENCE_SEED`. */
function seedsOf(setting: string | undefined): { mutated: number; generated: number } {
  if (setting === undefined || setting === '') return { mutated: 20261204, generated: 1204 };
  const seed = setting === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(setting);
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`EQUIVALENCE_SEED must be "random" or an integer, not ${setting}`);
  }
  return { mutated: seed, generated: seed };
}

const SEEDS = seedsOf(process.env.EQUIVALENCE_SEED);
const SLOW_MS = 1000;
const STALLED_MS = 10_000;

const verdictOf = (instance: object | undefined): string =>
  instance === undefined ? 'rejected' : 'accepted';

/** Compares both paths on one body; returns what the reference said. */
async function compare(body: JsonObject): Promise<Outcome> {
  if (precheckBody(body).length > 0) return 'skipped';
  const prepared = inferResourceTypes(body) as object;
  const forReference = JSON.parse(JSON.stringify(prepared)) as object;
  const forCompiled = JSON.parse(JSON.stringify(prepared)) as object;
  let expected: object | undefined;
  try {
    const { instance, errors } = await reference(forReference);
    expected = errors.length === 0 ? instance : undefined;
  } catch {
    expected = undefined;
  }
  stripPrototypeKeys(forCompiled);
  const actual = compiled(forCompiled);
  const libraries = verdictOf(expected);
  expect({ libraries, compiled: verdictOf(actual) }).toEqual({ libraries, compiled: libraries });
  if (expected === undefined) return 'rejected';
  // Where the compiled instance first differs from the libraries' one, if anywhere.
  expect(firstDifference(actual, expected)).toBeUndefined();
  return 'accepted';
}

const item: fc.Arbitrary<JsonObject> = fc.record(
  {
    changeType: fc.constantFrom<Json>(
      'created',
      'updated',
      'deleted',
      'Created',
      'UPDATED',
      'x',
      1,
    ),
    resourceUrl: fc.constantFrom<Json>(
      '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896',
      '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/participants',
      '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/operations/op-1',
      '/communications/calls/not valid',
      null,
    ),
    resource: fc.constantFrom<Json>('/app/calls/57DAB8B1894C409AB240BD8BEAE78896', null, 3),
    resourceData: fc.oneof(
      fc.constantFrom(...RESOURCE_DATA),
      fc.array(fc.constantFrom(...RESOURCE_DATA), { maxLength: 3 }),
      fc.record({ '@odata.type': fc.constantFrom<Json>(...ODATA_TYPES, '', null) }),
    ),
  },
  { requiredKeys: ['changeType'] },
);

const generated: fc.Arbitrary<JsonObject> = fc.record(
  {
    '@odata.type': fc.constantFrom<Json>('#microsoft.graph.commsNotifications', 'other'),
    value: fc.array(item, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['value'] },
);

describe('compiled notification validator ≡ class-transformer + class-validator', () => {
  const seen: Record<Outcome, number> = { accepted: 0, rejected: 0, skipped: 0 };
  const watchdog = new StallWatchdog('compiled validator equivalence', STALLED_MS);

  /**
   * What one property does with each input: builds the body from it and compares both paths on
   * it. The input is described, with the seed that replays it and its rank in the property, to
   * the watchdog while it runs, and printed when it took long.
   */
  const recorder = (seed: number) => {
    let runs = 0;
    return async (input: object, body: () => JsonObject): Promise<void> => {
      runs += 1;
      const described = `EQUIVALENCE_SEED=${seed}, input ${runs}: ${fc.stringify(input)}`;
      watchdog.begin(described);
      const started = performance.now();
      try {
        seen[await compare(body())] += 1;
      } finally {
        watchdog.end();
        const took = performance.now() - started;
        if (took > SLOW_MS) process.stdout.write(`slow (${Math.round(took)} ms): ${described}\n`);
      }
    };
  };

  beforeAll(() => {
    const how = process.env.EQUIVALENCE_SEED
      ? `EQUIVALENCE_SEED=${process.env.EQUIVALENCE_SEED}`
      : 'fixed';
    process.stdout.write(
      `compiled validator equivalence: seeds ${SEEDS.mutated} (mutated fixtures) and ${SEEDS.generated} (generated bodies), ${how}\n`,
    );
  });

  afterAll(() => watchdog.stop());

  it('builds the same instances of every fixture', async () => {
    for (const fixture of FIXTURES) expect(await compare(fixture)).toBe('accepted');
  });

  it('agrees on 1,500 mutated fixtures', async () => {
    const record = recorder(SEEDS.mutated);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FIXTURE_NAMES),
        fc.array(bodyEdit, { minLength: 1, maxLength: 3 }),
        (fixture, edits) =>
          record({ fixture, edits }, () => applyEdits(FIXTURES_BY_NAME[fixture], edits)),
      ),
      { numRuns: 1500, seed: SEEDS.mutated },
    );
  });

  it('agrees on 1,000 generated bodies, edited or not', async () => {
    const record = recorder(SEEDS.generated);
    await fc.assert(
      fc.asyncProperty(generated, fc.array(bodyEdit, { maxLength: 2 }), (body, edits) =>
        record({ body, edits }, () => applyEdits(body, edits)),
      ),
      { numRuns: 1000, seed: SEEDS.generated },
    );
  });

  it('saw plenty of both verdicts (the generators are not degenerate)', () => {
    process.stdout.write(`compiled validator equivalence: ${JSON.stringify(seen)}\n`);
    expect(seen.accepted).toBeGreaterThan(250);
    expect(seen.rejected).toBeGreaterThan(1000);
  });
});

describe('the body edits of these properties', () => {
  it('put copies of their values in the body, so a value several edits share is never changed, nor made a cycle', () => {
    // fast-check hands one `[{}]` of `constantFrom` to every edit and run that picks it. Put in by
    // reference, this pair stored it in itself; the next edit's walk of the body never ended.
    const shared: Json = [{}];
    const edits: BodyEdit[] = [
      { op: 'set', at: 0, value: shared },
      { op: 'add', at: 1, key: '@odata.type', value: shared },
    ];
    expect(applyEdits({ a: 1 }, edits)).toEqual({ a: [{ '@odata.type': [{}] }] });
    expect(shared).toEqual([{}]);
  });

  it('leave every generated edit as it was generated', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURE_NAMES),
        fc.array(bodyEdit, { minLength: 1, maxLength: 3 }),
        (fixture, edits) => {
          const before = JSON.stringify(edits);
          applyEdits(FIXTURES_BY_NAME[fixture], edits);
          expect(JSON.stringify(edits)).toBe(before);
        },
      ),
      { numRuns: 2000, seed: SEEDS.mutated },
    );
  });
});
