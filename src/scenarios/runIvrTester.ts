// Runs an ivr-tester scenario the way ivr-tester runs it on a real call
// (packages/ivr-tester/src/call-interactors/scenario-test/prompts/PostSilencePrompt.ts
// and scenarioTestInteractor.ts in MakingChatbots/ivr-tester), in the
// simulator's virtual time:
// - each step listens to what is said after the previous step matched; its
//   `timeout` (ms) starts with the first words and stops at the first match;
//   a prompt that has not matched by then fails the scenario ("timeout");
// - a match acts only after `silenceAfterPrompt` (ms) of silence; more words
//   first re-test the longer prompt. Words follow one another without a gap,
//   so the silences are a <Pause>, a <Gather>/<Record> listening (its own
//   timeout) and the end of the call. A Gather that gives up before that
//   silence is over gets no input, as on Twilio, and the prompt goes on;
// - keys pressed during a <Pause> nested in a <Gather> interrupt its prompt
//   there (barge-in); during a <Pause> outside any <Gather> no one listens
//   for them, so they are lost, as on Twilio, and the next step listens on;
// - when every step has matched, ivr-tester closes the call: passed.
// The end of the call counts as silence, so a closing announcement before
// <Hangup> can match the last step. A caller who hangs up (hangupAt in the
// X.call.json beside the file) hears a prompt only up to the hang-up, as
// `ivr call --hangup-at` shows it (promptsAsHeard.ts): its sentences up to and
// with the one the hang-up came in.

import path from 'node:path';
import { dialScript, simulateCall, type CallerAction, type CallerPrompt } from '../simulator';
import { speakingSeconds } from '../simulator/virtualClock';
import { partsOfCutPrompt, promptsAsHeard, saidIn, type HeardItem } from '../simulator/promptsAsHeard';
import type { IvrTesterScenario, IvrTesterStep } from './ivrTesterFile';
import type { Scenario } from './scenarioFile';
import { callFailure, callPowers, hungUpNote, openTarget, type ScenarioResult, type ScenarioTarget } from './scenarioTarget';
import { ivrTesterRefusalLines, type RefusedTransfer } from './refusedTransfer';
import { DEFAULT_CALLER } from '../config/phoneNumber';

export async function runIvrTesterScenario(scenario: Scenario, spec: IvrTesterScenario, target: ScenarioTarget): Promise<ScenarioResult> {
  const failures: string[] = [];
  // The step each failure is about (undefined: the call), for its line in the file.
  const failedSteps: (number | undefined)[] = [];
  const fail = (text: string, step?: number) => {
    failures.push(text);
    failedSteps.push(step);
  };
  let next = 0; // index of the step listening now
  let heard: string[] = []; // what that step has heard
  let firstWordsAt: number | undefined; // virtual second its timeout started
  let timerStopped = false; // a match stops the timeout for good
  let matching = false; // does the prompt heard so far match?
  let now = 0;

  const step = (): IvrTesterStep | undefined => (failures.length === 0 ? spec.steps[next] : undefined);

  const timedOut = (at: number): boolean => {
    const current = step();
    if (!current || timerStopped || firstWordsAt === undefined || at <= firstWordsAt + current.timeoutMs / 1000) return false;
    fail(stepFailure(next, `timed out after ${current.timeoutMs} ms (timeout) waiting for ${current.describe}`, heard), next);
    return true;
  };

  const hear = (text: string, at: number) => {
    const current = step();
    if (!current) return;
    firstWordsAt ??= at;
    const end = at + speakingSeconds(text);
    if (timedOut(end)) return;
    heard.push(text);
    matching = current.test(heard.join(' '));
    if (matching) timerStopped = true;
  };

  /** The caller has been silent for `seconds`: does the step act? */
  const silence = (seconds: number): IvrTesterStep['then'] | undefined => {
    const current = step();
    if (!current) return undefined;
    if (!matching || seconds < current.silenceAfterPromptMs / 1000) {
      // At the end of the call (infinite silence) the call closed before any timer.
      if (Number.isFinite(seconds)) timedOut(now + seconds);
      return undefined;
    }
    next++;
    heard = [];
    firstWordsAt = undefined;
    timerStopped = false;
    matching = false;
    return current.then;
  };

  // Between a Gather's start and its prompt event, its nested parts are heard from the prompt's
  // timeline (below), so their say and pause events are not heard twice.
  let inPrompt = false;
  let saysToSkip = 0;
  // A hangUp acted on outside a prompt: the caller puts the phone down at the next one.
  let hungUp = false;
  // The second of the call the caller hangs up at (hangupAt): what would have been said after it never was.
  const hangupAt = scenario.call.hangupAt ?? Number.POSITIVE_INFINITY;

  const closed = () => hungUp || failures.length > 0 || next >= spec.steps.length;
  const act = (then: IvrTesterStep['then'] | undefined, after?: number): CallerAction | undefined => {
    const hangUp: CallerAction = after === undefined ? { hangup: true } : { hangup: true, after };
    // Every prompt matched, or the scenario failed: ivr-tester closes the call (then and there).
    if (closed()) return hangUp;
    if (then === undefined || 'nothing' in then) return undefined;
    if ('hangup' in then) return hangUp;
    return after === undefined ? { digits: then.press } : { digits: then.press, after };
  };

  // Asked when a <Gather> begins, before its prompt plays: ivr-tester hears the prompt part by part,
  // and a <Pause> in it is a silence, so a step can act there, interrupting the prompt as a real
  // caller's keys would. At the end of the prompt the Gather listens: its timeout is the silence.
  const caller = (prompt: CallerPrompt): CallerAction => {
    // What was said before this prompt was heard whole: a hang-up during it would have ended the call.
    heardEvents.flush();
    if (prompt.verb === 'Gather') {
      const start = prompt.startedAt;
      inPrompt = true;
      // The parts that began before the caller hangs up, each as far as it was heard.
      for (const { part, said } of partsOfCutPrompt(prompt, hangupAt - start)) {
        if (closed()) break;
        now = start + part.at;
        if (part.verb === 'Say') {
          saysToSkip++;
          hear(said.map((s) => s.text).join(' '), now);
        } else if (part.verb === 'Pause' && part.seconds !== null) {
          const current = step();
          const then = silence(part.seconds);
          // Keys, a hang-up, or the call ivr-tester closes once every step has matched: then and there.
          const action = then && current ? act(then, part.at + current.silenceAfterPromptMs / 1000) : undefined;
          if (action) return action;
        }
      }
      now = start + prompt.timeline.reduce((end, part) => Math.max(end, part.at + (part.seconds ?? 0)), 0);
    }
    return act(silence(prompt.timeout)) ?? { silence: true };
  };

  // The call's events as the caller heard them: a <Say> the hang-up cut, only up to the cut (a <Gather>'s prompt
  // is heard from its timeline, above, so its parts are skipped here).
  const heardEvent = (item: HeardItem) => {
    if (item.kind === 'cut') return heardSay(saidIn(item).map((s) => s.text).join(' '), item.event.at);
    if (item.kind !== 'event') return;
    const { event } = item;
    now = event.at;
    if (event.type === 'gather') {
      inPrompt = false;
      saysToSkip = 0;
    }
    if (event.type === 'say') heardSay(event.text, event.at);
    if (event.type === 'pause') {
      // Silence outside a prompt: a step can act, but keys pressed with no <Gather> listening are lost, as on Twilio.
      const then = !inPrompt && !closed() ? silence(event.seconds) : undefined;
      if (then && 'hangup' in then) hungUp = true;
    }
  };
  const heardSay = (text: string, at: number) => {
    now = at;
    if (saysToSkip > 0) saysToSkip--;
    else if (!closed()) hear(text, at);
  };
  const heardEvents = promptsAsHeard(heardEvent);

  // A refused transfer is told with what an ivr-tester file can do about it, not the app's "set the app setting …".
  const appError = (m: string, refused: RefusedTransfer | undefined) => {
    if (!refused) return fail(`the app logged an error: ${m.split('\n')[0]}`);
    const [what, ...fixes] = ivrTesterRefusalLines(refused, path.basename(scenario.file.replace(/\.json$/, '.call.json')));
    fail(`${what}${fixes.map((fix) => `\n      ${fix}`).join('')}`);
  };
  const { url, transport, authToken, to, callSid, trace, clock } = openTarget(scenario, target, appError);
  const call = await simulateCall({
    url,
    transport,
    call: { to, from: scenario.call.from ?? DEFAULT_CALLER, callSid },
    caller: { beforePrompt: caller },
    dial: dialScript('completed'),
    authToken,
    clock,
    // Ours, from the X.call.json beside the file: ivr-tester's own format has none of these.
    ...callPowers(scenario.call),
    onEvent: (event) => heardEvents.event(event),
  });

  heardEvents.flush();
  silence(Number.POSITIVE_INFINITY);
  const current = step();
  const failed = failures.length === 0 ? callFailure(call) : undefined;
  if (failed) fail(failed);
  else if (current) {
    // Hung up at its hangupAt, the caller may simply not have reached what the step waited for: said as `ivr test`
    // says it of its own files.
    const sideFile = path.basename(scenario.file.replace(/\.json$/, '.call.json'));
    const hangUpNote = call.outcome.kind === 'caller-hangup' && call.virtualSeconds === hangupAt ? hungUpNote(hangupAt, `hangupAt in ${sideFile}`) : '';
    fail(stepFailure(next, `the call ended (${call.outcome.kind}) while waiting for ${current.describe}`, heard) + hangUpNote, next);
  }
  const failureLines = failedSteps.map((step) => (step === undefined ? undefined : scenario.lineOf?.(['steps', step])));
  return { passed: failures.length === 0, failures, failureLines, call, trace, warnings: spec.warnings };
}

function stepFailure(index: number, what: string, heard: string[]): string {
  return `step ${index + 1}: ${what}\n      heard: ${heard.length === 0 ? '(nothing)' : heard.join(' ')}`;
}
