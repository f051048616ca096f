import type { CallResult, Outcome, TranscriptEvent } from '../simulator';
import type { SimulatedMessage } from '../twilio/simulatedSms';
import { isShowableCallerId } from '../engine/transferCallerId';
import { promptsAsHeard, type CutBy, type HeardItem } from '../simulator/promptsAsHeard';
import { shellWord } from '../explore/reproduce';

/**
 * Prints the call as it goes, a line or so an event (describeEvent); a prompt the caller cut short
 * as far as it was heard: its sentences up to the cut, the one cut marked, the rest marked not said.
 * What the app logged is printed by `printNote` (to stderr) in its place in the call: on a terminal,
 * where both streams show, it reads after the words the caller heard before it.
 */
export function transcriptPrinter(print: (line: string) => void, printNote: (line: string) => void): ReturnType<typeof promptsAsHeard> {
  return promptsAsHeard((item) => {
    if (item.kind === 'note') printNote(item.text);
    else for (const line of linesOf(item)) print(line);
  });
}

function linesOf(item: Exclude<HeardItem, { kind: 'note' }>): string[] {
  switch (item.kind) {
    case 'event': {
      const line = describeEvent(item.event);
      return line === undefined ? [] : [line];
    }
    case 'cut': {
      const { language, text } = item.event;
      const notSaid = `  (not said: ${notSaidBecause(item.by)}) [${language}]`;
      return [
        ...(item.roundsHeard > 0 ? [`IVR [${language}]: ${text}${item.roundsHeard > 1 ? ` (x${item.roundsHeard})` : ''}`] : []),
        ...(item.heard ? [`IVR [${language}]: ${item.heard}${item.midSentence ? ` (cut off: ${cutOffBecause(item.by)})` : ''}`] : []),
        ...(item.notSaid ? [`${notSaid} ${item.notSaid}`] : []),
        ...(item.repeatsNotSaid > 0 ? [`${notSaid} ${text} (${repeats(item.repeatsNotSaid)})`] : []),
      ];
    }
    case 'not-said':
      return [`  (not ${item.verb === 'Say' ? 'said' : 'played'}: ${notSaidBecause(item.by)}) ${item.language ? `[${item.language}] ` : ''}${item.text}`];
    case 'why':
      return [`  (${item.text})`];
  }
}

/** The rounds of a looped <Say> that never began: "its 2 repeats", or "its repeats" for a loop="0" one, which had no end. */
function repeats(rounds: number): string {
  return Number.isFinite(rounds) ? `its ${rounds} repeat${rounds === 1 ? '' : 's'}` : 'its repeats';
}

/** Whose input cut the prompt, for --json's `cutOff`. */
function cutter(by: CutBy): string {
  return by === 'keys' ? "the caller's key" : by === 'speech' ? "the caller's speech" : "the caller's hang-up";
}

function cutOffBecause(by: CutBy): string {
  return by === 'hangup' ? 'the caller hung up' : `${cutter(by)} interrupts it`;
}

function notSaidBecause(by: CutBy): string {
  return by === 'hangup' ? 'the caller hung up' : `${cutter(by)} cut it off`;
}

/** One line per event, readable on a terminal: who speaks, in which language, what was pressed, where the call went. */
export function describeEvent(event: TranscriptEvent): string | undefined {
  switch (event.type) {
    case 'request':
      return `  -> ${event.method} ${pathOf(event.url)}  ${event.status ?? 'no answer'}${event.params.Digits !== undefined ? `  Digits=${event.params.Digits}` : ''}${event.params.DialCallStatus ? `  DialCallStatus=${event.params.DialCallStatus}` : ''}${event.params.QueueResult ? `  QueueResult=${event.params.QueueResult}` : ''}`;
    case 'cookie':
      return 'removed' in event ? `  (cookie ${event.name} removed)` : `  (cookie kept, sent on later requests: ${event.name}=${event.value})`;
    case 'say':
      return `IVR [${event.language}]: ${event.text}${event.loop !== 1 ? ` (x${event.loop || 'many'})` : ''}`;
    case 'play':
      return `IVR plays ${event.url ?? `tones ${event.digits}`}${event.media ? `  ${mediaNote(event.media)}` : ''}`;
    case 'pause':
      return `  (pause ${event.seconds}s)`;
    case 'repeating':
      return `  (<${event.verb} loop="0"> repeats until the caller hangs up: ${event.seconds}s more, to the call's time limit; later TwiML never runs)`;
    case 'gather':
      return `  (waiting for ${event.prompt.numDigits ?? 'any'} key${event.prompt.numDigits === 1 ? '' : 's'}, ${event.prompt.timeout}s)`;
    case 'record':
      return `  (recording, up to ${event.prompt.maxLength}s)`;
    case 'barge-in':
      return `  (caller interrupts the prompt ${event.after}s in with ${event.input}: the rest${event.cutSeconds !== undefined ? `, ${event.cutSeconds}s,` : ''} is not played)`;
    case 'input': {
      const a = event.action;
      const late = event.tooLate ? `: too late, the menu had stopped waiting at ${event.tooLate.stoppedWaitingAt}s` : '';
      const at = 'after' in a && a.after !== undefined ? ` (${a.after}s into the prompt${late})` : '';
      // What Twilio took; keys pressed after the Gather had all it waits for are said apart.
      if ('digits' in a && event.notTaken !== undefined) return `Caller presses ${a.digits}${at} (then ${keysOnly(event.notTaken)}: not taken, the menu had stopped listening)`;
      if ('digits' in a) return `Caller presses ${a.digits}${at}`;
      if ('speech' in a && (a.thenKey || a.thenHangup)) return `Caller says "${a.speech}", then ${a.thenHangup ? 'hangs up' : `presses ${a.thenKey}`}`;
      if ('speech' in a) return `Caller says "${a.speech}"${at}`;
      if ('hangup' in a) return undefined; // the hangup event that follows says it, with the moment
      return 'Caller stays silent';
    }
    case 'dial': {
      // A <Dial> Twilio refused (error 13214, said just before) rang no one, and shows no caller ID: the event has no `from`.
      if (event.from === undefined) return `Call to ${event.to} (${event.noun}) not dialled: Twilio refused the <Dial> (DialCallStatus ${event.status})`;
      const line =
        event.bridged === false
          ? `Call dialled to ${event.to} (${event.noun}): answered, but the called party's leg ended before joining the call (DialCallStatus ${event.status}, DialBridged false)`
          : `Call dialled to ${event.to} (${event.noun}): ${event.status}${event.status === 'completed' ? `, talked ${event.durationSeconds}s` : ''}`;
      // The simulator cannot know what a carrier does with it; Twilio warns it may refuse the call (https://www.twilio.com/docs/api/errors/13214).
      if (event.noun === 'number' && !isShowableCallerId(event.from)) return `${line}\n  note: the called party is shown caller ID "${event.from}", which is withheld or not a valid number; carriers may refuse such a call (Twilio error 13214). Give the <Dial> a callerId`;
      return event.byCallerId ? `${line}\n  caller ID shown: ${event.from}, the <Dial>'s callerId` : line;
    }
    case 'called-party': {
      // What happens on the called party's own leg (a Dial noun's url): the caller hears none of it.
      const line = describeEvent(event.event);
      return line === undefined ? undefined : `  [called party ${event.to}] ${line.trim().replace(/^Caller /, '')}`;
    }
    case 'redirect':
      return `  (redirect to ${pathOf(event.url)})`;
    case 'enqueue':
      return event.workflowSid
        ? `Caller waits for a TaskRouter agent (workflow ${event.workflowSid}${event.queue ? `, queue "${event.queue}"` : ''}${event.task ? `, task ${JSON.stringify(event.task)}` : ''})`
        : `Caller waits in queue "${event.queue}"`;
    case 'queue-wait':
      return `  (wait music from ${pathOf(event.url)}: position ${event.position}, ${event.queueSeconds}s in ${queueName(event.queue)})`;
    case 'queue-hold':
      return `  (caller holds ${event.seconds}s: ${event.why})`;
    case 'queue-end':
      return `${capitalised(queueName(event.queue))} ends: ${event.result} after ${event.queueSeconds}s${event.talkSeconds !== undefined ? `, talked ${event.talkSeconds}s with the agent` : ''}${event.detail ? ` (${event.detail})` : ''}`;
    case 'leave':
      return event.inQueue ? 'Caller leaves the queue (<Leave>)' : '  (<Leave> outside a queue: nothing to leave)';
    case 'sms':
      return `SMS${event.to ? ` to ${event.to}` : ''}: ${event.body}`;
    case 'background':
      return `  (${event.verb} ${event.nouns.join(', ')})`;
    case 'hangup':
      return event.by === 'caller' ? `Caller hangs up (${event.at}s into the call)` : `IVR hangs up${event.by === 'end-of-document' ? ' (end of TwiML)' : ''}`;
    case 'callback':
      return `  (${event.name}: ${event.method} ${pathOf(event.url)}  ${event.status ?? `not sent: ${event.notSent}`})`;
    case 'reject':
      return `Call rejected (${event.reason})`;
    case 'error':
      return `Twilio error ${event.code}: ${event.message}`;
    case 'fallback':
      return `  (error ${event.code}: trying the number's fallback URL ${pathOf(event.url)})`;
    case 'unsupported':
      return `Not simulated: <${event.verb}>`;
    case 'end':
      return undefined;
  }
}

export function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'dial':
      return `connected to ${outcome.to}`;
    case 'hangup':
      return outcome.endOfDocument ? 'hung up (end of TwiML)' : 'hung up by the IVR';
    case 'caller-hangup':
      return 'the caller hung up';
    case 'reject':
      return `rejected (${outcome.reason})`;
    case 'enqueue':
      return `connected to an agent from ${queueName(outcome.queue)} after ${outcome.queueSeconds}s`;
    case 'unsupported':
      return `stopped at <${outcome.verb}>, which the simulator does not emulate`;
    case 'error':
      return `Twilio error ${outcome.code}: ${outcome.message}`;
    case 'loop':
      return outcome.callerDriven
        ? `stopped after ${outcome.maxRequests} requests, the most one simulated call makes (the caller kept answering)`
        : `stopped after ${outcome.maxRequests} requests with no caller input between them (a loop?)`;
    case 'not-followed':
      return `stopped before fetching ${outcome.url}: ${outcome.reason}`;
  }
}

/** The machine-readable form of `ivr call --json`. */
export function callJson(result: CallResult, sms: SimulatedMessage[] = [], errors?: readonly string[], record?: object): object {
  return {
    outcome: result.outcome,
    // The ivr.call record the app logged when the status callback said the call was over (in-process calls only).
    ...(record ? { record } : {}),
    // What the app logged as errors during an in-process call (a transfer refused, ...); a call over --url has none to give.
    ...(errors ? { errors } : {}),
    transcript: saidOf(result.transcript),
    // The messages the app sent through the simulated Messages API (in-process calls, and --url calls to our local host).
    sms: sms.map(({ to, from, body, status, sid, error }) => ({ to, from, body, status, ...(sid ? { sid } : {}), ...(error ? { error } : {}) })),
    events: result.transcript,
    requests: result.requests,
    callSid: result.callSid,
    virtualSeconds: result.virtualSeconds,
    ...(result.statusCallback ? { statusCallback: result.statusCallback } : {}),
  };
}

/**
 * A note for each answer whose last keys the <Gather> did not take (`--press 12` at a one-key menu): the
 * transcript shows the keys taken, and this says why the rest were lost and what to press instead. Keys
 * meant for the next prompt go in a --press of their own; a trailing # or finishOnKey (`--press 1#` at a
 * one-key menu) was meant for no prompt, and pressed at the next one it would be a wrong key there, so the
 * advice is to leave it out.
 */
export function keysNotTakenNotes(result: CallResult, interactive: boolean): string[] {
  const notes: string[] = [];
  let prompt: Extract<TranscriptEvent, { type: 'gather' }>['prompt'] | undefined;
  for (const event of result.transcript) {
    if (event.type === 'gather') prompt = event.prompt;
    if (event.type !== 'input' || event.notTaken === undefined || !prompt || !('digits' in event.action)) continue;
    const taken = event.action.digits;
    const pressed = taken + event.notTaken;
    const rest = keysOnly(event.notTaken);
    const ender = keysOnly(taken).slice(-1);
    const { finishOnKey } = prompt;
    const endedOnKey = finishOnKey.includes(ender);
    const why = endedOnKey ? `${ender} ends its input` : `it takes ${prompt.numDigits} key${prompt.numDigits === 1 ? '' : 's'}`;
    // "#" is how a caller ends keys on most phone menus: pressed after all a prompt takes, it was meant for none.
    const onlyEnders = [...rest].every((key) => key === '#' || finishOnKey.includes(key));
    const how = onlyEnders
      ? `${endedOnKey ? `one ${ender} ends it` : `a ${prompt.numDigits === 1 ? 'one' : prompt.numDigits}-key prompt needs no ${rest}`}: ${interactive ? `type ${taken}` : `--press ${shellWord(taken)}`}`
      : interactive
        ? 'type the keys for the next prompt when it asks'
        : `give each prompt its own --press, e.g. --press ${shellWord(taken)} --press ${shellWord(rest)}`;
    notes.push(`note: ${interactive ? 'keys' : '--press'} ${pressed} at prompt ${prompt.index}: ${why}, so Twilio took ${taken} and not the ${rest} after it, as on a real call; ${how}`);
  }
  return notes;
}

/** Keys as pressed, without the "w" waits between them. */
function keysOnly(keys: string): string {
  return keys.replace(/w/gi, '');
}

/** A note when the final status callback failed: our app writes the call's record there, so this call has none. */
export function statusCallbackNote(result: CallResult): string | undefined {
  const sent = result.statusCallback;
  if (!sent || (sent.status !== undefined && sent.status < 300)) return undefined;
  const what = sent.status !== undefined ? `was answered ${sent.status}` : `was not answered (${sent.notSent})`;
  return `note: the call's status callback (POST ${sent.url}) ${what}: the app writes the call's ivr.call record there, so this call has none, and ivr report and ivr replay will not count it`;
}

/** A line of what the IVR said (`ivr call --json`'s `transcript`, callIvr's): words heard, or words a cut left unsaid. */
export type TranscriptLine =
  | { say: string; language: string; times?: number; cutOff?: string }
  | { notSaid: string; language?: string; times?: number };

/**
 * What the IVR said, in order: a prompt the caller cut short only as far as it was heard (`say` up to and with
 * the sentence cut, `cutOff` naming whose input or hang-up cut it), and what it would have said after as `notSaid`;
 * `times` counts the rounds of a looped <Say> heard whole before the cut, or never begun after it.
 */
export function saidOf(events: readonly TranscriptEvent[]): TranscriptLine[] {
  const said: TranscriptLine[] = [];
  const heard = promptsAsHeard((item) => {
    if (item.kind === 'event' && item.event.type === 'say') said.push({ say: item.event.text, language: item.event.language });
    if (item.kind === 'cut') {
      const { text, language } = item.event;
      if (item.roundsHeard > 0) said.push({ say: text, language, ...(item.roundsHeard > 1 ? { times: item.roundsHeard } : {}) });
      if (item.heard) said.push({ say: item.heard, language, ...(item.midSentence ? { cutOff: cutter(item.by) } : {}) });
      if (item.notSaid) said.push({ notSaid: item.notSaid, language });
      // loop="0" had no end: its repeats are not counted.
      if (item.repeatsNotSaid > 0) said.push({ notSaid: text, language, ...(Number.isFinite(item.repeatsNotSaid) ? { times: item.repeatsNotSaid } : {}) });
    }
    if (item.kind === 'not-said' && item.verb === 'Say') said.push({ notSaid: item.text, ...(item.language ? { language: item.language } : {}) });
  });
  for (const event of events) heard.event(event);
  heard.flush();
  return said;
}

/** How the GET of a <Play> URL went: "(GET 200 audio/mpeg)", "(GET 404)", "(not fetched: why)". */
function mediaNote(media: NonNullable<Extract<TranscriptEvent, { type: 'play' }>['media']>): string {
  if (media.notFetched) return `(not fetched: ${media.notFetched})`;
  return `(GET ${media.status ?? 'no answer'}${media.contentType ? ` ${media.contentType}` : ''})`;
}

/** A TaskRouter <Enqueue> may have no queue name: its workflow picks the queue. */
function queueName(queue: string): string {
  return queue ? `queue "${queue}"` : "the TaskRouter workflow's queue";
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}
