import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { IvrTesterFormatError, readIvrTesterScenario, type IvrTesterScenario } from './ivrTesterFile';
import { parseQueueEnding } from '../simulator/queueScript';
import { schemaProblem } from '../flow/schemaProblems';
import { pathSteps, problemList, type FlowProblem } from '../flow/problem';
import { syntaxProblem } from '../flow/jsonSyntax';
import { callerNumberProblem, e164Problem, type NumberProblem } from '../config/phoneNumber';
import { DIAL_STATUSES, type QueueEnd } from '../simulator/types';
import { OUTCOME_KINDS } from '../simulator/outcome';
import { CallerInputError, parseCallerAction } from '../cli/callerInput';
import { stepPlace } from './stepPlace';
import { instantProblem } from '../schedule/callInstant';
import { jsonLines, under, yamlLines, type LineOf } from './sourceLines';

// Declarative call-path tests, in YAML or JSON. Two dialects: ours (a call,
// then steps of what is heard and what the caller does, then the expected
// outcome) and ivr-tester's (`whenPrompt` / `then`), so the same scenario can
// run offline here and on real calls with that tool. Both become one Scenario.

const HearSpec = z.union([
  z.string().min(1),
  z.strictObject({ text: z.string().min(1), language: z.string().optional() }),
]);

// Seconds into a <Gather>'s prompt at which the keys or speech come, interrupting it (barge-in), as `ivr call --press 1@3`.
const After = z.number().nonnegative().optional().describe("seconds into the <Gather>'s prompt: input then interrupts it (barge-in)");

// A check the shape of a value does not say, told as a problem of the file with its fix, beside the
// others: a file is checked in one pass, so its author fixes every problem at once.
type Refinement = z.core.$RefinementCtx;
function problem(ctx: Refinement, input: unknown, message: string, fix: string, path: PropertyKey[] = []): void {
  ctx.addIssue({ code: 'custom', path, input, message, params: { fix } });
}

/**
 * A step's keys as `ivr call --press` reads them (a key no phone has is refused with its words), and what ends a
 * spoken message. Checked on the step once its form is known: on the form's own field, a wrong value would make
 * two forms of the union near misses ({say, then} and {say, after}), and the problem would be told as neither.
 */
const checkCallerStep = (who: string) => (step: object, ctx: Refinement): void => {
  if ('press' in step && typeof step.press === 'string') {
    try {
      parseCallerAction(step.press);
    } catch (err) {
      if (!(err instanceof CallerInputError)) throw err;
      problem(ctx, step.press, `is not what ${who} can do at a prompt`, err.fix, ['press']);
    }
  }
  if ('then' in step && typeof step.then === 'string' && !/^([0-9*#]|hangup)$/.test(step.then)) {
    problem(ctx, step.then, 'is not what a caller does after speaking', 'give one key (0-9, * or #) to end the message, or "hangup"', ['then']);
  }
};

const OurStep = z
  .union([
    z.strictObject({ hear: HearSpec }),
    z.strictObject({ press: z.string().min(1), after: After }),
    z.strictObject({ say: z.string().min(1), after: After }),
    // Speak, then press one key or hang up: how a caller ends a <Record> message.
    z.strictObject({ say: z.string().min(1), then: z.string() }),
    z.strictObject({ silence: z.literal(true) }),
    z.strictObject({ hangup: z.literal(true) }),
  ])
  .superRefine(checkCallerStep('a caller'));

// What the called party does on their own leg of a <Dial> (a noun's url: whisper, screening), in order.
const CalledPartyStep = z
  .union([
    z.strictObject({ press: z.string().min(1) }),
    z.strictObject({ say: z.string().min(1) }),
    z.strictObject({ silence: z.literal(true) }),
    z.strictObject({ hangup: z.literal(true) }),
  ])
  .superRefine(checkCallerStep('the called party'));

// A number written as Twilio sends it (`ivr call --to` refuses the same): without its country code it would
// reach no line. The caller may be withheld ("anonymous"), as Twilio sends one; the number dialled is a number.
const phoneNumber = (check: (number: string) => NumberProblem | undefined) =>
  z.string().superRefine((number, ctx) => {
    const wrong = check(number);
    if (wrong) problem(ctx, number, wrong.problem, wrong.fix);
  });

/**
 * A call's instant as its file writes it (instantProblem: a date and a time of day, in ISO-8601, on a day the
 * calendar has), told with the file's other problems: a date alone would run at midnight, when every line is
 * closed, and a time alone today, so pass on one day and fail on the next. What only its flow's time zone can
 * say (a time its clocks skip) is told when the scenario runs (flowChecks.ts).
 */
function checkCallAt(at: string, ctx: Refinement): void {
  const wrong = instantProblem(at);
  if (wrong) problem(ctx, at, wrong.problem, wrong.fix);
}

const DialStatus = z.enum(DIAL_STATUSES);

// How each <Enqueue> ends: "bridged:45" (as ivr call --queue) or { result, waitSeconds, talkSeconds }.
// Strings are read first, so a wrong one gets parseQueueEnding's own message rather than a union's "Invalid input".
const QueueEnding = z.preprocess(
  (value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return parseQueueEnding(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  },
  z.strictObject({
    result: z.enum(['bridged', 'hangup', 'redirected', 'redirected-from-bridged', 'queue-full', 'error', 'system-error']),
    waitSeconds: z.number().nonnegative().optional(),
    talkSeconds: z.number().nonnegative().optional(),
  }),
);
// One ending for every queue, or a list taken in order whose last one repeats.
const QueueEndings = z.preprocess((value) => (value === undefined || Array.isArray(value) ? value : [value]), z.array(QueueEnding).min(1).optional());

const CallSpec = z.strictObject({
  to: phoneNumber(e164Problem).optional(),
  from: phoneNumber(callerNumberProblem).optional(),
  at: z.string().superRefine(checkCallAt).optional().describe('ISO-8601; without an offset, Europe/Rome'),
  sms: z.enum(['sent', 'failed']).optional().describe("what the simulated Messages API does with the app's SMS (in-process runs)"),
  params: z.record(z.string(), z.string()).optional().describe('request parameters added to (or replacing) those of every webhook request, as `ivr call --param`'),
  hangupAt: z.number().nonnegative().optional().describe('the second of the call at which the caller hangs up, as `ivr call --hangup-at`'),
  fallbackUrl: z.string().min(1).optional().describe("the number's fallback URL, a path or a URL on the call's origin, as `ivr call --fallback-url`"),
});

// An expected text message: to whom (exactly) and a piece of its text (any case).
const SmsExpectation = z.strictObject({ to: z.string().optional(), contains: z.string().optional() });

const OurScenario = z.strictObject({
  name: z.string().min(1),
  call: CallSpec.default({}),
  settings: z.record(z.string(), z.string()).default({}),
  dial: z.union([DialStatus, z.array(DialStatus)]).default('completed'),
  queue: QueueEndings,
  calledParty: z.array(CalledPartyStep).default([]),
  steps: z.array(OurStep).min(1),
  expect: z
    .strictObject({
      outcome: z.enum(OUTCOME_KINDS).optional().describe('how the call ends'),
      to: z.string().optional(),
      dials: z.array(z.strictObject({ to: z.string(), status: DialStatus })).optional(),
      sms: z.array(SmsExpectation).optional(),
      // Checked against the flow when the scenario runs: the flow is known only then (its settings may name another).
      path: z.array(z.string().min(1)).min(1).optional().describe("the ids of the flow's nodes the call entered, in order, across the whole call (callIvr's path)"),
    })
    .default({}),
});

export type HearExpectation = { match: string | RegExp; language?: string };
export type CallerStep = { press: string; after?: number } | { say: string; after?: number } | { say: string; then: string } | { silence: true } | { hangup: true };

/** One scenario, whichever dialect it was written in. */
export interface Scenario {
  name: string;
  file: string;
  /** The line of each place in this scenario (its path within the scenario, [] for the scenario itself), for `file:line` in messages. */
  lineOf?: LineOf;
  dialect: 'ivr' | 'ivr-tester';
  call: z.infer<typeof CallSpec>;
  settings: Record<string, string>;
  dial: z.infer<typeof DialStatus> | z.infer<typeof DialStatus>[];
  /** How each <Enqueue> ends; absent: the simulator's default (bridged after 30 s). */
  queue?: QueueEnd[];
  /** What the called party does on their own leg of a <Dial>, in order (none for ivr-tester files). */
  calledParty: CallerStep[];
  /** Our hear/act steps in order (none for ivr-tester files). */
  steps: ({ kind: 'hear'; expect: HearExpectation } | { kind: 'act'; act: CallerStep })[];
  expect: z.infer<typeof OurScenario>['expect'];
  /** An ivr-tester file's steps, run with that tool's semantics. */
  ivrTester?: IvrTesterScenario;
}

export class ScenarioFileError extends Error {
  override name = 'ScenarioFileError';
}

/**
 * `file:line`, which terminals and IDEs open at that line; where the line is not known, `file` and then
 * `where`, the scenario's index in a file that holds a list ("[2]"), which a line makes needless.
 */
export function filePlace(file: string, line: number | undefined, where = ''): string {
  return line === undefined ? `${file}${where}` : `${file}:${line}`;
}

/**
 * Scenario files in a folder: .yaml, .yml, .json, but not ivr-tester's
 * config.json nor our `.call.json` side files.
 */
function isScenarioFileName(name: string): boolean {
  return /\.(ya?ml|json)$/.test(name) && name !== 'config.json' && !name.endsWith(CALL_SIDE_FILE);
}

const CALL_SIDE_FILE = '.call.json';

/**
 * The scenario files in `folder` and every folder under it, in path order: `ivr replay --write-scenarios
 * test/scenarios/replayed` writes into a sub-folder, and what sits there must run too.
 */
export function scenarioFilesIn(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && isScenarioFileName(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * An ivr-tester file holds no call details of ours; `X.json` may have them in
 * `X.call.json` beside it: `{ "at": ..., "to": ..., "from": ... }`.
 */
function callSideFile(file: string): z.infer<typeof CallSpec> {
  const side = file.replace(/\.json$/, CALL_SIDE_FILE);
  if (side === file || !existsSync(side)) return {};
  const text = readFileSync(side, 'utf8');
  const data = parseScenarioJson(text, side);
  const lineOf = jsonLines(text);
  const parsed = CallSpec.safeParse(data, { reportInput: true });
  if (!parsed.success) throw problemsError(side, problemsOf(parsed.error, CallSpec, data, lineOf), '', ` the call of ${file}:`);
  return parsed.data;
}

/**
 * Reads a .yaml/.yml/.json scenario file; a file may hold one scenario or a list. What only the flow can say is
 * wrong (scenarioFlowProblems) is not a problem of the file: the flow may have changed since it was written.
 */
export function loadScenarioFile(file: string): Scenario[] {
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  let lineOf: LineOf;
  if (file.endsWith('.json')) {
    data = parseScenarioJson(text, file);
    lineOf = jsonLines(text);
  } else {
    // A document, not yaml's parse(): its nodes keep where they are in the file.
    const doc = parseDocument(text);
    const error = doc.errors[0];
    // yaml's message gives the line and column, and shows the line; the file's place leads, to be opened there.
    if (error) throw new ScenarioFileError(`${filePlace(file, error.linePos?.[0]?.line)}: cannot be parsed: ${error.message.trimEnd()}\n  fix: ${yamlFix(error.code, text)}`);
    data = doc.toJS();
    lineOf = yamlLines(doc, text);
  }
  const items = Array.isArray(data) ? data : [data];
  // Every scenario is read before any problem is told: a file's problems, in all its scenarios, are told at once.
  const read = items.map((item, i) => toScenario(item, file, items.length > 1 ? `[${i}]` : '', Array.isArray(data) ? under(lineOf, [i]) : lineOf));
  const problemsOfEach = read.map((r) => ('problems' in r ? r.problems : []));
  // In a file of several, each problem says whose it is: the same key may be wrong in two of them.
  const problems = problemsOfEach.flatMap((own, i) => (items.length > 1 ? own.map((p) => ({ ...p, path: p.path === '(root)' ? scenarioShown(items[i], i) : `${scenarioShown(items[i], i)}, ${p.path}` })) : own));
  if (problems.length > 0) throw problemsError(file, problems, read[problemsOfEach.findIndex((own) => own.length > 0)]?.where ?? '');
  return read.flatMap((r) => ('scenario' in r ? [r.scenario] : []));
}

/** What to do about a YAML syntax error, in words for someone who writes scenarios rather than YAML parsers (by yaml's error code, and the file's indentation). */
function yamlFix(code: string, text: string): string {
  // A file indented with tabs throughout fails as some other error (a key a tab in reads as part of a scalar): the tabs are still the cause.
  if (code === 'TAB_AS_INDENT' || /^ *\t/m.test(text)) return 'indent with spaces, not tabs: YAML does not allow a tab there (most editors turn them into spaces with "Convert Indentation to Spaces")';
  if (code === 'DUPLICATE_KEY') return 'give each key once in a scenario or a step: remove or rename the second one';
  return 'check the indentation and brackets at that line and the line before: each scenario starts with "- name:", its call, steps and expect line up under name, each { or [ is closed, and a text holding ": " or " #" is in double quotes (docs/testing.md, "Scenario files")';
}

/** A scenario of a file that holds several, counted from 1 as steps are, with its name when it has one: `scenario 2 ("English menu")`. */
function scenarioShown(item: unknown, index: number): string {
  const name = typeof item === 'object' && item !== null ? (item as { name?: unknown }).name : undefined;
  return `scenario ${index + 1}${typeof name === 'string' && name.trim() !== '' ? ` (${JSON.stringify(name)})` : ''}`;
}

/** A JSON scenario (or call side) file's content; a syntax error is told as a flow file's is: line, column and fix. */
function parseScenarioJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const { line, ...problem } = syntaxProblem(text, err as Error, "the closing } or ] of its scenarios (one too many, or something pasted after them)");
    throw new ScenarioFileError(`${filePlace(file, line)}: ${problemList([problem])}`);
  }
}

/** A scenario read, or what is wrong with it (`where`: its index in a list, for a file place without a line). */
type ReadScenario = ({ scenario: Scenario } | { problems: PlacedProblem[] }) & { where: string };

function toScenario(item: unknown, file: string, where: string, lineOf: LineOf): ReadScenario {
  const looksIvrTester = typeof item === 'object' && item !== null && Array.isArray((item as { steps?: unknown }).steps) &&
    ((item as { steps: unknown[] }).steps[0] as { whenPrompt?: unknown } | undefined)?.whenPrompt !== undefined;
  if (looksIvrTester) {
    let ivrTester: IvrTesterScenario;
    try {
      ivrTester = readIvrTesterScenario(item as Record<string, unknown>);
    } catch (err) {
      if (err instanceof IvrTesterFormatError) throw new ScenarioFileError(`${filePlace(file, lineOf(pathSteps(err.where)), where)}: ivr-tester format: ${err.message}`);
      throw err;
    }
    return { where, scenario: { name: ivrTester.name, file, lineOf, dialect: 'ivr-tester', call: callSideFile(file), settings: {}, dial: 'completed', calledParty: [], expect: {}, steps: [], ivrTester } };
  }
  const parsed = OurScenario.safeParse(item, { reportInput: true });
  if (!parsed.success) return { problems: problemsOf(parsed.error, OurScenario, item, lineOf), where };
  const s = parsed.data;
  const scenario: Scenario = {
    name: s.name,
    file,
    lineOf,
    dialect: 'ivr',
    call: s.call,
    settings: withFlowFileFrom(path.dirname(file), s.settings),
    dial: s.dial,
    ...(s.queue ? { queue: s.queue } : {}),
    calledParty: s.calledParty.map((step) => ('press' in step ? pressStep(step.press, undefined) : step)),
    expect: s.expect,
    steps: s.steps.map((step) => {
      if ('hear' in step) return { kind: 'hear' as const, expect: hearExpectation(step.hear) };
      if ('press' in step) return { kind: 'act' as const, act: pressStep(step.press, step.after) };
      if ('say' in step && !('then' in step)) return { kind: 'act' as const, act: { say: step.say, ...(step.after !== undefined ? { after: step.after } : {}) } };
      return { kind: 'act' as const, act: step as CallerStep };
    }),
  };
  return { scenario, where };
}

/**
 * A scenario's settings, with a relative IVR_FLOW_FILE read from the scenario
 * file's folder, as a path in a file is: the scenario runs against the same
 * flow from any folder (`ivr replay --write-scenarios` names the flow its
 * calls were replayed against so).
 */
function withFlowFileFrom(folder: string, settings: Record<string, string>): Record<string, string> {
  const flow = settings.IVR_FLOW_FILE?.trim();
  return flow && !path.isAbsolute(flow) ? { ...settings, IVR_FLOW_FILE: path.resolve(folder, flow) } : settings;
}

/**
 * A `press` step read as `ivr call --press` reads its value (keys, "-" for silence, "hangup",
 * "say:words", "1@3"); the schema has refused one it does not read (checkCallerStep).
 */
function pressStep(value: string, after: number | undefined): CallerStep {
  const action = parseCallerAction(value);
  const at = 'after' in action && action.after !== undefined ? action.after : after;
  const timed = at !== undefined ? { after: at } : {};
  if ('digits' in action) return { press: action.digits, ...timed };
  if ('silence' in action) return { silence: true };
  if ('hangup' in action) return { hangup: true };
  if (action.thenKey !== undefined || action.thenHangup) return { say: action.speech, then: action.thenKey ?? 'hangup' };
  return { say: action.speech, ...timed };
}

/** A problem of a scenario file, with the line it is at when the file's lines are known. */
export type PlacedProblem = FlowProblem & { line: number | undefined };

/**
 * Each problem as flow files tell theirs: the path in the scenario, what is wrong, and the fix (the closest
 * name for a misspelt key); a step's path names the step as a failed run does ("step 3 (steps[2])").
 */
function problemsOf(error: z.ZodError, schema: z.ZodType, data: unknown, lineOf: LineOf): PlacedProblem[] {
  return error.issues.map((issue) => {
    // An unknown key is found by its own name: the issue's path stops at the object holding it.
    const at = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
    const p = schemaProblem(issue, schema, data, 'docs/cli.md (ivr test)');
    return { ...p, path: stepPlace(p.path), line: lineOf(at as PropertyKey[]) };
  });
}

/**
 * The problems of a file in one error, in the order of their lines: the file leads at the first one's line; with
 * several, each says its own line. `where`: the first one's scenario in a list ("[2]"), said where no line is known.
 */
export function problemsError(file: string, problems: readonly PlacedProblem[], where: string, what = ''): ScenarioFileError {
  const inFileOrder = [...problems].sort((a, b) => (a.line ?? Number.POSITIVE_INFINITY) - (b.line ?? Number.POSITIVE_INFINITY));
  // One problem is at the line the file leads with; several each say their own.
  const listed = problems.length > 1 ? inFileOrder : inFileOrder.map(({ line, ...p }) => p);
  return new ScenarioFileError(`${filePlace(file, inFileOrder[0]?.line, where)}:${what} ${problemList(listed)}`);
}

/** "text" matches a substring (case-insensitive); "/re/flags" is a regular expression. */
function hearExpectation(spec: z.infer<typeof HearSpec>): HearExpectation {
  const text = typeof spec === 'string' ? spec : spec.text;
  const language = typeof spec === 'string' ? undefined : spec.language;
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(text);
  return { match: regex ? new RegExp(regex[1] as string, regex[2]) : text, language };
}
