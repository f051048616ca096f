import type { DateTime } from 'luxon';
import { createApp } from '../app/createApp';
import { twilioView } from '../app/twilioView';
import { clockOfCall } from '../app/clockOfCall';
import { lineForNumber, placeholderOf, type Settings } from '../config/settings';
import type { Flow } from '../flow/schema';
import type { CallJournal } from '../journal/callJournal';
import type { Logger } from '../app/logger';
import { dialEnding, simulateCall, VirtualClock } from '../simulator';
import type { CallSession, PageEvent } from './callSession';
import { enteredNode, nodeMarkers, type AppNote, type EnteredNode, type HeldNote } from './nodeMarkers';
import { gatherAhead } from './gatherAhead';
import { STATUS_CALLBACK_PATH } from '../webhook/statusCallback';
import { simulateSms, type SimulatedSmsResult } from '../twilio/simulatedSms';
import { refusalReader } from '../scenarios/refusedTransfer';

// Runs one dev-phone call exactly as `ivr call` does: the flow the webhooks
// serve now (so edits apply to the next call with no restart), the app built
// with its clock starting at the chosen instant and moving on with the call,
// and the simulator playing Twilio against the app's in-process fetch. The
// page only answers prompts. Like any call, it ends with the status callback,
// whose `ivr.call` line goes to the host's log.

export interface CallRequest {
  /** The number dialled: a line's number or any other. */
  to: string;
  from: string;
  instant: DateTime;
  /** What the simulated Messages API does with the chat-link SMS; "off" is the app without a sender (no offer). */
  sms: SimulatedSmsResult | 'off';
}

export interface CallRecording {
  /** Hears the call's `ivr.call` line (and any other note the app logs as info), and its errors, as the host's log does any call's. */
  logger: Pick<Logger, 'info' | 'error'>;
  journal?: CallJournal;
}

export async function placeCall(session: CallSession, settings: Settings, flow: Flow, call: CallRequest, recording: CallRecording): Promise<void> {
  let app: ReturnType<typeof createApp>;
  // Nodes the engine enters while answering one request, each told to the page where its words begin.
  let entered: EnteredNode[] = [];
  // What the app logs or texts meanwhile: told after the request, at the node it was made at (nodeMarkers.ts).
  let held: HeldNote[] = [];
  const hold = (note: AppNote) => held.push({ note, after: entered.length });
  const transcript = nodeMarkers((event) => session.push(event));
  const prompts = gatherAhead();
  // Where the call is, for marking a transfer to a placeholder destination.
  let node: string | undefined;
  let language = flow.defaultLanguage;
  // The app texts a simulated Messages API, never Twilio: a dev-phone call cannot reach a real phone.
  const sms = call.sms === 'off' ? undefined : simulateSms(settings, call.sms, call.to, (message) => hold({ type: 'app-sms', at: 0, ...message }));
  const appSettings = sms ? sms.settings : { ...settings, sms: undefined };
  const clock = new VirtualClock();
  // A refused transfer is traced just before its error is logged: the page's event carries which it was.
  const refusals = refusalReader(flow, (message, refused) => {
    const refusedTransfer = refused && { destination: refused.destination, ...(refused.setting ? { setting: refused.setting } : {}) };
    hold({ type: 'app-error', at: 0, message, ...(refusedTransfer ? { refusedTransfer } : {}) });
    recording.logger.error(message);
  });
  try {
    app = createApp({
      settings: appSettings,
      flow,
      sendSms: sms?.sendSms,
      clock: clockOfCall(call.instant, clock),
      ...(recording.journal ? { journal: recording.journal } : {}),
      // Start-up notes (placeholder numbers) are for operators; errors during the call are shown on the page, and
      // logged as the host logs a Twilio call's (troubleshooting: "the log says which setting to set").
      logger: {
        info: (message) => recording.logger.info(message),
        warn: () => {},
        error: (message) => refusals.error(message),
      },
      trace: (_callSid, event) => {
        if (event.kind === 'enter') entered.push(enteredNode(event));
        refusals.trace(event);
      },
    });
  } catch (err) {
    session.push({ type: 'flow-error', at: 0, message: (err as Error).message });
    return;
  }

  session.push({
    type: 'call',
    at: 0,
    line: lineForNumber(flow, settings, call.to),
    to: call.to,
    from: call.from,
    instant: call.instant.toISO() ?? '',
    timeZone: call.instant.zoneName ?? '',
  });
  const { voiceUrl, authToken } = twilioView(settings);
  try {
    await simulateCall({
      // The URL the app believes it serves, so signatures check as they would under Twilio.
      url: voiceUrl,
      transport: app.handle,
      call: { to: call.to, from: call.from, ...(sms ? { accountSid: sms.accountSid } : {}) },
      // Asked as each <Gather> begins, so a key pressed while the page reads its prompt cuts it there, as on Twilio.
      caller: {
        beforePrompt: async (prompt) => {
          if (prompt.verb !== 'Gather') return session.answerFor(prompt);
          for (const event of prompts.begin(prompt)) transcript.push(event);
          const action = await session.answerFor(prompt);
          if (!('hangup' in action) || action.after === undefined || action.after >= 0) return action;
          // Hung up during the message said before the menu (`after` below 0): the simulator said it whole to get
          // here, but only speech was played since (promptMoment.ts), so the call ends back where the caller hung up,
          // as `ivr call --hangup-at` ends it.
          clock.backTo(prompt.startedAt + action.after);
          return { hangup: true, after: 0 };
        },
      },
      dial: () => dialEnding(session.dialChoice),
      authToken,
      clock,
      // As the number is provisioned: the call's record is written when it ends.
      statusCallback: new URL(STATUS_CALLBACK_PATH, voiceUrl).href,
      // Twilio's Timestamps (the record's `timestamp`) from the call's instant, as its startedAt, not from this machine's clock.
      startedAt: call.instant.toJSDate(),
      onEvent: (event) => {
        if (!prompts.keep(event)) return;
        if (event.type === 'request' || event.type === 'end') {
          transcript.entered(entered, held);
          held = [];
        }
        if (event.type === 'request') {
          language = new URL(event.url).searchParams.get('lang') ?? language;
          node = entered.at(-1)?.node ?? node;
          entered = [];
        }
        transcript.push(event.type === 'dial' ? { ...event, ...placeholderOf(flow, settings, node, language) } : event);
      },
    });
  } catch (err) {
    // The simulator answers its own failures with an outcome; this is a fault in it, shown rather than lost.
    session.push({ type: 'app-error', at: lastAt(session), message: `the simulator failed: ${(err as Error).message}` });
    transcript.entered([], held);
    transcript.push({ type: 'end', at: lastAt(session), outcome: { kind: 'error', code: 0, message: (err as Error).message } });
  }
}

function lastAt(session: CallSession): number {
  const last: PageEvent | undefined = session.events[session.events.length - 1];
  return last?.at ?? 0;
}
