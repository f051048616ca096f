import { dialScript, interruptsAt, queueScript, simulateCall, type CallerAction, type CallerPrompt, type CallResult, type SaidText } from '../simulator';
import type { CallerStep, HearExpectation, Scenario } from './scenarioFile';
import { callFailure, callPowers, hungUpNote, openTarget, type ScenarioResult, type ScenarioTarget } from './scenarioTarget';
import { runIvrTesterScenario } from './runIvrTester';
import type { SimulatedMessage } from '../twilio/simulatedSms';
import { speechThen } from '../cli/callerInput';
import { describeOutcome } from '../cli/renderTranscript';
import { promptsAsHeard, saidIn, saidOfCutPrompt } from '../simulator/promptsAsHeard';
import { refusedTransferLines, type RefusedTransfer } from './refusedTransfer';
import { pathMismatch, route, routeParted } from './expectedPath';
import { failedEndingLines } from './failedEnding';
import type { DataPath } from './sourceLines';
import type { TracedStep } from './coverage';
import { DEFAULT_CALLER } from '../config/phoneNumber';

export type { ScenarioResult, ScenarioTarget } from './scenarioTarget';

type Said = SaidText;

export async function runScenario(scenario: Scenario, target: ScenarioTarget = {}): Promise<ScenarioResult> {
  if (scenario.ivrTester) return runIvrTesterScenario(scenario, scenario.ivrTester, target);
  // What the caller heard, from the call's events as far as they were heard (a prompt cut by a key or the
  // hang-up, only up to the cut): the same cut `ivr call` shows.
  const said: Said[] = [];
  const heard = promptsAsHeard((item) => said.push(...saidIn(item)));
  const failures: string[] = [];
  // What each failure is about in the scenario (a step, an `expect`), for its line in the file.
  const failurePaths: (DataPath | undefined)[] = [];
  const fail: Fail = (text, path) => {
    failures.push(text);
    failurePaths.push(path);
  };
  // The hear step that failed (`failure`: its place in `failures`), to be told with a refused transfer that explains it.
  let misheardStep: MisheardStep | undefined;
  // Where the last match ended: a sentence, and a character in it, so several
  // `hear` steps can match one long sentence in order.
  let cursor = 0;
  let offset = 0;
  let next = 0; // index of the next step

  // `heardSoFar`: what the caller has heard by now; `hungUp`: said with a failure when the caller's hang-up
  // (call.hangupAt) cut it, so what the step waited for may simply not have been reached.
  const matchHears = (heardSoFar: readonly Said[], hungUp: boolean) => {
    while (failures.length === 0 && scenario.steps[next]?.kind === 'hear') {
      const step = scenario.steps[next] as { kind: 'hear'; expect: HearExpectation };
      let end = -1;
      let found = cursor;
      for (; found < heardSoFar.length; found++) {
        end = matchEnd(heardSoFar[found] as Said, step.expect, found === cursor ? offset : 0);
        if (end >= 0) break;
      }
      if (end < 0) {
        misheardStep = { index: next, expected: describe(step.expect), failure: failures.length };
        const why = hungUp ? hungUpNote(hangupAt, 'its call.hangupAt') : '';
        fail(mismatch(next, misheardStep.expected, heardSoFar.slice(cursor), offset) + why, ['steps', next]);
        return;
      }
      cursor = found;
      offset = end;
      next++;
    }
  };

  // The caller answers a <Gather> before its prompt plays, so a step can interrupt it (`after`): the `hear`
  // steps before it are matched with the prompt as far as the caller will hear it, cut where the step cuts
  // in or where the caller hangs up (call.hangupAt), as the simulator will cut it.
  const hangupAt = scenario.call.hangupAt ?? Number.POSITIVE_INFINITY;
  const promptHeard = (prompt: CallerPrompt): { said: Said[]; hungUp: boolean } => {
    if (prompt.verb !== 'Gather') return { said: [], hungUp: false };
    const act = scenario.steps.slice(next).find((s) => s.kind === 'act');
    const keysAt = (act?.kind === 'act' ? interruptsAt(toAction(act.act), prompt) : undefined) ?? prompt.promptSeconds ?? Number.POSITIVE_INFINITY;
    const hungUpAt = hangupAt - prompt.startedAt;
    return { said: saidOfCutPrompt(prompt, Math.min(keysAt, hungUpAt)), hungUp: hungUpAt < keysAt };
  };

  // Where the caller hung up because every step had run: an ending the scenario did not write, so a
  // failed `expect` names it.
  let stepsRanOutAt: string | undefined;
  // The step that answered the last prompt, and where: a key timed (`after`) past the moment the menu stopped
  // waiting was never heard, which the input event then says (tooLate); the first such is told with a failure.
  // `taken`: the simulator took the answer (its input event); a caller who hung up first never gave it.
  let answered: { step: number; place: string; taken: boolean } | undefined;
  let late: LateStep | undefined;
  const caller = (prompt: CallerPrompt): CallerAction => {
    // What was said before this prompt was heard whole: a hang-up during it would have ended the call.
    heard.flush();
    const ahead = promptHeard(prompt);
    matchHears([...said, ...ahead.said], ahead.hungUp);
    const step = scenario.steps[next];
    // A hear step after this answer searches what is said after it: the prompt's words are told by its events.
    cursor = said.length + ahead.said.length;
    offset = 0;
    if (failures.length === 0 && step === undefined) stepsRanOutAt = promptPlace(prompt, trace);
    // A refused transfer ends the call as a failure does: what the caller hears then is the refusal's doing.
    if (failures.length > 0 || refused !== undefined || step === undefined) return { hangup: true };
    if (step.kind !== 'act') return { hangup: true };
    answered = { step: next, place: promptPlace(prompt, trace), taken: false };
    next++;
    return toAction(step.act);
  };

  // A refused transfer is told once the call is over, with the step it stands in place of (refusedTransfer.ts);
  // `afterStep`: how many steps had run. Settings read as openTarget reads them.
  const settings = { ...(target.env ?? {}), ...scenario.settings };
  let refused: (RefusedTransfer & { afterStep: number }) | undefined;
  const appError = (m: string, refusal: RefusedTransfer | undefined) => {
    if (refusal && refused === undefined) refused = { ...refusal, afterStep: next };
    else if (!refusal) fail(`the app logged an error: ${m.split('\n')[0] ?? ''}`);
  };
  const { url, transport, authToken, to, callSid, trace, sms, hostMessages, accountSid, clock, hoursChecks } = openTarget(scenario, target, appError);
  // The second the caller hung up as call.hangupAt says, when they did: what they had not heard by then never came.
  let hungUpAt: number | undefined;
  const call = await simulateCall({
    url,
    transport,
    call: { to, from: scenario.call.from ?? DEFAULT_CALLER, callSid, ...(accountSid ? { accountSid } : {}) },
    caller: { beforePrompt: caller },
    dial: dialScript(scenario.dial),
    ...(scenario.queue ? { queue: queueScript(scenario.queue) } : {}),
    ...(scenario.calledParty.length > 0 ? { calledParty: scenario.calledParty.map(toAction) } : {}),
    authToken,
    clock,
    ...callPowers(scenario.call),
    onEvent: (event) => {
      if (event.type === 'input' && answered) answered.taken = true;
      if (event.type === 'input' && event.tooLate && answered && late === undefined) late = { ...answered, stoppedWaitingAt: event.tooLate.stoppedWaitingAt };
      if (event.type === 'hangup' && event.by === 'caller' && event.at >= hangupAt) hungUpAt = event.at;
      heard.event(event);
    },
  });
  heard.flush();
  // The caller hung up (call.hangupAt) before giving the last answer (during its prompt, say): that step was never reached.
  if (answered && !answered.taken) next = answered.step;

  // A step that failed (or an error the app logged, or a refused transfer) made the caller hang up: how the
  // call ended then is no finding of its own. A call that failed on its own (a Twilio error, say) is told with what to do.
  const cut = failures.length > 0 || refused !== undefined;
  const failed = cut ? undefined : callFailure(call, scenario.expect.outcome);
  if (failed) fail(failed);
  // A `hear` checked only once the call ended on its own fails alone too: the ending is no second finding.
  const found = failures.length;
  matchHears(said, hungUpAt !== undefined);
  const misheard = failures.length > found;
  // Where the call left the route the scenario pins, if it did before it ended: the cause a hint should name.
  const parted = target.url === undefined && scenario.expect.path ? routeParted(scenario.expect.path, trace) : undefined;
  if (refused !== undefined) tellRefused({ ...refused, ...(parted ? { routeParted: parted } : {}) }, misheardStep && misheardStep.index >= refused.afterStep ? misheardStep : undefined);
  const left = scenario.steps[next];
  if (failures.length === 0 && left !== undefined) {
    const ended = hungUpAt !== undefined ? `the caller hung up ${hungUpAt} s into the call, its call.hangupAt` : describeOutcome(call.outcome);
    fail(`step ${next + 1}: the call ended (${ended}) before this step: ${describeStep(left)}`, ['steps', next]);
  }
  // In-process, a call with no SMS sender is offered none and sends none: a scenario that expects messages
  // is told how to give it one, even when a step (hearing the offer, say) failed first for that reason.
  const inProcess = target.url === undefined;
  const unsendable = inProcess && !sms && (scenario.expect.sms ?? []).length > 0;
  let lateTold = false;
  if (!cut && !failed && !misheard) {
    const before = failures.length;
    checkOutcome(scenario, call, fail);
    // Said only where the scripted hang-up is the surprise: a scenario that expects another ending (an
    // outcome, or a connection, which is a dial's), not one that expects the caller to hang up and fails on
    // its dials, say: that call ended as it meant to.
    const { outcome, to: connectedTo } = scenario.expect;
    const expectedAnotherEnding = outcome !== undefined ? outcome !== 'caller-hangup' : connectedTo !== undefined;
    if (failures.length > before && expectedAnotherEnding && stepsRanOutAt !== undefined && call.outcome.kind === 'caller-hangup') {
      // More steps would not help a call that a key sent elsewhere: its route says where (the path failure below).
      // Nor would they help a call whose key came too late: the menu went on without it, and the steps with it.
      failures[before] += late
        ? ` (${lateStep(late, scenario)})`
        : parted
          ? ` (the steps ran out at ${stepsRanOutAt}, where a key took the call off its expect.path: ${parted}; check the scenario's keys against the flow's menus)`
          : ` (the steps ran out at ${stepsRanOutAt}, so the scripted caller hung up there; add the steps that lead to the ending expected)`;
      lateTold = late !== undefined;
    }
    // A failed ending (its outcome, or where it was connected) says why in-process: the route, and the hours.
    const ending = failurePaths.findIndex((at, i) => i >= before && at?.[0] === 'expect' && (at[1] === 'outcome' || at[1] === 'to'));
    if (inProcess && ending >= 0) failures[ending] += furtherLines(failedEndingLines(trace, hoursChecks, scenario.call.at, scenario.expect.path !== undefined));
    // A route cut short by the scripted hang-up says so, unless a failed ending said it already.
    const ranOut = failures.length === before && stepsRanOutAt !== undefined && call.outcome.kind === 'caller-hangup' ? `; the steps ran out at ${stepsRanOutAt}, so the scripted caller hung up there` : '';
    checkPath(scenario, `${describeOutcome(call.outcome)}${ranOut}`, inProcess ? trace : undefined, target.url, fail);
    if (!unsendable) {
      // Over HTTP only our local host shows its messages; from any other app there are none to see.
      const hostSms = hostMessages && scenario.expect.sms !== undefined ? await hostMessages() : undefined;
      checkSms(scenario, sms?.messages ?? (inProcess ? [] : hostSms), sms ? "the call's `sms: failed`" : "the local host's IVR_LOCAL_SMS=failed", fail);
    }
  } else if (inProcess && scenario.expect.path) {
    // A failed step (or a refused transfer) hung the caller up, which cut the route short: said then only where it
    // went another way before. A `hear` checked once the call had ended on its own, or a call that failed, cut
    // nothing: its route is checked whole, so one run says both what was misheard and where the call went.
    const mismatch = pathMismatch(scenario.expect.path, trace, describeOutcome(call.outcome), cut);
    if (mismatch) fail(mismatch, ['expect', 'path']);
  }
  if (unsendable) {
    fail(
      `sms: expected ${(scenario.expect.sms ?? []).map(wantedSms).join('; ')}, but this call has no SMS sender, so the app offers the caller no SMS and sends none; ` +
        'give it one in the scenario: call: { sms: sent } (or IVR_SMS_FROM, with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, in its settings)',
      ['expect', 'sms'],
    );
  }
  // A key that came too late is why whatever failed after it did: told first, at its step, unless the ending's failure told it.
  if (late && failures.length > 0 && !lateTold) {
    failures.unshift(lateStep(late, scenario));
    failurePaths.unshift(['steps', late.step]);
  }
  const lineOf = scenario.lineOf;
  return { passed: failures.length === 0, failures, failureLines: failurePaths.map((at) => (at && lineOf ? lineOf(at) : undefined)), call, trace };

  /**
   * The refused transfer, leading: in place of the hear step it made fail (expected that, the call went to the
   * transfer instead), or else after the step that led to it; then the fix for each thing the scenario may mean.
   */
  function tellRefused(refusal: RefusedTransfer & { afterStep: number }, step: MisheardStep | undefined): void {
    const [what, ...fixes] = refusedTransferLines(refusal, settings, scenario.expect.outcome === 'dial' || scenario.expect.to !== undefined);
    if (step !== undefined) {
      failures[step.failure] = `step ${step.index + 1}:\n      expected to hear: ${step.expected}\n      instead:          ${what}${furtherLines(fixes)}`;
      return;
    }
    // In place of the ending the scenario expected, which was not checked: the route to the refusal, as a failed ending says it.
    const { outcome, to: connectedTo, path: pinned } = scenario.expect;
    const ending = outcome !== undefined || connectedTo !== undefined ? failedEndingLines(trace, hoursChecks, scenario.call.at, pinned !== undefined) : [];
    const hints = furtherLines([...fixes, ...ending]);
    const after = refusal.afterStep;
    if (after === 0) fail(`${what}${hints}`);
    else fail(`after step ${after}: ${what}${hints}`, ['steps', after - 1]);
  }
}

type MisheardStep = { index: number; expected: string; failure: number };

/** A step whose keys or speech came (`after`) once the prompt at `place` had stopped waiting, `stoppedWaitingAt` seconds into it. */
type LateStep = { step: number; place: string; stoppedWaitingAt: number };

/** The step that came too late, and the fix: an earlier `after`, not more steps (the menu went on without it). */
function lateStep({ step, place, stoppedWaitingAt }: LateStep, scenario: Scenario): string {
  const written = scenario.steps[step];
  const what = written ? ` (${describeStep(written)})` : '';
  return `step ${step + 1}${what} came too late: ${place} had stopped waiting ${stoppedWaitingAt} s in (its length, then its timeout), so the menu went on without it, as if the caller were silent; give the step an earlier after, below ${stoppedWaitingAt}`;
}

/** Lines under a failure's first, indented as `npx ivr test` prints them under its place. */
function furtherLines(lines: readonly string[]): string {
  return lines.map((line) => `\n      ${line}`).join('');
}

/** Records a failure, with what it is about in the scenario (`path`, for its line in the file). */
type Fail = (text: string, path?: DataPath) => void;

/** Where a prompt is, for a failure: its node, from the URL its input goes to (ours carry it), or the last node entered. */
function promptPlace(prompt: CallerPrompt, trace: { node: string }[]): string {
  let node: string | null = null;
  try {
    node = new URL(prompt.action, 'http://localhost').searchParams.get('node');
  } catch {
    // An action that is no URL names no node.
  }
  node ??= trace.at(-1)?.node ?? null;
  return node !== null ? `the prompt of node "${node}"` : `input prompt ${prompt.index}`;
}

function wantedSms(e: { to?: string; contains?: string }): string {
  return [e.to ? `to ${e.to}` : 'to anyone', e.contains ? `containing "${e.contains}"` : ''].filter(Boolean).join(' ');
}

function checkOutcome(scenario: Scenario, call: CallResult, fail: Fail): void {
  const { outcome, to, dials } = scenario.expect;
  if (outcome !== undefined && call.outcome.kind !== outcome) {
    fail(`outcome: expected ${outcome}, got ${call.outcome.kind}${call.outcome.kind === 'error' ? ` (${call.outcome.code} ${call.outcome.message})` : ''}`, ['expect', 'outcome']);
  }
  if (to !== undefined) {
    const got = call.outcome.kind === 'dial' ? call.outcome.to : '(not connected)';
    if (got !== to) fail(`connected to: expected ${to}, got ${got}`, ['expect', 'to']);
  }
  if (dials !== undefined) {
    const got = call.transcript.flatMap((e) => (e.type === 'dial' ? [{ to: e.to, status: e.status }] : []));
    if (JSON.stringify(got) !== JSON.stringify(dials)) fail(`dials: expected ${JSON.stringify(dials)}, got ${JSON.stringify(got)}`, ['expect', 'dials']);
  }
}

/**
 * `ending`: how the call ended, in words. `entered`: the nodes the call entered, known in-process only (the
 * app's trace, which coverage counts too); over HTTP, `url` is the server's.
 */
function checkPath(scenario: Scenario, ending: string, entered: TracedStep[] | undefined, url: string | undefined, fail: Fail): void {
  const expected = scenario.expect.path;
  if (expected === undefined) return;
  if (entered === undefined) {
    fail(`path: expected ${route(expected)}, but only an in-process run sees the nodes a call enters (this one called ${url ?? 'another app'}); run it without --url`, ['expect', 'path']);
    return;
  }
  const mismatch = pathMismatch(expected, entered, ending);
  if (mismatch) fail(mismatch, ['expect', 'path']);
}

/** `refusedBecause`: what made the simulated API refuse messages, to explain a refusal. */
function checkSms(scenario: Scenario, messages: SimulatedMessage[] | undefined, refusedBecause: string, fail: Fail): void {
  const expected = scenario.expect.sms;
  if (expected === undefined) return;
  if (messages === undefined) {
    fail('sms: expected text messages, but only an in-process run, or a run against our local host (npm start) with simulated SMS, can see them (this one called another URL)', ['expect', 'sms']);
    return;
  }
  // Only messages Twilio accepted were sent; refused ones are named in the failure, to explain it.
  const sent = messages.filter((m) => m.status === 'sent');
  const matches = (e: { to?: string; contains?: string }, m: SimulatedMessage) =>
    (e.to === undefined || m.to === e.to) && (e.contains === undefined || m.body.toLowerCase().includes(e.contains.toLowerCase()));
  if (expected.length === sent.length && expected.every((e, i) => matches(e, sent[i] as SimulatedMessage))) return;
  const got = sent.length === 0 ? 'none was sent' : `got ${sent.map((m) => `to ${m.to}: "${m.body}"`).join('; ')}`;
  const refused = messages.length > sent.length ? ` (the simulated Messages API refused ${messages.length - sent.length}: ${refusedBecause})` : '';
  fail(`sms: expected ${expected.length === 0 ? 'no message' : expected.map(wantedSms).join('; ')}, ${got}${refused}`, ['expect', 'sms']);
}

/** Where `expect` ends in the sentence, searching from `from`; -1 when it is not there. */
function matchEnd(said: Said, expect: HearExpectation, from: number): number {
  if (expect.language && !languageMatches(expect.language, said.language)) return -1;
  if (typeof expect.match === 'string') {
    const at = said.text.toLowerCase().indexOf(expect.match.toLowerCase(), from);
    return at < 0 ? -1 : at + expect.match.length;
  }
  const found = new RegExp(expect.match.source, expect.match.flags.replace('g', '')).exec(said.text.slice(from));
  return found ? from + found.index + found[0].length : -1;
}

/**
 * Whether `wanted` names the language `heard` is in: the same tag or a prefix of it ("en" for "en-GB"), any
 * case, as BCP 47 basic filtering matches a language range to a tag (RFC 4647, section 3.3.1).
 */
function languageMatches(wanted: string, heard: string): boolean {
  const range = wanted.toLowerCase();
  const tag = heard.toLowerCase();
  return tag === range || tag.startsWith(`${range}-`);
}

function toAction(step: CallerStep): CallerAction {
  const after = 'after' in step && step.after !== undefined ? { after: step.after } : {};
  if ('press' in step) return { digits: step.press, ...after };
  if ('say' in step && 'then' in step) return speechThen(step.say, step.then);
  if ('say' in step) return { speech: step.say, ...after };
  if ('hangup' in step) return { hangup: true };
  return { silence: true };
}

/** A step as the scenario file writes it, e.g. `press: "2"`, for a failure that names it. */
function describeStep(step: Scenario['steps'][number]): string {
  if (step.kind === 'hear') return `hear: ${describe(step.expect)}`;
  const { act } = step;
  const after = 'after' in act && act.after !== undefined ? `, after: ${act.after}` : '';
  if ('press' in act) return `press: "${act.press}"${after}`;
  if ('say' in act && 'then' in act) return `say: "${act.say}", then: ${act.then}`;
  if ('say' in act) return `say: "${act.say}"${after}`;
  return 'hangup' in act ? 'hangup' : 'silence (press: "-")';
}

function describe(expect: HearExpectation): string {
  const what = typeof expect.match === 'string' ? `"${expect.match}"` : String(expect.match);
  return expect.language ? `${what} in ${expect.language}` : what;
}

/**
 * Expected and heard, one above the other so they read side by side. Heard is what was searched: when
 * the previous step matched inside the first sentence (`offset`), only the rest of it, so a text the
 * sentence holds before that point is not shown as if it had been missed.
 */
function mismatch(step: number, expected: string, heard: Said[], offset: number): string {
  const rest = offset > 0 && heard[0] ? heard[0].text.slice(offset) : undefined;
  // The rest of the sentence matched last (none when the match ended it), then the sentences after it.
  const searched = rest === undefined ? heard : [...(rest.trim() === '' ? [] : [{ ...heard[0]!, text: `…${rest}` }]), ...heard.slice(1)];
  const text = searched.length === 0 ? '(nothing)' : searched.map((s) => `[${s.language}] ${s.text}`).join(' | ');
  return `step ${step + 1}:\n      expected to hear: ${expected}\n      ${offset > 0 ? 'heard after the previous match:' : 'heard:           '} ${text}`;
}
