import { createApp } from '../app/createApp';
import { defaultLineNumber, notALineNumber, readSettings } from '../config/settings';
import { twilioView } from '../app/twilioView';
import { parseCallInstant } from '../schedule/callInstant';
import { loadFlowFile } from '../flow/load';
import type { DateTime } from 'luxon';
import type { TraceEvent } from '../engine/step';
import { refusalReader, type RefusedTransfer } from './refusedTransfer';
import { httpTransport, VirtualClock, type CallResult, type SimulateCallOptions, type Transport } from '../simulator';
import { clockOfCall } from '../app/clockOfCall';
import { filePlace, problemsError, type Scenario } from './scenarioFile';
import type { TracedStep } from './coverage';
import { SIMULATED_ACCOUNT_SID, simulateSms, type SimulatedMessage, type SmsSimulation } from '../twilio/simulatedSms';
import { hearingLocalSms, smsFromLocalHost } from '../server/localSmsReader';
import { adviceForFailedCall, callFailed } from '../cli/callVerdict';
import { describeOutcome } from '../cli/renderTranscript';
import { unknownPathNodeProblems } from './expectedPath';
import { fromHere } from '../text/fromHere';
import { dayOffFound, type DayOffFound } from './failedEnding';
import { misspeltSettingProblems, withSettingPlace } from './settingProblem';

// Where a scenario's call goes: a server over HTTP, or the app built
// in-process with the scenario's instant and settings. Shared by both dialects.

export interface ScenarioTarget {
  /** Call a server over HTTP instead of the app in-process. */
  url?: string;
  authToken?: string;
  /** App settings for in-process runs; the scenario's own `settings` are laid over them. */
  env?: Record<string, string | undefined>;
  /** Instant for scenarios that give none (ivr-tester files), ISO-8601. */
  defaultAt?: string;
}

export interface ScenarioResult {
  passed: boolean;
  failures: string[];
  /**
   * The line in the scenario's file each failure is about (a step's, an `expect` key's), index for index
   * with `failures`; undefined for one about the call as a whole (it failed on its own, say).
   */
  failureLines: (number | undefined)[];
  call: CallResult;
  /** Nodes entered, with the node each was entered from (in-process runs only). */
  trace: TracedStep[];
  /** Parts of the scenario read but run differently than written, one line each. */
  warnings?: string[];
}

export interface OpenedTarget {
  url: string;
  transport: Transport;
  authToken: string | undefined;
  to: string;
  callSid: string;
  /** Filled while the call runs (in-process only). */
  trace: ScenarioResult['trace'];
  /** The simulated Messages API the app texts, when the call has an SMS sender (in-process only). */
  sms?: SmsSimulation;
  /** Over HTTP: the messages a local host (npm start) filed under the call, read once it is over (none from any other app). */
  hostMessages?: () => Promise<SimulatedMessage[] | undefined>;
  /** The account the call is on: the simulated one, whose calls a local host's simulated SMS serves. */
  accountSid?: string;
  /** The call's virtual clock, which an in-process app reads its time from. */
  clock: VirtualClock;
  /** Each hours check the call passed, in order, with what it found and when (in-process only): a failed ending names one that found the line closed. */
  hoursChecks: HoursCheck[];
}

/** An hours node the call passed: `found` is the branch it took, `at` the app's time then, `second` the call's. */
export interface HoursCheck {
  node: string;
  found: 'open' | 'closed' | 'holiday';
  at: DateTime;
  second: number;
  /** The closure or holiday that closed the line, when one did: looked up only when a failed ending names it. */
  dayOff?: () => DayOffFound | undefined;
}

/** `onAppError`: each error line an in-process app logs, with the refused transfer it tells of (refusalReader), if any. */
export function openTarget(scenario: Scenario, target: ScenarioTarget, onAppError: (message: string, refused: RefusedTransfer | undefined) => void): OpenedTarget {
  const trace: ScenarioResult['trace'] = [];
  const hoursChecks: HoursCheck[] = [];
  const callIds = new Set<string>();
  const clock = new VirtualClock();
  let transport: Transport;
  let url: string;
  let to = scenario.call.to;
  let authToken = target.authToken;
  let sms: SmsSimulation | undefined;
  let hostMessages: OpenedTarget['hostMessages'];
  if (target.url) {
    url = target.url;
    const hearing = hearingLocalSms(httpTransport(url));
    transport = hearing.transport;
    const callUrl = url;
    hostMessages = () => smsFromLocalHost(hearing.transport, callUrl, hearing.smsPath(), callSid);
  } else {
    const at = scenario.call.at ?? target.defaultAt;
    // Ours gets its call.at in the scenario, at its line; an ivr-tester file has no place for one.
    if (!at) throw new Error(`${filePlace(fromHere(scenario.file), scenario.dialect === 'ivr' ? scenario.lineOf?.([]) : undefined)}: scenario "${scenario.name}" gives no call.at; give one${scenario.dialect === 'ivr-tester' ? ` with \`ivr test --at ISO-8601\` or in ${fromHere(scenario.file).replace(/\.json$/, '.call.json')} (an ivr-tester file holds no instant)` : ''} (tests never depend on today)`);
    let settings = withSettingPlace(scenario, () => readSettings({ ...(target.env ?? {}), ...scenario.settings }));
    const flow = loadFlowFile(settings.flowFile);
    // Only the scenario's own call.at has a line; an --at is the command line's.
    const instant = parseCallInstant(at, flow.hours.timeZone, callKeyPlace(scenario, 'at'));
    to ??= defaultLineNumber(flow);
    const unknown = notALineNumber(flow, settings, to, callKeyPlace(scenario, 'to'), 'settings');
    if (unknown) throw new Error(unknown);
    const unknownNames = [...misspeltSettingProblems(scenario, flow), ...unknownPathNodeProblems(scenario, flow, settings.flowFile)];
    if (unknownNames.length > 0) throw problemsError(fromHere(scenario.file), unknownNames, '');
    // The app gets a sender (so makes the offer) when the call asks for one (call.sms) or the settings set
    // IVR_SMS_FROM, as callIvr's `sms` and `env`; it texts a simulated API. `expect` only checks the call:
    // were it to give a sender, adding `sms: []` to it would change what the caller is offered.
    const smsResult = scenario.call.sms ?? (settings.sms ? 'sent' : undefined);
    if (smsResult) {
      sms = simulateSms(settings, smsResult, to);
      settings = sms.settings;
    }
    const refusals = refusalReader(flow, onAppError);
    const now = clockOfCall(instant, clock);
    const ivr = withSettingPlace(scenario, () => createApp({
      settings,
      flow,
      ...(sms ? { sendSms: sms.sendSms } : {}),
      clock: now,
      logger: { info: () => {}, warn: () => {}, error: refusals.error },
      trace: (callSid: string, event: TraceEvent) => {
        if (!callIds.has(callSid)) return;
        refusals.trace(event);
        if (event.kind !== 'enter') return;
        trace.push(event.via === undefined ? { from: event.from, node: event.node } : { from: event.from, node: event.node, via: event.via });
        if (event.from !== undefined && (event.via === 'open' || event.via === 'closed' || event.via === 'holiday')) {
          const at = now();
          // Named as the engine names it to a caller of the flow's default language.
          const dayOff = event.via === 'holiday' ? () => dayOffFound(flow.hours, at, flow.defaultLanguage) : undefined;
          hoursChecks.push({ node: event.from, found: event.via, at, second: clock.seconds, ...(dayOff ? { dayOff } : {}) });
        }
      },
    }));
    ({ voiceUrl: url, authToken } = twilioView(settings));
    transport = ivr.handle;
  }

  const callSid = `CA${Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32)}`;
  callIds.add(callSid);
  const accountSid = sms?.accountSid ?? (target.url ? SIMULATED_ACCOUNT_SID : undefined);
  return {
    url,
    transport,
    authToken,
    to: to ?? defaultLineNumber(loadFlowFile(readSettings(target.env ?? {}).flowFile)),
    callSid,
    trace,
    clock,
    hoursChecks,
    ...(sms ? { sms } : {}),
    ...(hostMessages ? { hostMessages } : {}),
    ...(accountSid ? { accountSid } : {}),
  };
}

/** `file:line: call.at`, to lead a refusal of the scenario's own call.at or call.to; without the line when the value is not the file's (an --at, the default line). */
function callKeyPlace(scenario: Scenario, key: 'at' | 'to'): string {
  return `${filePlace(fromHere(scenario.file), scenario.call[key] === undefined ? undefined : scenario.lineOf?.(['call', key]))}: call.${key}`;
}

/**
 * Said under a step that failed in a call the caller hung up (its hangupAt, named by `where`): what the step
 * waited for may simply not have been reached. Both dialects say it alike.
 */
export function hungUpNote(seconds: number, where: string): string {
  return `\n      the caller hung up ${seconds} s into the call (${where}): nothing said after that was heard`;
}

/**
 * A call that failed on its own (a Twilio error such as 11205 with no server listening, an unsupported
 * verb, a loop), told as `ivr call` tells it, with what to do; undefined when it did not fail, or when
 * the scenario expects that very outcome.
 */
export function callFailure(call: CallResult, expected?: string): string | undefined {
  if (!callFailed(call.outcome) || expected === call.outcome.kind) return undefined;
  return `the call failed (${describeOutcome(call.outcome)}): ${adviceForFailedCall(call)}`;
}

/** What a scenario's `call` asks of the simulated call beyond its numbers, as `ivr call`'s --param, --hangup-at and --fallback-url. */
export function callPowers(call: Scenario['call']): Pick<SimulateCallOptions, 'params' | 'hangupAt' | 'fallbackUrl'> {
  return {
    ...(call.params ? { params: call.params } : {}),
    ...(call.hangupAt !== undefined ? { hangupAt: call.hangupAt } : {}),
    ...(call.fallbackUrl ? { fallbackUrl: call.fallbackUrl } : {}),
  };
}
