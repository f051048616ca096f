import { isFinished } from './callRecords';
import type { FormParams } from './readForm';
import { STATUS_CALLBACK_PATH } from './statusCallback';
import type { Logger } from '../app/logger';

// A number whose "Call status changes" URL was set by hand to /api/voice (the
// start URL) instead of /api/voice/status: each call's status callback is
// answered as the start of a call, with 200 and TwiML Twilio ignores, and no
// call is ever recorded. Nothing else would say why the records are missing.

// Said once per host: every call would say it again. One per logger, as the signature log
// (createApp hands the same masking logger to every route, and the local host keeps it across flow saves).
const told = new WeakSet<Logger>();

/**
 * Warns, once, when a request to the start route carries a final CallStatus: a status callback, since
 * Twilio asks for a call's TwiML only while the call is on. Twilio's fallback after a failed request
 * (ErrorUrl) may come after the caller hung up, and is no status callback. `signedUrl` is where Twilio reached the app.
 */
export function warnOfStatusAtStart(params: FormParams, signedUrl: string, logger: Logger): void {
  const status = params.get('CallStatus');
  if (!isFinished(status) || params.get('ErrorUrl') !== undefined || told.has(logger)) return;
  told.add(logger);
  const statusUrl = new URL(STATUS_CALLBACK_PATH, signedUrl).href;
  logger.warn(
    `/api/voice got a call's status callback (CallStatus=${status}), so no call is recorded (no ivr.call line): ` +
      `in the Twilio console, set the number's "Call status changes" to ${statusUrl} (HTTP POST), or run npx ivr provision with the number and ${new URL(signedUrl).origin}; ` +
      'said once until the app restarts',
  );
}
