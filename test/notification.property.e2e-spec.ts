import fc from 'fast-check';
import {
  notificationFixtures,
  rawPost,
  startStack,
  withFreshCallIds,
  type Json,
  type JsonObject,
  type TestStack,
} from './support';

/**
 * Random and mutated notifications thrown at `POST /api/calling` over HTTP with valid tokens:
 * whatever arrives, the answer is never a 5xx and the service stays up.
 */

const FIXTURES = Object.values(notificationFixtures());
const RESOURCE_TYPES = [
  '#microsoft.graph.call',
  '#microsoft.graph.participant',
  '#microsoft.graph.participantJoiningNotification',
  '#microsoft.graph.participantLeftNotification',
  '#microsoft.graph.commsOperation',
  '#microsoft.graph.playPromptOperation',
  '#microsoft.graph.contentSharingSession',
  '#microsoft.graph.somethingNew',
];

type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'rename'; at: number; name: string }
  | { op: 'replace'; at: number; value: Json }
  | { op: 'hugeString'; at: number; length: number }
  | { op: 'weirdString'; at: number; text: string }
  | { op: 'nest'; at: number; depth: number; asArray: boolean }
  | { op: 'retype'; at: number; type: string }
  | { op: 'recase'; at: number }
  | { op: 'duplicateItem' };

/**
 * The (container, key) pairs of the tree, down to a depth where the service's own structure ends
 * (below that is junk an earlier mutation nested, which need not be mutated further).
 */
function slots(root: Json): Array<[JsonObject | Json[], string | number]> {
  const found: Array<[JsonObject | Json[], string | number]> = [];
  const pending: Array<[Json, number]> = [[root, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.shift()!;
    if (depth > 12 || node === null || typeof node !== 'object') continue;
    const entries: Array<[string | number, Json]> = Array.isArray(node)
      ? node.map((child, index) => [index, child])
      : Object.entries(node);
    for (const [key, child] of entries) {
      found.push([node, key]);
      pending.push([child, depth + 1]);
    }
  }
  return found;
}

function nested(depth: number, asArray: boolean): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i += 1) value = asArray ? [value] : { junk: value };
  return value;
}

function mutate(body: JsonObject, mutation: Mutation): void {
  if (mutation.op === 'duplicateItem') {
    const value = body.value;
    if (Array.isArray(value) && value.length > 0)
      value.push(JSON.parse(JSON.stringify(value[0])) as Json);
    return;
  }
  const all = slots(body);
  if (all.length === 0) return;
  const [container, key] = all[mutation.at % all.length];
  const set = (value: Json): void => {
    (container as Record<string | number, Json>)[key] = value;
  };
  const current = (container as Record<string | number, Json>)[key];
  switch (mutation.op) {
    case 'drop':
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
      return;
    case 'rename':
      if (!Array.isArray(container)) {
        delete container[key as string];
        container[mutation.name] = current;
      }
      return;
    case 'replace':
      return set(mutation.value);
    case 'hugeString':
      return set('A'.repeat(mutation.length));
    case 'weirdString':
      return set(mutation.text);
    case 'nest':
      return set(nested(mutation.depth, mutation.asArray));
    case 'retype':
      if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
        current['@odata.type'] = mutation.type;
      } else {
        set(mutation.type);
      }
      return;
    case 'recase':
      if (typeof current === 'string') {
        set([...current].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join(''));
      }
      return;
  }
}

const weirdText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\ud800',
    '\u202e/communications/calls/x',
    '/communications/calls/\u0430bc',
    '/communications/calls/../../x',
    '/communications/calls/a%2Fb',
    '𝓬𝓪𝓵𝓵',
    'Z\u0351\u0359\u0359\u0353',
    '',
  ),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('rename' as const),
    at: fc.nat(),
    name: fc.string({ maxLength: 12 }),
  }),
  fc.record({
    op: fc.constant('replace' as const),
    at: fc.nat(),
    value: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  }),
  fc.record({
    op: fc.constant('hugeString' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1000, max: 200_000 }),
  }),
  fc.record({ op: fc.constant('weirdString' as const), at: fc.nat(), text: weirdText }),
  fc.record({
    op: fc.constant('nest' as const),
    at: fc.nat(),
    depth: fc.integer({ min: 1, max: 300 }),
    asArray: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('retype' as const),
    at: fc.nat(),
    type: fc.constantFrom(...RESOURCE_TYPES),
  }),
  fc.record({ op: fc.constant('recase' as const), at: fc.nat() }),
  fc.constant({ op: 'duplicateItem' as const }),
);

const mutatedFixture = fc
  .tuple(fc.nat({ max: FIXTURES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([index, mutations]) => {
    const body = withFreshCallIds(FIXTURES[index]);
    for (const change of mutations) mutate(body, change);
    return body;
  });

describe('POST /api/calling under random input', () => {
  let stack: TestStack;
  let token: string;

  beforeAll(async () => {
    stack = await startStack();
    token = await stack.emulator.signNotificationToken();
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function post(body: unknown, rawBody?: string): Promise<number> {
    const result = await rawPost(stack.callbackUrl, { token, body, rawBody });
    if (result.status >= 400) {
      // Every refusal keeps the error shape.
      expect(result.body).toEqual(
        expect.objectContaining({ statusCode: result.status, message: expect.any(String) }),
      );
    }
    return result.status;
  }

  it('never answers a 5xx to mutated fixtures', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(mutatedFixture, async (body) => {
        const status = await post(body);
        seen.add(status);
        expect([200, 202, 400, 413]).toContain(status);
      }),
      { numRuns: 200 },
    );
    // The mutations must reach both sides of validation, or the property proves little.
    expect(seen).toContain(202);
    expect(seen).toContain(400);
  });

  it('never answers a 5xx to random JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 6 }),
          fc.record({ value: fc.array(fc.jsonValue({ maxDepth: 5 }), { maxLength: 5 }) }),
          fc.record({
            value: fc.array(
              fc.record(
                {
                  changeType: fc.oneof(
                    fc.constantFrom('created', 'Updated', 'DELETED'),
                    fc.string(),
                  ),
                  resourceUrl: fc.oneof(
                    fc.constantFrom('/communications/calls/abc', '/app/calls/x/participants'),
                    fc.string(),
                  ),
                  resourceData: fc.oneof(
                    fc.record({ '@odata.type': fc.constantFrom(...RESOURCE_TYPES) }),
                    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
                    fc.jsonValue({ maxDepth: 3 }),
                  ),
                },
                { requiredKeys: [] },
              ),
              { maxLength: 4 },
            ),
          }),
        ),
        async (body) => {
          expect(await post(body)).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('never answers a 5xx to bytes that are not JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (text) => {
        expect(await post(undefined, text)).toBeLessThan(500);
      }),
      { numRuns: 30 },
    );
  });

  it('is still up and serving afterwards', async () => {
    expect((await fetch(`${stack.baseUrl}/health/live`)).status).toBe(200);
    const body = withFreshCallIds(FIXTURES[0]);
    expect(await post(body)).toBeLessThan(300);
  });
});
