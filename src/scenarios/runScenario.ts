import { dialScript, queueScript, simulateCall, type CallerAction, type CallResult } from '../simulator';
import type { CallerStep, HearExpectation, Scenario } from './scenarioFile';
import { openTarget, type ScenarioResult, type ScenarioTarget } from './scenarioTarget';
import { runIvrTesterScenario } from './runIvrTester';
import type { SimulatedMessage } from '../twilio/simulatedSms';
import { speechThen } from '../cli/callerInput';

export type { ScenarioResult, ScenarioTarget } from './scenarioTarget';

type Said = { text: string; language: string };

export async function runScenario(scenario: Scenario, target: ScenarioTarget = {}): Promise<ScenarioResult> {
  if (scenario.ivrTester) return runIvrTesterScenario(scenario, scenario.ivrTester, target);
  const said: Said[] = [];
  const failures: string[] = [];
  // Where the last match ended: a sentence, and a character in it, so several
  // `hear` steps can match one long sentence in order.
  let cursor = 0;
  let offset = 0;
  let next = 0; // index of the next step

  const matchHears = () => {
    while (failures.length === 0 && scenario.steps[next]?.kind === 'hear') {
      const step = scenario.steps[next] as { kind: 'hear'; expect: HearExpectation };
      let end = -1;
      let found = cursor;
      for (; found < said.length; found++) {
        end = matchEnd(said[found] as Said, step.expect, found === cursor ? offset : 0);
        if (end >= 0) break;
      }
      if (end < 0) {
        failures.push(mismatch(next, describe(step.expect), said.slice(cursor)));
        return;
      }
      cursor = found;
      offset = end;
      next++;
    }
  };

  const caller = (): CallerAction => {
    matchHears();
    const step = scenario.steps[next];
    cursor = said.length;
    offset = 0;
    if (failures.length > 0 || step === undefined) return { hangup: true };
    if (step.kind !== 'act') return { hangup: true };
    next++;
    return toAction(step.act);
  };

  const { url, transport, authToken, to, callSid, trace, sms } = openTarget(scenario, target, (m) => failures.push(`the app logged an error: ${m.split('\n')[0]}`));
  const call = await simulateCall({
    url,
    transport,
    call: { to, from: scenario.call.from ?? '+393401234567', callSid, ...(sms ? { accountSid: sms.accountSid } : {}) },
    caller,
    dial: dialScript(scenario.dial),
    ...(scenario.queue ? { queue: queueScript(scenario.queue) } : {}),
    ...(scenario.calledParty.length > 0 ? { calledParty: scenario.calledParty.map(toAction) } : {}),
    authToken,
    onEvent: (event) => {
      if (event.type === 'say') said.push({ text: event.text, language: event.language });
    },
  });

  matchHears();
  const left = scenario.steps.slice(next);
  if (failures.length === 0 && left.length > 0) {
    failures.push(`step ${next + 1}: the call ended (${call.outcome.kind}) before this step: ${JSON.stringify(left[0])}`);
  }
  checkOutcome(scenario, call, failures);
  checkSms(scenario, sms?.messages, failures);
  return { scenario, passed: failures.length === 0, failures, call, trace };
}

function checkOutcome(scenario: Scenario, call: CallResult, failures: string[]): void {
  const { outcome, to, dials } = scenario.expect;
  if (outcome !== undefined && call.outcome.kind !== outcome) {
    failures.push(`outcome: expected ${outcome}, got ${call.outcome.kind}${call.outcome.kind === 'error' ? ` (${call.outcome.code} ${call.outcome.message})` : ''}`);
  }
  if (to !== undefined) {
    const got = call.outcome.kind === 'dial' ? call.outcome.to : '(not connected)';
    if (got !== to) failures.push(`connected to: expected ${to}, got ${got}`);
  }
  if (dials !== undefined) {
    const got = call.transcript.flatMap((e) => (e.type === 'dial' ? [{ to: e.to, status: e.status }] : []));
    if (JSON.stringify(got) !== JSON.stringify(dials)) failures.push(`dials: expected ${JSON.stringify(dials)}, got ${JSON.stringify(got)}`);
  }
}

function checkSms(scenario: Scenario, messages: SimulatedMessage[] | undefined, failures: string[]): void {
  const expected = scenario.expect.sms;
  if (expected === undefined) return;
  if (messages === undefined) {
    failures.push('sms: expected text messages, but only an in-process run can see them (this one called a URL)');
    return;
  }
  // Only messages Twilio accepted were sent; refused ones are named in the failure, to explain it.
  const sent = messages.filter((m) => m.status === 'sent');
  const wanted = (e: { to?: string; contains?: string }) => [e.to ? `to ${e.to}` : 'to anyone', e.contains ? `containing "${e.contains}"` : ''].filter(Boolean).join(' ');
  const matches = (e: { to?: string; contains?: string }, m: SimulatedMessage) =>
    (e.to === undefined || m.to === e.to) && (e.contains === undefined || m.body.toLowerCase().includes(e.contains.toLowerCase()));
  if (expected.length === sent.length && expected.every((e, i) => matches(e, sent[i] as SimulatedMessage))) return;
  const got = sent.length === 0 ? 'none was sent' : `got ${sent.map((m) => `to ${m.to}: "${m.body}"`).join('; ')}`;
  const refused = messages.length > sent.length ? ` (the simulated Messages API refused ${messages.length - sent.length}: the call's \`sms: failed\`)` : '';
  failures.push(`sms: expected ${expected.length === 0 ? 'no message' : expected.map(wanted).join('; ')}, ${got}${refused}`);
}

/** Where `expect` ends in the sentence, searching from `from`; -1 when it is not there. */
function matchEnd(said: Said, expect: HearExpectation, from: number): number {
  if (expect.language && said.language.toLowerCase() !== expect.language.toLowerCase()) return -1;
  if (typeof expect.match === 'string') {
    const at = said.text.toLowerCase().indexOf(expect.match.toLowerCase(), from);
    return at < 0 ? -1 : at + expect.match.length;
  }
  const found = new RegExp(expect.match.source, expect.match.flags.replace('g', '')).exec(said.text.slice(from));
  return found ? from + found.index + found[0].length : -1;
}

function toAction(step: CallerStep): CallerAction {
  if ('press' in step) return { digits: step.press };
  if ('say' in step && 'then' in step) return speechThen(step.say, step.then);
  if ('say' in step) return { speech: step.say };
  if ('hangup' in step) return { hangup: true };
  return { silence: true };
}

function describe(expect: HearExpectation): string {
  const what = typeof expect.match === 'string' ? `"${expect.match}"` : String(expect.match);
  return expect.language ? `${what} in ${expect.language}` : what;
}

/** Expected and heard, one above the other so they read side by side. */
function mismatch(step: number, expected: string, heard: Said[]): string {
  const text = heard.length === 0 ? '(nothing)' : heard.map((s) => `[${s.language}] ${s.text}`).join(' | ');
  return `step ${step + 1}:\n      expected to hear: ${expected}\n      heard:            ${text}`;
}
