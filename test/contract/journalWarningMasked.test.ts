import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpRequest, InvocationContext, type HttpHandler, type HttpFunctionOptions } from '@azure/functions';

// The function app gives its call journal the masking logger the app has (SECURITY.md, "What the app logs"): a
// journal's warning quotes what a request carried (a late answer's input), and a number in it is masked as in
// every other line, unless IVR_LOG_PHONE_NUMBERS=full.

const registered = vi.hoisted(() => new Map<string, { route: string; handler: unknown }>());
vi.mock('@azure/functions', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@azure/functions')>();
  return { ...actual, app: { ...actual.app, http: (name: string, options: HttpFunctionOptions) => registered.set(name, { route: options.route ?? name, handler: options.handler }) } };
});

const ORIGIN = 'https://ivr.example.azurewebsites.net';
const CALL_SID = `CA${'3c'.repeat(16)}`;
const NUMBER = '+393401234567';

async function functionApp(env: Record<string, string>) {
  registered.clear();
  vi.resetModules();
  const saved = { ...process.env };
  Object.assign(process.env, { AZURE_FUNCTIONS_ENVIRONMENT: 'Development', TWILIO_AUTH_TOKEN: '', TWILIO_SIGNATURE_VALIDATION: 'off', IVR_CALL_JOURNAL: 'memory', IVR_FLOW_FILE: '', IVR_LOG_PHONE_NUMBERS: '', ...env });
  try {
    await import('../../functions/index');
  } finally {
    process.env = saved;
  }
  return async (url: string, form: Record<string, string>): Promise<string> => {
    const path = new URL(url, ORIGIN).pathname;
    const route = [...registered.values()].find((r) => `/api/${r.route}` === path);
    const request = new HttpRequest({ method: 'POST', url: new URL(url, ORIGIN).href, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: { string: new URLSearchParams(form).toString() } });
    const answer = await (route!.handler as HttpHandler)(request, new InvocationContext({ functionName: 'test' }));
    return String(answer.body ?? '');
  };
}

/** A call answered, its status callback, then a request of the call's with `Digits` (forged, or very late): the journal's warnings. */
async function lateAnswerWarnings(env: Record<string, string>): Promise<string[]> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'info').mockImplementation(() => {});
  const send = await functionApp(env);
  warn.mockClear();
  const call = { CallSid: CALL_SID, From: NUMBER, To: '+390237921240', CallStatus: 'in-progress' };
  const welcome = await send('/api/voice', call);
  const action = /action="([^"]+)"/.exec(welcome)?.[1]?.replaceAll('&amp;', '&');
  expect(action, welcome).toBeDefined();
  await send('/api/voice/status', { ...call, CallStatus: 'completed', CallDuration: '5' });
  await send(action!, { ...call, Digits: NUMBER });
  return warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('after the call\'s status callback'));
}

describe("the call journal's warnings in the function app", () => {
  afterEach(() => vi.restoreAllMocks());

  it('are masked as the app\'s lines are: a number in one keeps its first two and last four digits', async () => {
    const [warning, ...more] = await lateAnswerWarnings({});
    expect(more).toEqual([]);
    expect(warning).toContain(`CallSid=${CALL_SID} answered a request (input "+39******4567")`);
  });

  it('are whole with IVR_LOG_PHONE_NUMBERS=full', async () => {
    const [warning] = await lateAnswerWarnings({ IVR_LOG_PHONE_NUMBERS: 'full' });
    expect(warning).toContain(`(input "${NUMBER}")`);
  });
});
