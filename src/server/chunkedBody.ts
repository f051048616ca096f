// A chunked request body (RFC 9112 7.1), decoded as its bytes arrive: each
// call reads what it can of the text it is given (latin1, one character per
// byte) and says how much it used, so bytes are never read twice however the
// body is split across packets. It keeps at most `limit` bytes of data; past
// that the request is answered from what was kept and the connection closed.

export type ChunkedProgress = { used: number; state: 'more' | 'done' | 'full' } | { used: number; state: 'error'; reason: string };

// A chunk-size line: hex digits, then extensions, which mean nothing here.
const SIZE_LINE = /^([0-9A-Fa-f]{1,8})[ \t]*(?:;[^\r\n]*)?$/;
const MAX_LINE = 4096;
const MAX_TRAILERS = 16 * 1024;

export class ChunkedBody {
  private readonly parts: string[] = [];
  private kept = 0;
  /** Data bytes still to come in the current chunk (0: its closing CRLF); -1 before a size line; -2 in the trailers. */
  private remaining = -1;
  private trailerBytes = 0;

  constructor(private readonly limit: number) {}

  /** The data kept so far, as the text of its bytes. */
  text(): string {
    return this.parts.join('');
  }

  read(text: string): ChunkedProgress {
    let at = 0;
    for (;;) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, text.length - at, this.limit - this.kept);
        this.parts.push(text.slice(at, at + take));
        this.kept += take;
        this.remaining -= take;
        at += take;
        if (this.kept >= this.limit) return { used: at, state: 'full' };
        if (this.remaining > 0) return { used: at, state: 'more' };
      }
      if (this.remaining === 0) {
        // The chunk's data ends with CRLF.
        if (text.length - at < 2) return { used: at, state: 'more' };
        if (text.charCodeAt(at) !== 13 || text.charCodeAt(at + 1) !== 10) return { used: at, state: 'error', reason: 'a chunk is longer than its size says' };
        at += 2;
        this.remaining = -1;
      }
      const lineEnd = text.indexOf('\r\n', at);
      if (lineEnd === -1) {
        if (text.length - at > MAX_LINE) return { used: at, state: 'error', reason: 'a chunk line is too long' };
        return { used: at, state: 'more' };
      }
      const line = text.slice(at, lineEnd);
      at = lineEnd + 2;
      if (this.remaining === -2) {
        // Trailer fields carry nothing the app reads; an empty line ends the body.
        if (line === '') return { used: at, state: 'done' };
        this.trailerBytes += line.length + 2;
        if (this.trailerBytes > MAX_TRAILERS) return { used: at, state: 'error', reason: 'the trailers are too long' };
        continue;
      }
      const size = SIZE_LINE.exec(line);
      if (!size) return { used: at, state: 'error', reason: 'a chunk size is not a hex number' };
      this.remaining = parseInt(size[1]!, 16);
      if (this.remaining === 0) this.remaining = -2;
    }
  }
}
