import { DateTime } from 'luxon';
import { loadFlowFile } from '../flow/load';
import type { Flow } from '../flow/schema';
import { phoneNumberLoggingSetting, readSettings, resolveAgainstFlow, SettingsError, unplannedDestinations, type Settings } from '../config/settings';
import type { VoiceWebhookOptions } from '../webhook/voiceWebhook';
import { buildRoutes, type Route } from './routes';
import { maskingLogger, maskPhoneNumbers, type PhoneNumberLogging } from './maskingLogger';
import { memoryJournal } from '../journal/memoryJournal';
import { splitUrl, textResponse, webFetchOf, type PlainRequest, type PlainResponse, type WebFetch } from '../http/plainHttp';
import { twimlResponse } from '../twiml/twimlResponse';
import type { Logger } from './logger';

export interface App {
  routes: Route[];
  /** Answers one request in-process: the seam every host and the simulator use. */
  handle(request: PlainRequest): Promise<PlainResponse>;
  /** The same, for web-standard Request and Response (tests, tools). */
  fetch: WebFetch;
  flow: Flow;
  settings: Settings;
  /** Destinations still on the flow's placeholder numbers: a host says so when it starts serving (destinationWarnings). */
  placeholders: string[];
}

/** The webhooks' options, each with a default (the settings from the environment, the flow file they name, the clock, the console, a memory journal). */
export interface CreateAppOptions extends Partial<Pick<VoiceWebhookOptions, 'settings' | 'flow' | 'clock' | 'logger' | 'trace' | 'sendSms' | 'journal'>> {
  /** Deployed hosts refuse to run with signature checking on but no auth token. */
  requireAuthToken?: boolean;
  /** False only for tools that study the flow's paths (see VoiceWebhookOptions). */
  refuseOwnNumbers?: false;
}

/** Loads and checks everything at start-up, so a wrong flow or setting stops the app, never a call. */
// Without a journal given, the app answers simulated calls in-process (ivr call, explore, scenarios, callIvr),
// whose status callback comes after the call's last request: a <Dial> action can never come later, so a record
// is not held back for one (a caller who hung up before the <Dial> ran would otherwise wait 3 s for nothing).
export function createApp(options: CreateAppOptions = {}): App {
  const settings = options.settings ?? readSettings();
  const flow = options.flow ?? loadFlowFile(settings.flowFile);
  const logger = maskingLogger(options.logger ?? console, phoneNumberLogging(settings));
  // The flow file is named in the settings' errors when it is the one the settings name.
  const { destinations, placeholders } = resolveAgainstFlow(settings, flow, options.flow ? undefined : settings.flowFile);
  if (settings.validateSignatures && !settings.authToken && options.requireAuthToken) {
    throw new SettingsError(
      'TWILIO_AUTH_TOKEN is not set, so Twilio signatures cannot be checked and anyone could drive this IVR',
      'set TWILIO_AUTH_TOKEN in the app settings, or set TWILIO_SIGNATURE_VALIDATION=off on purpose',
    );
  }
  const routes = buildRoutes({ flow, settings, destinations, clock: options.clock ?? (() => DateTime.now()), logger, trace: options.trace, sendSms: options.sendSms, journal: options.journal ?? memoryJournal({ logger, lastAnswerWaitMs: 0 }), ...(options.refuseOwnNumbers === false ? { refuseOwnNumbers: false } : {}) });
  const byPath = new Map(routes.map((route) => [route.path, route]));

  async function handle(request: PlainRequest): Promise<PlainResponse> {
    const route = byPath.get(withoutTrailingSlashes(splitUrl(request.url).path));
    if (!route) return textResponse(404, 'Not found');
    if (!route.methods.includes(request.method as 'GET' | 'POST')) {
      return textResponse(405, 'Method not allowed', { allow: route.methods.join(', ') });
    }
    try {
      return await route.handler(request);
    } catch (err) {
      // Handlers answer their own errors; this is the last fence before a host's 500.
      logger.error(`${request.method} ${route.path} failed outside its handler's own guard: ${(err as Error).stack ?? String(err)}`);
      return twimlResponse('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    }
  }
  return { routes, handle, fetch: webFetchOf(handle), flow, settings, placeholders };
}

/** What a host tells its operator when it starts serving an app whose transfers still go to the flow's placeholder numbers. */
export function destinationWarnings(app: App): string[] {
  return app.placeholders.length === 0 ? [] : [`Placeholder destinations in use (set these app settings before going live): ${app.placeholders.join(', ')}`];
}

/**
 * Each transfer number in no numbering plan, masked as every number the app logs (the setting is named:
 * `ivr lint` shows it whole). It loads libphonenumber: a host says these afterStartUp.
 */
export function unplannedWarnings(app: App): string[] {
  const unplanned = unplannedDestinations(app.settings, app.flow);
  return phoneNumberLogging(app.settings) === 'full' ? unplanned : unplanned.map(maskPhoneNumbers);
}

/** How long after start-up a host does work that no call needs: long enough for a cold start's first call to be answered. */
const AFTER_START_UP_MS = 1000;

/** Runs `task` after start-up, off the first call's path, without holding the process open; returns what cancels it. */
export function afterStartUp(task: () => void): () => void {
  const timer = setTimeout(task, AFTER_START_UP_MS);
  timer.unref();
  return () => clearTimeout(timer);
}

function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === 47 /* / */) end--;
  return end === path.length ? path : path.slice(0, end);
}

/**
 * The start-up warning for TWILIO_SIGNATURE_VALIDATION=off, which npm start and the function app print: allowed
 * deployed, on purpose only, so the log must say so, or an open webhook goes unnoticed. Undefined when signatures
 * are checked.
 */
export function signaturesOffWarning(app: App): string | undefined {
  if (app.settings.validateSignatures) return undefined;
  return 'WARNING: TWILIO_SIGNATURE_VALIDATION=off: webhooks are NOT checked against X-Twilio-Signature, so anyone who finds the URL can drive the menu; remove the setting to check them.';
}

/**
 * The start-up warning for IVR_LOG_PHONE_NUMBERS=full, which npm start and the function app print: callers'
 * whole numbers in the log are personal data, meant for one support investigation only, so the log must say
 * they are there, or the setting is left on unnoticed. Undefined when they are masked.
 */
export function fullNumbersWarning(app: App): string | undefined {
  if (phoneNumberLogging(app.settings) !== 'full') return undefined;
  return "WARNING: IVR_LOG_PHONE_NUMBERS=full: callers' phone numbers are logged whole (ivr.call records, errors), not masked; set it back to masked, or remove it, once the investigation is over (SECURITY.md).";
}

/**
 * The logger a host makes once and gives both the app and its call journal (openCallJournal): the console, masked
 * as IVR_LOG_PHONE_NUMBERS says, so the journal's warnings are masked as the app's lines are (createApp keeps a
 * masking logger as it is). A wrong IVR_LOG_PHONE_NUMBERS throws a SettingsError, as createApp does.
 */
export function hostLogger(settings: Settings, logger: Logger = console): Logger {
  return maskingLogger(logger, phoneNumberLogging(settings));
}

/** IVR_LOG_PHONE_NUMBERS as read at start-up (readSettings has refused any other word). */
function phoneNumberLogging(settings: Settings): PhoneNumberLogging {
  return phoneNumberLoggingSetting(settings.env);
}
