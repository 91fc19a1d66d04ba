import { randomUUID } from 'node:crypto';
import { startStack, type TestStack } from './support';
import { eventually, operatorApi } from './support/calls-helpers';

const OPERATOR_KEY = `list-operator-key-${randomUUID()}`;

interface Page {
  value: { id: string; receivedAt: string; decision: string | null; [k: string]: unknown }[];
  nextCursor: string | null;
}

/** Reads Server-Sent Events until `until` accepts one (or the time runs out). */
async function firstEvent(
  url: string,
  until: (event: string, data: Record<string, unknown>) => boolean,
  started: () => Promise<void>,
): Promise<{ event: string; data: Record<string, unknown> }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${OPERATOR_KEY}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    void started();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += value;
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!data) continue;
        const parsed = JSON.parse(data) as Record<string, unknown>;
        if (until(event, parsed)) return { event, data: parsed };
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

describe('Operator API: pages, filters, call events', () => {
  let stack: TestStack;
  let api: ReturnType<typeof operatorApi>;

  beforeAll(async () => {
    stack = await startStack({
      env: { OPERATOR_API_KEYS: OPERATOR_KEY },
      config: {
        answer: {
          rules: [
            {
              name: 'phones wait for an operator',
              match: { callerKinds: ['phone'] },
              action: { type: 'defer' },
            },
          ],
        },
      },
      waitFor: ['notificationKeys', 'graphToken'],
    });
    api = operatorApi(stack.baseUrl, OPERATOR_KEY);
    for (let i = 0; i < 3; i++) {
      const placed = await stack.emulator.placeCall('p2p-service-hosted');
      await stack.emulator.waitForAction(placed.callId, 8000);
    }
  });
  afterAll(() => stack?.close());

  it('pages newest first with a cursor, and says which rule and profile decided', async () => {
    const first = await api.get<Page>('?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.value).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.get<Page>(`?limit=2&cursor=${first.body.nextCursor}`);
    const all = [...first.body.value, ...second.body.value];
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    const times = all.map((c) => Date.parse(c.receivedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(first.body.value[0]).toMatchObject({
      decision: 'answer',
      decisionSource: 'default',
      decisionRule: null,
      mediaProfile: null,
      fallbackReason: null,
    });
  });

  it('refuses bad filters, page sizes and cursors with 400', async () => {
    for (const query of [
      '?limit=0',
      '?limit=501',
      '?state=sleeping',
      '?cursor=nope',
      '?since=yesterday',
      '?color=red',
    ]) {
      expect({ query, status: (await api.get(query)).status }).toEqual({ query, status: 400 });
    }
  });

  it('streams a deferred call as it happens, then filters it by decision', async () => {
    let callId = '';
    const { data } = await firstEvent(
      `${stack.baseUrl}/api/calls/events`,
      (event, payload) =>
        event === 'deferred' &&
        (payload.call as { id: string }).id.toLowerCase() === callId.toLowerCase(),
      async () => {
        callId = (
          await stack.emulator.placeCall('p2p-service-hosted', { caller: { kind: 'phone' } })
        ).callId;
      },
    );
    expect(data.call).toMatchObject({ decision: 'defer', decisionSource: 'rule' });

    const deferred = await api.get<Page>('?decision=defer');
    expect(deferred.body.value.map((c) => c.id)).toEqual([callId]);
    expect((await api.post(`/${callId}/answer`, {})).status).toBe(200);
    const answered = await eventually(async () => {
      const page = await api.get<Page>(`?decision=answer&limit=500`);
      return page.body.value.find((c) => c.id === callId);
    });
    expect(answered).toMatchObject({ decisionSource: 'operator', outcome: 'sent' });
  });
});
