import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkedBody, type ChunkedProgress } from '../../src/server/chunkedBody';

// A chunked body must decode to the same bytes however the client cut it into
// chunks and however the network cut those into packets.

/** Feeds `packets` as a connection would: unused text stays and the next packet is appended to it. */
function feed(decoder: ChunkedBody, packets: string[]): ChunkedProgress & { rest: string } {
  let buffer = '';
  let progress: ChunkedProgress = { used: 0, state: 'more' };
  for (const packet of packets) {
    buffer += packet;
    if (progress.state !== 'more') continue; // the body has ended: the rest is the next request's
    progress = decoder.read(buffer);
    buffer = buffer.slice(progress.used);
  }
  return { ...progress, rest: buffer };
}

function encode(body: string, cuts: number[], extension: boolean): string {
  const edges = [...new Set(cuts.map((cut) => cut % (body.length + 1)))].sort((a, b) => a - b);
  let text = '';
  let start = 0;
  for (const end of [...edges, body.length]) {
    if (end === start) continue;
    text += `${(end - start).toString(16)}${extension ? ';x=y' : ''}\r\n${body.slice(start, end)}\r\n`;
    start = end;
  }
  return `${text}0\r\nTrailer: t\r\n\r\n`;
}

function split(text: string, cuts: number[]): string[] {
  const edges = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const packets: string[] = [];
  let start = 0;
  for (const end of [...edges, text.length]) {
    packets.push(text.slice(start, end));
    start = end;
  }
  return packets;
}

const latin1Text = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((code) => String.fromCharCode(code)), maxLength: 300 });
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('a chunked request body', () => {
  it('decodes to the bytes sent, however they were chunked and split into packets, and leaves what follows it', () => {
    fc.assert(
      fc.property(latin1Text, cuts, cuts, fc.boolean(), (body, chunkCuts, packetCuts, extension) => {
        const next = 'GET /next HTTP/1.1\r\n';
        const decoder = new ChunkedBody(1000);
        const result = feed(decoder, split(encode(body, chunkCuts, extension) + next, packetCuts));
        expect(result.state).toBe('done');
        expect(decoder.text()).toBe(body);
        expect(result.rest).toBe(next);
      }),
    );
  });

  it('stops at the limit, keeping exactly that many bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), cuts, cuts, (limit, chunkCuts, packetCuts) => {
        const body = 'a'.repeat(limit + 50);
        const decoder = new ChunkedBody(limit);
        const result = feed(decoder, split(encode(body, chunkCuts, false), packetCuts));
        expect(result.state).toBe('full');
        expect(decoder.text()).toBe(body.slice(0, limit));
      }),
    );
  });

  it.each([
    ['a size that is not hex', 'zz\r\n'],
    ['data longer than its size', '2\r\nabc\r\n0\r\n\r\n'],
    ['a size line that never ends', 'f'.repeat(5000)],
  ])('refuses %s', (_what, text) => {
    expect(feed(new ChunkedBody(100), [text]).state).toBe('error');
  });
});
