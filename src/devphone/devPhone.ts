import { DateTime } from 'luxon';
import { parseCallInstant } from '../schedule/callInstant';
import type { Settings } from '../config/settings';
import { DEFAULT_CALLER, notCallerNumber, typedPhoneNumber } from '../config/phoneNumber';
import { drawFlow } from '../diagram';
import type { LiveApp } from '../server/liveApp';
import type { CallJournal } from '../journal/callJournal';
import type { Logger } from '../app/logger';
import { CallSession, DIAL_CHOICES, type DialChoice } from './callSession';
import { eventsAfter } from './eventPoll';
import { pageAsset } from './pageAssets';
import { placeCall } from './placeCall';
import { momentInPrompt, spokenSince } from './promptMoment';
import { crossSiteRefusal } from './sameOrigin';
import { SMS_CHOICES } from '../twilio/simulatedSms';
import { MAX_BODY_BYTES, plainHandlerOf, splitUrl, textResponse, type PlainHandler } from '../http/plainHttp';

// The dev phone: a page at "/" that places simulated calls through the real
// webhook code, and the small JSON + Server-Sent Events API it uses under
// /devphone/ (events by long-polling). Web-standard Request in, Response
// out, like the route table.

export interface DevPhoneOptions {
  settings: Settings;
  /** The flow serving the webhooks right now: the dev phone calls with the very same one. */
  serving: Pick<LiveApp, 'current' | 'problem' | 'version'>;
  /** Where each call's `ivr.call` line and errors go, as for any call the webhooks answer (default: the console). */
  logger?: Pick<Logger, 'info' | 'error'>;
  /** The ivr.call lines this host kept (the latest), and how many older ones it dropped, for the report at /devphone/report (default: none). */
  calls?: { lines(): readonly string[]; dropped(): number };
  /** The host's call journal, so dev-phone calls are journaled like the others (default: one per call). */
  journal?: CallJournal;
  /** What was saved since the host started that it reads only at start (local.settings.json, the holiday table): the page says to restart. */
  restartNotes?: () => string[];
  /** How long a request for new call events waits before answering "nothing yet" (default 25 s). */
  pollWaitMs?: number;
  /**
   * How long a call waits at a prompt once its page has stopped asking for its events (the tab was closed) before
   * it is taken as a hang-up (default 15 min). While the page asks, a prompt waits with no limit.
   */
  idleMs?: number;
}

export interface DevPhone {
  /** True for the paths the dev phone serves; everything else belongs to the webhook routes. */
  handles(path: string): boolean;
  fetch(request: Request): Promise<Response>;
  /** Hangs up every call still running (server shutdown, end of a test). */
  close(): void;
}

const MAX_SESSIONS = 50;
const DEFAULT_IDLE_MS = 15 * 60_000;
const CALL_PATH = /^\/devphone\/calls\/([0-9a-f-]{36})\/(events|input|dial)$/;

export function createDevPhone(options: DevPhoneOptions): DevPhone {
  const { settings, serving } = options;
  const sessions = new Map<string, CallSession>();

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const { pathname } = url;
    if (request.method === 'GET') {
      if (pathname === '/' || pathname === '/index.html') return pageAsset('index.html');
      if (pathname === '/devphone/app.js' || pathname === '/devphone/style.css') return pageAsset(pathname.slice('/devphone/'.length));
      if (pathname === '/devphone/flow') return flowInfo();
      if (pathname === '/devphone/diagram.svg') return diagram(url.searchParams.get('line'));
      if (pathname === '/devphone/report') return await report();
    }
    // Any other method may change something (place a call, press keys, hang up): only the dev phone's own page, or no browser at all, may ask.
    const refusal = request.method === 'GET' ? undefined : crossSiteRefusal(request);
    if (refusal) return refusal;
    if (request.method === 'POST' && pathname === '/devphone/calls') return startCall(request);
    const match = CALL_PATH.exec(pathname);
    if (match) {
      const session = sessions.get(match[1] as string);
      if (!session) return json({ error: 'No such call: it ended long ago, or the server restarted. Call again.' }, 404);
      const action = match[2];
      if (action === 'events' && request.method === 'GET') {
        const after = Number(url.searchParams.get('after') ?? '-1');
        return json(await eventsAfter(session, Number.isInteger(after) && after >= -1 ? after : -1, options.pollWaitMs));
      }
      if (action === 'input' && request.method === 'POST') return input(session, request);
      if (action === 'dial' && request.method === 'POST') return dial(session, request);
    }
    return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  }

  /**
   * What the page needs to offer a call: the lines of the flow serving now (the
   * last good one), the time zone and "now" there, and, while the file as saved
   * does not load, `error` saying why (file, JSON path, fix); `restart`, each
   * file saved since the host started that it reads only then. `version` changes
   * whenever a new flow starts serving, so the page knows to redraw.
   */
  /** `ivr report` of the calls made on this host, with the flow it serves now. */
  async function report(): Promise<Response> {
    // Loaded with the first report, so the host's start does not pay for it (the record check loads zod).
    const { reportOfLines } = await import('../report/reportOfLines.js');
    const html = await reportOfLines(options.calls?.lines() ?? [], serving.current().flow, 'the calls made on this local host', options.calls?.dropped() ?? 0);
    return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
  }

  function flowInfo(): Response {
    const flow = serving.current().flow;
    const defaultInstant = DateTime.now().setZone(flow.hours.timeZone).toFormat("yyyy-MM-dd'T'HH:mm");
    const error = serving.problem();
    const restart = options.restartNotes?.() ?? [];
    const lines = Object.entries(flow.lines).map(([name, line]) => ({ name, number: line.number, description: line.description ?? '' }));
    return json({
      name: flow.name,
      flowFile: settings.flowFile,
      lines,
      defaultLine: flow.defaultLine,
      timeZone: flow.hours.timeZone,
      now: defaultInstant,
      version: serving.version(),
      ...(error === undefined ? {} : { error }),
      ...(restart.length === 0 ? {} : { restart }),
    });
  }

  /** The map of the flow serving now (the last good one while the file as saved does not load). */
  function diagram(line: string | null): Response {
    const flow = serving.current().flow;
    const lines = line && Object.hasOwn(flow.lines, line) ? [line] : [flow.defaultLine];
    return new Response(drawFlow(flow, 'svg', { lines }), { headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'no-store' } });
  }

  async function startCall(request: Request): Promise<Response> {
    const body = await readJson(request);
    if (body instanceof Response) return body;
    const typed = typeof body.to === 'string' ? body.to : '';
    const dialled = typedPhoneNumber('the number', typed);
    // `field`: the form's field the refusal is about, for the page to put the cursor there.
    if ('problem' in dialled) return json({ error: dialled.problem, field: 'to' }, 400);
    const to = dialled.number;
    // Who calls, as `ivr call --from` takes it: a number, or anonymous for a withheld one (no SMS offer then, nor to a landline).
    const caller = typedPhoneNumber("the caller's number (from)", body.from === undefined ? DEFAULT_CALLER : String(body.from), notCallerNumber);
    if ('problem' in caller) return json({ error: caller.problem, field: 'from' }, 400);
    // As `ivr call --at` reads it: in the flow's time zone, and a date with no time of day (midnight, closed) refused.
    let instant: DateTime;
    try {
      instant = parseCallInstant(typeof body.at === 'string' ? body.at : String(body.at), serving.current().flow.hours.timeZone, 'at');
    } catch (err) {
      return json({ error: (err as Error).message, field: 'at' }, 400);
    }
    const choice = dialChoice(body.dial ?? 'completed');
    if (!choice) return json({ error: `dial must be one of ${DIAL_CHOICES.join(', ')}` }, 400);
    const sms = SMS_CHOICES.find((c) => c === (body.sms ?? 'sent'));
    if (!sms) return json({ error: `sms must be one of ${SMS_CHOICES.join(', ')}` }, 400);

    prune();
    const session = new CallSession(choice, options.idleMs ?? DEFAULT_IDLE_MS);
    sessions.set(session.id, session);
    // The flow the webhooks serve right now: a broken save leaves the last good one answering, and the page is told why.
    // `version`: which flow the call walks to its end, so the page can tell a save made during it, and keep its map.
    const flow = serving.current().flow;
    const version = serving.version();
    const flowError = serving.problem();
    void placeCall(session, settings, flow, { to, from: caller.number, instant, sms }, { logger: options.logger ?? console, journal: options.journal });
    return json(flowError === undefined ? { id: session.id, version } : { id: session.id, version, flowError }, 201);
  }

  async function input(session: CallSession, request: Request): Promise<Response> {
    const body = await readJson(request);
    if (body instanceof Response) return body;
    if (body.hangup === true) {
      // `after`: the second into the <Gather>'s prompt the caller hung up at (below 0: during the message said before
      // it); the call ends there, as on Twilio.
      const moment = momentInPrompt(body.after, session.prompt, 'hang-up', spokenSince(session.events));
      if ('problem' in moment) return json({ error: moment.problem }, 400);
      session.hangup(moment.after);
      return new Response(null, { status: 204 });
    }
    if (session.ended) return json({ error: 'The call has ended.' }, 409);
    let accepted: boolean;
    if (body.silence === true) accepted = session.answer({ silence: true });
    else if (typeof body.digits === 'string' && /^[0-9*#]{1,32}$/.test(body.digits)) {
      // `after`: the second into the <Gather>'s prompt the first key was pressed at, which cuts the prompt there.
      const moment = momentInPrompt(body.after, session.prompt, 'key');
      if ('problem' in moment) return json({ error: moment.problem }, 400);
      accepted = session.answer(moment.after === undefined ? { digits: body.digits } : { digits: body.digits, after: moment.after });
    } else return json({ error: 'Send {"digits":"1"} (with "after": seconds into the prompt, to interrupt it), {"silence":true} or {"hangup":true} (with "after" too, to hang up during the prompt, or below 0 during the message said before it).' }, 400);
    return accepted ? new Response(null, { status: 204 }) : json({ error: 'Nobody is listening for keys right now.' }, 409);
  }

  async function dial(session: CallSession, request: Request): Promise<Response> {
    const body = await readJson(request);
    if (body instanceof Response) return body;
    const choice = dialChoice(body.status);
    if (!choice) return json({ error: `status must be one of ${DIAL_CHOICES.join(', ')}` }, 400);
    session.dialChoice = choice;
    return new Response(null, { status: 204 });
  }

  /** Forgets ended calls after a while, and the oldest ones beyond a cap, so a long session does not grow. */
  function prune(): void {
    const cutoff = Date.now() - 10 * 60_000;
    for (const [id, session] of sessions) if (session.ended && (session.endedAt ?? 0) < cutoff) sessions.delete(id);
    for (const [id, session] of sessions) {
      if (sessions.size < MAX_SESSIONS) break;
      session.hangup();
      sessions.delete(id);
    }
  }

  return {
    handles: (path) => path === '/' || path === '/index.html' || path.startsWith('/devphone/'),
    async fetch(request) {
      try {
        return await route(request);
      } catch (err) {
        return json({ error: `dev phone: ${(err as Error).message}` }, 500);
      }
    },
    close() {
      for (const session of sessions.values()) session.hangup();
    },
  };
}

function dialChoice(value: unknown): DialChoice | undefined {
  return DIAL_CHOICES.find((choice) => choice === value);
}

/**
 * The JSON object of a request's body ({} for anything else), or 415 when it
 * is not sent as application/json: the page always sends that type, and a
 * browser sends it to another origin only after a CORS preflight, which this
 * server never answers, where a form's text/plain needs none.
 */
async function readJson(request: Request): Promise<Record<string, unknown> | Response> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    return json({ error: `Send the body as JSON with Content-Type: application/json${type ? ` (not ${type.slice(0, 100)})` : ''}.` }, 415);
  }
  try {
    const value: unknown = await request.json();
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
}

/** The methods the dev phone's page and API answer: GET for the page and what it reads, POST for what it does. */
const DEV_PHONE_METHODS = ['GET', 'POST'];

/**
 * The local server's one handler: the dev phone's paths to its page and API, every other path (the /api webhooks)
 * to the route table. Another method gets 405 before the request is made a web-standard Request, which may not
 * carry some (TRACE: https://fetch.spec.whatwg.org/#forbidden-method) and threw, as the route table answers one;
 * a body over the limit, 413, as the webhooks answer it.
 */
export function withDevPhone(api: PlainHandler, devPhone: DevPhone): PlainHandler {
  const page = plainHandlerOf(devPhone.fetch);
  return async (request) => {
    if (!devPhone.handles(splitUrl(request.url).path)) return api(request);
    if (!DEV_PHONE_METHODS.includes(request.method)) {
      return textResponse(405, `Method Not Allowed: the dev phone answers ${DEV_PHONE_METHODS.join(' and ')}, not ${request.method}\n`, { allow: DEV_PHONE_METHODS.join(', ') });
    }
    // A body sent chunked past the limit comes cut one byte over it (httpHost.ts): read as JSON, a cut object
    // would be refused for what it lacks, and one padded past the limit would be taken whole.
    if (Buffer.byteLength(request.body) > MAX_BODY_BYTES) return textResponse(413, `Payload Too Large: the body is over the limit of ${MAX_BODY_BYTES} bytes\n`);
    return page(request);
  };
}
