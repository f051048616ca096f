// The webhook's answer as a web-standard Response that costs almost nothing
// until someone needs more than its status, headers and text. A real
// Response sets up a ReadableStream for its body, and reading it back goes
// through that stream: measured on node:http, that alone costs more CPU than
// the rest of a webhook (~30 µs). Everyone who only asks for status, headers
// and text() — the node:http host, the Azure adapter, the simulator — gets
// them directly; anything else (body, clone(), blob(), ...) is answered by a
// real Response built on first use, so the object behaves as a Response in
// every respect. The same idea as @hono/node-server's lightweight Response.

const CONTENT_TYPE = 'text/xml; charset=utf-8';

export interface PlainTwiml {
  status: number;
  headers: Record<string, string>;
  xml: string;
}

class TwimlResponse {
  readonly #xml: string;
  #headers: Headers | undefined;
  #real: Response | undefined;
  #used = false;

  constructor(xml: string) {
    this.#xml = xml;
  }

  get status(): number {
    return 200;
  }

  get ok(): boolean {
    return true;
  }

  get statusText(): string {
    return '';
  }

  get headers(): Headers {
    return (this.#headers ??= new Headers({ 'content-type': CONTENT_TYPE }));
  }

  get bodyUsed(): boolean {
    return this.#real ? this.#real.bodyUsed : this.#used;
  }

  text(): Promise<string> {
    if (this.#real) return this.#real.text();
    if (this.#used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.#used = true;
    return Promise.resolve(this.#xml);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.text().then((xml) => {
      const bytes = Buffer.from(xml, 'utf8');
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    });
  }

  /** Headers and XML if nobody has read the body yet (marking it read), for hosts that write the answer out themselves. */
  take(): PlainTwiml | undefined {
    if (this.#real || this.#used) return undefined;
    this.#used = true;
    const headers = this.#headers ? Object.fromEntries(this.#headers) : { 'content-type': CONTENT_TYPE };
    return { status: 200, headers, xml: this.#xml };
  }

  /** The real Response, built once, for everything not answered above. */
  real(): Response {
    if (!this.#real) {
      this.#real = new Response(this.#xml, { status: 200, headers: this.headers });
      // A body already read stays read.
      if (this.#used) void this.#real.arrayBuffer();
    }
    return this.#real;
  }
}

// Every other member of Response.prototype is forwarded to the real Response,
// so `instanceof Response`, clone(), body, json(), ... all behave as usual.
// Done on first use: touching the global Response loads undici (20-30 ms),
// which importing the app (Azure's cold start, the CLI) need not pay for.
let forwarding = false;
function forwardTheRest(): void {
  forwarding = true;
  for (const key of Reflect.ownKeys(Response.prototype)) {
    if (key === 'constructor' || Object.hasOwn(TwimlResponse.prototype, key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(Response.prototype, key)!;
    if (descriptor.get) {
      const get = descriptor.get;
      Object.defineProperty(TwimlResponse.prototype, key, {
        get(this: TwimlResponse) {
          return get.call(this.real());
        },
        configurable: true,
      });
    } else if (typeof descriptor.value === 'function') {
      const method = descriptor.value as (...args: unknown[]) => unknown;
      Object.defineProperty(TwimlResponse.prototype, key, {
        value(this: TwimlResponse, ...args: unknown[]) {
          return method.apply(this.real(), args);
        },
        writable: true,
        configurable: true,
      });
    }
  }
  Object.setPrototypeOf(TwimlResponse.prototype, Response.prototype);
}

/** A 200 answer carrying a TwiML document. */
export function twimlResponse(xml: string): Response {
  if (!forwarding) forwardTheRest();
  return new TwimlResponse(xml) as unknown as Response;
}

/**
 * Status, headers and XML of a response made by `twimlResponse` that nobody
 * has read yet, consuming it as text() would; undefined for any other
 * response, which the caller then reads the standard way.
 */
export function takeTwiml(response: Response): PlainTwiml | undefined {
  return response instanceof TwimlResponse ? response.take() : undefined;
}
