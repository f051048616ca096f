import type { DateTime } from 'luxon';
import type { Flow, FlowNode, MenuNode, Prompt } from '../flow/schema';
import { MOST_NODES_WITHOUT_ASKING } from '../flow/successors';
import { lineStatus, type LineStatus } from '../schedule/lineStatus';
import { spokenReopening } from '../schedule/reopening';
import { weeklyHoursSaid } from '../schedule/weeklyHoursSaid';
import { hoursChecked } from '../schedule/hoursChecked';
import { ordinal } from '../text/ordinal';
import type { CallState } from './callState';
import type { Action, Plan, Speech } from './plan';
import { canOfferSms, noSmsOfferBecause, smsBody, type SmsContext } from './smsOffer';
import { transferCallerId } from './transferCallerId';

/**
 * The engine: given the flow, where the call is, what the caller just did and
 * the instant, it returns what to do next as data. Pure: no I/O, no clock, no
 * settings — `now` and the destination numbers are arguments.
 */
export interface StepContext extends SmsContext {
  flow: Flow;
  now: DateTime;
  /** Destination name -> phone number, after app-setting overrides. */
  destinations: Readonly<Record<string, string>>;
  /** The number the caller dialled (Twilio's To), shown to a transfer's called party when the caller's own cannot be (transferCallerId). */
  dialled?: string;
  /**
   * Numbers that ring this app itself (the number called, first of all): a <Dial> to one would
   * start another leg of the same menu, each billed, and reach no operator. The engine refuses
   * it and takes the dial's failure path, as if the transfer had failed (see ownNumbers.ts).
   */
  ringsThisApp?: (number: string) => boolean;
  /** Told of each node the call enters and each input no option matched: coverage and exploration listen here. */
  trace?: (event: TraceEvent) => void;
}

export type TraceEvent =
  /**
   * `via`: the edge of the flow taken from `from` (see `Via`); undefined at the call's start and where no edge is taken.
   * `said`: how many sentences this answer says before this node's own (an excuse, earlier nodes), so a transcript can put each node where its words begin.
   * `why`: for an edge the app chose and the caller's keys do not explain, why it took it, in plain words: the hours
   * check ("hours checked at 17:00:08: closed, after the 17:00 close"), an SMS offer not made ("no SMS offer: the
   * number does not start with +393 …"), a menu's last failed try ("3rd failed try: on to consumer-operator-hours").
   * Said when asked: only a transcript reads it, and formatting the time on every webhook's hours check took a
   * third of a simulated call's time (npm run bench: 7,887 calls per CPU-second fell to 4,590).
   */
  | { kind: 'enter'; node: string; from: string | undefined; via?: Via; said: number; why?: () => string }
  | { kind: 'no-match'; node: string; input: string }
  /** The dial at `node` was not made: `number` (destination `destination`) rings this app itself. */
  | { kind: 'dial-refused'; node: string; destination: string; number: string };

/**
 * Which edge of the flow a call took into a node: a menu's key ("key 2"), its
 * "otherwise", a "retry" of the same menu or its "exhausted"; a dial's
 * "onFailure"; an hours node's "open", "closed" or "holiday"; a say's "next";
 * an SMS offer "declined", "sent", "failed", or "not offered" (a landline,
 * no sender). Coverage counts edges by it: two edges between the same nodes
 * (key 2 and three failed tries, both to the operator) are two branches.
 */
export type Via = `key ${string}` | 'otherwise' | 'retry' | 'exhausted' | 'onFailure' | 'open' | 'closed' | 'holiday' | 'next' | 'declined' | 'sent' | 'failed' | 'not offered';

export type CallInput =
  | { kind: 'keys'; digits: string }
  | { kind: 'silence' }
  | { kind: 'dial-ended'; status: string }
  /** What became of the `send-sms` action the engine asked for. */
  | { kind: 'sms-result'; sent: boolean };

/** The flow's line `line`, or its default line for a name it does not have (a number no line has reaches the default one). */
function lineOf(flow: Flow, line: string): Flow['lines'][string] | undefined {
  return flow.lines[line] ?? flow.lines[flow.defaultLine];
}

/** The first answer of a call on `line`. */
export function startCall(ctx: StepContext, line: string): Plan {
  const lineDef = lineOf(ctx.flow, line);
  if (!lineDef) throw new Error(`line "${line}" is not in the flow`);
  return enter(ctx, { line, node: lineDef.start, language: ctx.flow.defaultLanguage, tries: 0 }, true, undefined);
}

/**
 * Where a call starts over, on `line`, in `language` (one the flow has): a call's request asked for a node
 * the flow no longer has (a deploy during the call) or cannot resume. A caller in the flow's default language
 * hears the line's welcome again, as every call begins. One who had chosen another language at the welcome is
 * not asked again in the default one: the call goes on where the welcome's key for that language leads (its
 * option with `language`), the very next thing they heard when they chose it; without such a key, at the
 * welcome, said in their language. Either is a node any caller reaches from the line's start in one key.
 */
export function restartCall(ctx: StepContext, line: string, language: string): Plan {
  const lineDef = lineOf(ctx.flow, line);
  if (!lineDef) throw new Error(`line "${line}" is not in the flow`);
  const welcome = ctx.flow.nodes[lineDef.start];
  const chosen = language === ctx.flow.defaultLanguage || welcome?.type !== 'menu' ? undefined : welcome.options.find((option) => option.language === language);
  return enter(ctx, { line, node: chosen?.next ?? lineDef.start, language, tries: 0 }, true, undefined);
}

/**
 * Where a call goes when Twilio reports how a <Dial> ended (`status`, its DialCallStatus) at a node this flow
 * cannot resume (a deploy renamed the dial node during the transfer). A transfer that was answered ends the
 * call, as it does at the dial node itself: the caller has spoken with the operator, and the welcome menu again
 * would be a second call they did not make. One that was not answered (busy, no-answer, failed, canceled) lost
 * its onFailure path with the node: which apology or other way to help it held is not known. The caller is still
 * on the line and wants help, so the call starts over in their language (restartCall), as any call that cannot
 * be resumed does, rather than hang up on them: from the menu they can ask for an operator again or choose another way.
 */
export function restartAfterDial(ctx: StepContext, line: string, language: string, status: string): Plan {
  return transferAnswered(status) ? [{ kind: 'hangup' }] : restartCall(ctx, line, language);
}

/** Whether a DialCallStatus says the called party answered: the call ends when the transfer does. */
export function transferAnswered(status: string): boolean {
  return status === 'completed' || status === 'answered';
}

/**
 * The answer for a call whose answer at `state` (a menu or the SMS offer)
 * never reached us (the webhook's fallback). A menu asks its question again,
 * without its intro: its prompt is said again on every retry anyway, so it
 * holds nothing only the answer that first reached it could fill. An SMS
 * offer is taken as declined and the call goes on: its offer may name the
 * day's holiday, which only the answer through the hours check fills.
 */
export function resumeCall(ctx: StepContext, state: CallState): Plan {
  return nodeAt(ctx.flow, state.node).type === 'menu' ? enter(ctx, state, false, undefined) : continueCall(ctx, state, { kind: 'silence' });
}

/** The answer to a request Twilio makes back to us after a <Gather> or <Dial>. */
export function continueCall(ctx: StepContext, state: CallState, input: CallInput): Plan {
  const node = nodeAt(ctx.flow, state.node);
  if (node.type === 'dial') {
    if (input.kind !== 'dial-ended') return enter(ctx, state, true, undefined);
    if (transferAnswered(input.status)) return [{ kind: 'hangup' }];
    return enter(ctx, { ...state, node: node.onFailure, tries: 0 }, true, state.node, 'onFailure');
  }
  if (node.type === 'sms-offer') {
    if (input.kind === 'sms-result') {
      const result = say(ctx, input.sent ? node.sent : node.failed, state.language);
      return [...result, ...enter(ctx, { ...state, node: node.next, tries: 0 }, true, state.node, input.sent ? 'sent' : 'failed', result.length)];
    }
    if (input.kind === 'keys' && input.digits === node.key && canOfferSms(ctx, node, state)) {
      // The flag rides in the state of every later request, so the call can never send twice.
      return [{ kind: 'send-sms', to: (ctx.caller as string).trim(), body: smsBody(node, state.language), next: { ...state, tries: 0, smsSent: true } }];
    }
    // Declined (silence or another key): no retry, the call goes on.
    return enter(ctx, { ...state, node: node.next, tries: 0 }, true, state.node, 'declined');
  }
  if (node.type !== 'menu') return enter(ctx, state, true, undefined);

  const option = input.kind === 'keys' ? node.options.find((o) => o.key === input.digits) : undefined;
  if (option) {
    const language = option.language ?? state.language;
    return enter(ctx, { ...state, node: option.next, language, tries: 0 }, true, state.node, `key ${option.key}`);
  }
  ctx.trace?.({ kind: 'no-match', node: state.node, input: input.kind === 'keys' ? input.digits : '' });
  if (node.otherwise) return enter(ctx, { ...state, node: node.otherwise, tries: 0 }, true, state.node, 'otherwise');
  const retry = node.retry as NonNullable<MenuNode['retry']>;
  const tries = state.tries + 1;
  const excuse = say(ctx, input.kind === 'keys' && input.digits !== '' ? retry.invalid : retry.noInput, state.language);
  // The last failed try is told why too: a caller cut off or put through after a wrong key should know it was wrong.
  if (tries >= retry.maxAttempts) {
    const why = () => `${ordinal(tries)} failed try: on to ${retry.exhausted}`;
    return [...excuse, ...enter(ctx, { ...state, node: retry.exhausted, tries: 0 }, true, state.node, 'exhausted', excuse.length, why)];
  }
  return [...excuse, ...enter(ctx, { ...state, tries }, false, state.node, 'retry', excuse.length)];
}

// A say or hours node, an SMS offer not made and a refused transfer lead on
// within the same answer; this many in a row means the flow loops without
// asking the caller anything (lint refuses a chain that long: checkPaths.ts).
const MAX_NODES_PER_ANSWER = MOST_NODES_WITHOUT_ASKING;

/**
 * Enters `state.node` (coming from node `from` by edge `via`, if any, taken for the reason `why`) and follows nodes that need no input.
 * `saidBefore`: the sentences the answer says ahead of this plan (an excuse), counted in the trace's `said`.
 */
function enter(ctx: StepContext, state: CallState, arriving: boolean, from: string | undefined, via?: Via, saidBefore = 0, why?: () => string): Plan {
  const plan: Action[] = [];
  const vars: Vars = {};
  let current = state;
  let previous = from;
  let edge = via;
  let because = why;
  for (let hops = 0; hops < MAX_NODES_PER_ANSWER; hops++) {
    const node = nodeAt(ctx.flow, current.node);
    // Every sentence before a node's own is a <Say> of its own (a <Gather>, which holds the others, always comes last).
    const said = saidBefore + plan.length;
    ctx.trace?.({ kind: 'enter', node: current.node, from: previous, ...(edge === undefined ? {} : { via: edge }), said, ...(because === undefined ? {} : { why: because }) });
    previous = current.node;
    because = undefined;
    switch (node.type) {
      case 'say':
        plan.push(...say(ctx, node.prompt, current.language, vars));
        current = { ...current, node: node.next, tries: 0 };
        edge = 'next';
        continue;
      case 'hours': {
        // What this reads of ctx.now, clockReading.ts reads too: ivr diff reuses a walk at instants that read the same.
        const status = lineStatus(ctx.flow.hours, ctx.now, current.language);
        // Each said in the language of the sentence that holds it (a sentence may be in a fixed language).
        // The name as said (lineStatus drops the calendar's notes in brackets and applies the flow's spoken names).
        if (status.kind === 'holiday') vars.holiday = (language) => holidayName(lineStatus(ctx.flow.hours, ctx.now, language));
        // Why it opens later than the weekly hours give, but not the day off the same prompt already names in "{holiday}".
        if (status.kind !== 'open') vars.reopens = (language, sentences) => spokenReopening(ctx.flow.hours, ctx.now, language, ctx.flow.languages[language]?.tag ?? language, status.kind === 'holiday' && sentences.some((s) => s.includes('{holiday}')));
        current = { ...current, node: node[status.kind], tries: 0 };
        edge = status.kind;
        // The instant the app judged, on the flow's clock: a call's transcript counts seconds from its start.
        const language = current.language;
        because = () => hoursChecked(ctx.flow.hours, ctx.now, status, language);
        continue;
      }
      case 'hangup':
        if (node.prompt) plan.push(...say(ctx, node.prompt, current.language, vars));
        plan.push({ kind: 'hangup' });
        return plan;
      case 'dial': {
        if (node.prompt) plan.push(...say(ctx, node.prompt, current.language, vars));
        const name = typeof node.destination === 'string' ? node.destination : node.destination[current.language];
        const number = name === undefined ? undefined : ctx.destinations[name];
        if (number === undefined) throw new Error(`node "${current.node}" has no destination number for "${current.language}"`);
        if (ctx.ringsThisApp?.(number)) {
          // The caller hears what a failed transfer sounds like: the dial's prompt, then its failure path.
          ctx.trace?.({ kind: 'dial-refused', node: current.node, destination: name as string, number });
          current = { ...current, node: node.onFailure, tries: 0 };
          edge = 'onFailure';
          continue;
        }
        const callerId = transferCallerId(ctx.caller, ctx.dialled, lineOf(ctx.flow, current.line)?.number);
        plan.push({ kind: 'dial', number, timeoutSeconds: node.timeoutSeconds, next: current, ...(callerId ? { callerId } : {}) });
        return plan;
      }
      case 'sms-offer': {
        const notOffered = noSmsOfferBecause(ctx, node, current);
        if (notOffered !== undefined) {
          current = { ...current, node: node.next, tries: 0 };
          edge = 'not offered';
          because = () => `no SMS offer: ${notOffered}`;
          continue;
        }
        plan.push(
          { kind: 'gather', prompts: speeches(ctx, node.offer, current.language, vars), timeoutSeconds: node.timeoutSeconds, next: current },
          { kind: 'redirect', next: current },
        );
        return plan;
      }
      case 'menu': {
        // The intro is inside the <Gather> too, so a caller who knows what to
        // press can press it during a long message instead of waiting it out.
        const intro = arriving && node.intro ? speeches(ctx, node.intro, current.language, vars) : [];
        plan.push(
          { kind: 'gather', prompts: [...intro, ...speeches(ctx, node.prompt, current.language, vars)], timeoutSeconds: node.timeoutSeconds, next: current },
          // Twilio goes on to the next verb when the caller presses nothing.
          { kind: 'redirect', next: current },
        );
        return plan;
      }
    }
  }
  throw new Error(`the flow passes through more than ${MAX_NODES_PER_ANSWER} nodes without asking the caller anything, from "${state.node}"`);
}

function nodeAt(flow: Flow, id: string): FlowNode {
  const node = flow.nodes[id];
  if (!node) throw new Error(`node "${id}" is not in the flow`);
  return node;
}

const holidayName = (status: LineStatus) => (status.kind === 'holiday' ? status.name : undefined);

/** What fills a placeholder, in a given language, in a prompt whose sentences (as written) are `sentences`; set by the hours check an answer passed. */
type Vars = Partial<Record<string, (language: string, sentences: readonly string[]) => string | undefined>>;

function say(ctx: StepContext, prompt: Prompt, language: string, vars: Vars = {}): Action[] {
  return speeches(ctx, prompt, language, vars).map((speech) => ({ kind: 'say', speech }));
}

/** A prompt's sentences in the caller's language (or their fixed one), placeholders filled. */
export function speeches(ctx: StepContext, prompt: Prompt, language: string, vars: Vars = {}): Speech[] {
  const sentences = prompt.map((segment) => {
    const fixed = typeof segment.text === 'string' && typeof segment.language === 'string';
    const lang = fixed ? (segment.language as string) : language;
    const raw = fixed ? (segment.text as string) : (segment as Record<string, string>)[language];
    const voice = ctx.flow.languages[lang];
    if (raw === undefined || !voice) throw new Error(`a prompt has no "${lang}" text`);
    return { raw, lang, voice };
  });
  const written = sentences.map((sentence) => sentence.raw);
  return sentences.map(({ raw, lang, voice }) => {
    const text = raw.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name]?.(lang, written) ?? (name === 'hours' ? hoursSaid(ctx.flow, lang) : undefined) ?? whole);
    return { text, language: voice.tag, voice: voice.voice };
  });
}

const saidHours = new WeakMap<Flow, Map<string, string | undefined>>();

/** "{hours}": the flow's weekly hours in words, the same in every call, so worked out once per flow and language. */
function hoursSaid(flow: Flow, language: string): string | undefined {
  let byLanguage = saidHours.get(flow);
  if (!byLanguage) saidHours.set(flow, (byLanguage = new Map()));
  if (!byLanguage.has(language)) byLanguage.set(language, weeklyHoursSaid(flow.hours.weekly, language, flow.languages[language]?.tag));
  return byLanguage.get(language);
}
