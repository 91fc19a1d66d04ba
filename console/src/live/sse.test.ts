import { describe, expect, it } from 'vitest';
import { readEvents, SseParser } from './sse';

describe('SseParser', () => {
  it('reads named events whose lines arrive split across chunks', () => {
    const parser = new SseParser();
    const text =
      'event: deferred\ndata: {"call":{"id":"a"}}\n\n: comment\n\nevent: decided\r\ndata: 1\r\ndata: 2\r\n\r\n';
    const events = [...text].flatMap((char) => parser.push(char));
    expect(events).toEqual([
      { event: 'deferred', data: '{"call":{"id":"a"}}' },
      { event: 'decided', data: '1\n2' },
    ]);
  });

  it('names an event without `event:` "message", and drops one without data', () => {
    const parser = new SseParser();
    expect(parser.push('event: heartbeat\n\ndata:x\n\n')).toEqual([
      { event: 'message', data: 'x' },
    ]);
  });

  it('keeps a trailing CR until it knows whether LF follows', () => {
    const parser = new SseParser();
    expect(parser.push('data: a\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ event: 'message', data: 'a' }]);
  });
});

describe('readEvents', () => {
  it('reads a byte stream to its end, multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('event: incoming\ndata: "Zoë"\n\n');
    const split = bytes.indexOf(0xc3) + 1;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, split));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    const seen: unknown[] = [];
    await readEvents(body, (event) => seen.push(event));
    expect(seen).toEqual([{ event: 'incoming', data: '"Zoë"' }]);
  });
});
