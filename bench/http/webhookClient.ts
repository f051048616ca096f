import http from 'node:http';
import { AUTH_TOKEN, FIRST_WEBHOOK, PUBLIC_BASE_URL, callParams, twilioSignature } from '../twilioRequests';

// One signed webhook over node:http, as Twilio sends it: for polling a server
// until it answers, or until it answers with new words. Not for load (see
// loadGenerator.ts).

export interface Answer {
  status: number;
  body: string;
}

let sequence = 0;

/** Twilio's first webhook of a new call (each with its own CallSid) to 127.0.0.1:port. */
export function firstWebhook(port: number, timeoutMs = 5_000): Promise<Answer> {
  const params = callParams(++sequence, FIRST_WEBHOOK.extra);
  const body = new URLSearchParams(params).toString();
  const signature = twilioSignature(AUTH_TOKEN, PUBLIC_BASE_URL + FIRST_WEBHOOK.path, params);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: FIRST_WEBHOOK.path,
        agent: false,
        timeout: timeoutMs,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-twilio-signature': signature },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Sends first webhooks every `intervalMs` until one is answered 200 and
 * `accept`s the body, or `deadline` (a performance.now() time) passes.
 * Resolves the accepted answer, or undefined at the deadline: a bounded wait.
 */
export async function pollUntil(port: number, deadline: number, accept: (body: string) => boolean = () => true, intervalMs = 5): Promise<Answer | undefined> {
  const started = performance.now();
  for (;;) {
    try {
      const answer = await firstWebhook(port, Math.max(100, deadline - performance.now()));
      if (answer.status === 200 && accept(answer.body)) return answer;
    } catch {
      // Not listening yet (connection refused): try again.
    }
    if (performance.now() >= deadline) return undefined;
    // After a couple of seconds the wait is long anyway: poll less, to leave the cores to what is starting.
    await new Promise((resolve) => setTimeout(resolve, performance.now() - started > 2_000 ? 5 * intervalMs : intervalMs));
  }
}
