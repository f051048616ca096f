import { DateTime } from 'luxon';
import { lineForNumber } from '../config/settings';
import { callLine, isFinished, journalFields, recordInstant } from './callRecords';
import { twilioCallbackRoute } from './signedForm';
import type { VoiceWebhookOptions } from './voiceWebhook';
import { isE164 } from '../config/phoneNumber';
import { isCallSid, loggableCallSid } from '../journal/callJournal';

/** Where a number's status callback points (`ivr provision` sets it). */
export const STATUS_CALLBACK_PATH = '/api/voice/status';

/**
 * Twilio's call status callback: when a call is over, one `ivr.call` log line
 * with its line, final status and duration, and the path, language, inputs
 * and outcome taken from the call journal (a bounded wait); none for a status
 * callback the journal says came before. Signatures are
 * checked exactly as on the voice webhook (twilioCallbackRoute).
 */
export function statusCallback(options: Pick<VoiceWebhookOptions, 'flow' | 'settings' | 'logger' | 'journal' | 'clock'>) {
  const { flow, settings, logger, journal, clock } = options;
  return twilioCallbackRoute(settings, logger, 'status callback', async (params) => {
    const callSid = params.get('CallSid') ?? '';
    const status = params.get('CallStatus');
    if (!isCallSid(callSid)) {
      // Signed (or checking is off), yet no call's: 204 as ever, but the engineer who misses a record must be able to find why.
      logger.warn(
        `status callback with CallSid=${loggableCallSid(params.get('CallSid'))}: answered 204, and no ivr.call line will be written for it: ` +
          'the call journal and the record are keyed by the call\'s CallSid (CA and 32 hex digits), which this request does not carry',
      );
      return;
    }
    // Ringing and in-progress events (if ever subscribed) are not the end of a call.
    if (!isFinished(status)) return;
    const to = [params.get('To'), params.get('Called')].find(isE164) ?? '';
    const durationText = params.get('CallDuration');
    const duration = Number(durationText);
    const timestamp = params.get('Timestamp');
    const durationSeconds = durationText !== undefined && Number.isInteger(duration) && duration >= 0 ? duration : null;
    const taken = await journal.take(callSid);
    // Twilio sends a request again when it saw no answer in time (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides):
    // the call's line is written already, and a second, without the path the first took, would count it twice.
    if ('takenBefore' in taken) {
      logger.info(`CallSid=${callSid} status callback (${status}) came again: its ivr.call line was written at the first, so none is written now`);
      return;
    }
    const { startedAtMs, ...fields } = journalFields(status, taken);
    // Without the first answer in the journal: the call ended at Twilio's Timestamp (or now) and began its duration before.
    const ended = timestamp ? DateTime.fromRFC2822(timestamp) : undefined;
    const began = startedAtMs !== undefined ? DateTime.fromMillis(startedAtMs) : (ended?.isValid ? ended : clock()).minus({ seconds: durationSeconds ?? 0 });
    const startedAt = recordInstant(began, flow.hours.timeZone);
    logger.info(
      callLine({
        callSid,
        line: lineForNumber(flow, settings, to || null),
        status,
        ...fields,
        durationSeconds,
        ...(startedAt ? { startedAt } : {}),
        from: (params.get('From') ?? '').slice(0, 64),
        to,
        ...(timestamp ? { timestamp: timestamp.slice(0, 64) } : {}),
      }),
    );
  });
}
