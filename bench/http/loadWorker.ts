import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { LatencyHistogram } from './latencyHistogram';

// A closed-loop HTTP/1.1 load generator on raw keep-alive sockets, like wrk:
// each connection keeps one request in flight. Requests are prebuilt bytes so
// the generator spends its core on sockets, not on building requests, and
// responses are framed by Content-Length (or chunked) without a full parser.

export interface LoadPhase {
  /** Stop sending after this long (ms)... */
  durationMs: number;
  /** ...or after this many responses, whichever comes first. */
  maxRequests?: number;
}

export interface LoadWorkerData {
  port: number;
  connections: number;
  /** Complete HTTP requests, sent in turn. */
  requests: Uint8Array[];
}

export interface PhaseResult {
  completed: number;
  elapsedMs: number;
  /** Responses whose status was not the expected one. */
  unexpected: number;
  statuses: Record<string, number>;
  p50Micros: number;
  p99Micros: number;
  /** The body of the first response, to check what the server answered. */
  sampleBody: string;
  /** Fraction of the phase the generator itself was busy: near 1, it and not the server set the pace. */
  generatorBusy: number;
  error?: string;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** One keep-alive connection with at most one request in flight. */
class Connection {
  readonly socket: net.Socket;
  /** Bytes of a response that has not all arrived yet. */
  private pending: Buffer | undefined;
  private sentAt = 0;

  constructor(
    port: number,
    private readonly onResponse: (status: number, micros: number, body: () => string) => void,
  ) {
    // `onread` hands each read over in one reused buffer, skipping the stream
    // machinery: it makes the generator about a third cheaper per request.
    const readBuffer = Buffer.allocUnsafe(256 * 1024);
    this.socket = net.connect({
      port,
      host: '127.0.0.1',
      noDelay: true,
      onread: { buffer: readBuffer, callback: (size) => this.receive(readBuffer.subarray(0, size)) },
    });
  }

  send(request: Uint8Array): void {
    this.sentAt = performance.now();
    this.socket.write(request);
  }

  private receive(chunk: Buffer): boolean {
    let buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    for (;;) {
      const framed = frame(buffer);
      if (!framed) {
        // The read buffer is reused: keep a copy of a partial response.
        if (buffer.length > 0) this.pending = Buffer.from(buffer);
        return true;
      }
      const micros = (performance.now() - this.sentAt) * 1000;
      const status = Number(buffer.toString('latin1', 9, 12));
      const response = buffer;
      this.onResponse(status, micros, () => bodyOf(response, framed));
      buffer = buffer.subarray(framed.end);
      if (buffer.length === 0) return true;
    }
  }
}

/** Where one complete response ends in `buffer`, or undefined if it has not all arrived. */
function frame(buffer: Buffer): { bodyStart: number; end: number; chunked: boolean } | undefined {
  const headEnd = buffer.indexOf(CRLFCRLF);
  if (headEnd === -1) return undefined;
  const head = buffer.toString('latin1', 0, headEnd).toLowerCase();
  const bodyStart = headEnd + 4;
  const lengthAt = head.indexOf('\r\ncontent-length:');
  if (lengthAt !== -1) {
    const end = bodyStart + parseInt(head.slice(lengthAt + 17), 10);
    return buffer.length >= end ? { bodyStart, end, chunked: false } : undefined;
  }
  if (!head.includes('\r\ntransfer-encoding: chunked')) return { bodyStart, end: bodyStart, chunked: false };
  // Walk the chunks: size line, data, CRLF, until the empty chunk and its trailing CRLF.
  let at = bodyStart;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd === -1) return undefined;
    const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
    if (size === 0) {
      const end = buffer.indexOf(CRLFCRLF, lineEnd - 2);
      return end === -1 ? undefined : { bodyStart, end: end + 4, chunked: true };
    }
    at = lineEnd + 2 + size + 2;
    if (at > buffer.length) return undefined;
  }
}

/** The body of a framed response, de-chunked. */
function bodyOf(buffer: Buffer, framed: { bodyStart: number; end: number; chunked: boolean }): string {
  if (!framed.chunked) return buffer.toString('utf8', framed.bodyStart, framed.end);
  const parts: Buffer[] = [];
  let at = framed.bodyStart;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
    if (!(size > 0)) return Buffer.concat(parts).toString('utf8');
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** One bounded run of load and what it measured. */
class Phase {
  readonly histogram = new LatencyHistogram();
  readonly started = performance.now();
  private readonly loopAtStart = performance.eventLoopUtilization();
  lastAt = this.started;
  stopping = false;
  completed = 0;
  unexpected = 0;
  statuses: Record<string, number> = {};
  sampleBody = '';
  error: string | undefined;
  constructor(readonly spec: LoadPhase) {}

  result(): PhaseResult {
    return {
      completed: this.completed,
      elapsedMs: this.lastAt - this.started,
      unexpected: this.unexpected,
      statuses: this.statuses,
      p50Micros: this.histogram.percentile(0.5),
      p99Micros: this.histogram.percentile(0.99),
      sampleBody: this.sampleBody,
      generatorBusy: performance.eventLoopUtilization(this.loopAtStart).utilization,
      ...(this.error ? { error: this.error } : {}),
    };
  }
}

async function main(): Promise<void> {
  const data = workerData as LoadWorkerData;
  const port = parentPort!;
  let phase: Phase | undefined;
  let next = 0;
  let inFlight = 0;
  let connections: Connection[] = [];

  const sendNext = (connection: Connection): void => {
    const request = data.requests[next]!;
    next = (next + 1) % data.requests.length;
    inFlight++;
    connection.send(request);
  };

  const finish = (): void => {
    const finished = phase!;
    phase = undefined;
    for (const connection of connections) connection.socket.destroy();
    connections = [];
    inFlight = 0;
    port.postMessage(finished.result());
  };

  const onResponse = (connection: Connection, status: number, micros: number, body: () => string): void => {
    inFlight--;
    const current = phase;
    if (!current) return;
    current.histogram.record(micros);
    current.lastAt = performance.now();
    current.completed++;
    current.statuses[status] = (current.statuses[status] ?? 0) + 1;
    if (status !== 200) current.unexpected++;
    if (current.completed === 1) current.sampleBody = body();
    const enough = current.spec.maxRequests !== undefined && current.completed + inFlight >= current.spec.maxRequests;
    if (current.lastAt - current.started >= current.spec.durationMs || enough) current.stopping = true;
    if (!current.stopping) sendNext(connection);
    else if (inFlight === 0) finish();
  };

  // Fresh connections for every phase: a server closes keep-alive connections
  // left idle (node:http after 5 s) while the other servers take their turn.
  const connect = (): Promise<Connection[]> =>
    Promise.all(
      Array.from({ length: data.connections }, () => new Promise<Connection>((resolve, reject) => {
        const connection: Connection = new Connection(data.port, (status, micros, body) => onResponse(connection, status, micros, body));
        const socket = connection.socket;
        socket.once('connect', () => resolve(connection));
        socket.once('error', reject);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          if (phase && !phase.stopping && connections.includes(connection)) {
            phase.error = 'the server closed a connection';
            phase.stopping = true;
            finish();
          }
        });
      })),
    );

  port.on('message', (message: { type: 'run'; phase: LoadPhase } | { type: 'close' }) => {
    if (message.type === 'close') {
      port.close();
      return;
    }
    void connect().then(
      (opened) => {
        connections = opened;
        phase = new Phase(message.phase);
        const first = Math.min(connections.length, message.phase.maxRequests ?? Infinity);
        for (let i = 0; i < first; i++) sendNext(connections[i]!);
      },
      (err: Error) => port.postMessage({ ...new Phase(message.phase).result(), error: `cannot connect: ${err.message}` }),
    );
  });
  port.postMessage({ type: 'ready' });
}

void main();
