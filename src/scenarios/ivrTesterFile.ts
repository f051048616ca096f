// Reads a scenario written for ivr-tester's CLI exactly as that tool accepts it
// (its Joi schema: packages/cli/src/options/scenario/json/validateJsonScenario.ts
// and the files beside it, MakingChatbots/ivr-tester, formerly
// SketchingDev/ivr-tester): `name`, and `steps` of `whenPrompt`, `then`,
// `silenceAfterPrompt` and `timeout` (both milliseconds, both required), no
// other key. Every refusal names the file, the step and the key, and says
// what ivr-tester would accept there.

import * as when from './ivrTesterPrompts';
import { useClosest } from '../flow/closestName';
import { stepPlace } from './stepPlace';

export interface IvrTesterStep {
  test: when.PromptTest;
  /** The whenPrompt as written, for messages. */
  describe: string;
  then: { press: string } | { hangup: true } | { nothing: true };
  silenceAfterPromptMs: number;
  timeoutMs: number;
}

export interface IvrTesterScenario {
  name: string;
  steps: IvrTesterStep[];
  /** Parts read but outside ivr-tester's CLI format, one line each. */
  warnings: string[];
}

const LEAF_TYPES = ['isAnything', 'contains', 'similarTo', 'containsSimilarTo'];
const WHEN_TYPES = [...LEAF_TYPES, 'and', 'or'];
const THEN_TYPES = ['press', 'hangUp', 'doNothing'];

/** Thrown with the place and the fix; the caller prefixes the file, at the line of `where` (a path such as "steps[0].then"). */
export class IvrTesterFormatError extends Error {
  constructor(
    message: string,
    readonly where: string,
  ) {
    super(message);
  }
}

export function readIvrTesterScenario(data: Record<string, unknown>): IvrTesterScenario {
  const warnings: string[] = [];
  onlyKeys(data, ['name', 'steps'], '', 'a scenario has only "name" and "steps" (an instant of ours goes in `ivr test --at`)');
  if (typeof data.name !== 'string' || data.name === '') fail('name', 'give the scenario a "name" (a string)');
  if (!Array.isArray(data.steps) || data.steps.length === 0) fail('steps', 'give "steps", a list of { whenPrompt, then, silenceAfterPrompt, timeout }');
  const steps = (data.steps as unknown[]).map((raw, i) => {
    const where = `steps[${i}]`;
    const step = object(raw, where);
    onlyKeys(step, ['whenPrompt', 'then', 'silenceAfterPrompt', 'timeout'], where, 'a step has whenPrompt, then, silenceAfterPrompt and timeout');
    for (const key of ['silenceAfterPrompt', 'timeout'] as const) {
      if (typeof step[key] !== 'number' || !Number.isFinite(step[key])) fail(`${where}.${key}`, `ivr-tester requires "${key}", a number of milliseconds, e.g. ${key === 'timeout' ? 6000 : 2000}`);
    }
    const [test, describe] = readWhen(step.whenPrompt, `${where}.whenPrompt`, true, warnings);
    return { test, describe, then: readThen(step.then, `${where}.then`), silenceAfterPromptMs: step.silenceAfterPrompt as number, timeoutMs: step.timeout as number };
  });
  return { name: data.name as string, steps, warnings };
}

function readWhen(raw: unknown, where: string, top: boolean, warnings: string[]): [when.PromptTest, string] {
  const spec = object(raw, where);
  const type = spec.type;
  const value = () => {
    if (typeof spec.value !== 'string') fail(`${where}.value`, `"${String(type)}" needs "value", the text to look for`);
    return spec.value as string;
  };
  switch (type) {
    case 'isAnything':
      onlyKeys(spec, ['type'], where, '"isAnything" takes no other key');
      return [when.isAnything(), 'any prompt'];
    case 'contains':
      onlyKeys(spec, ['type', 'value'], where, '"contains" takes "value" only');
      return [when.contains(value()), `a prompt containing "${value()}"`];
    case 'similarTo':
      // ivr-tester's CLI has no threshold here and runs it as containsSimilarTo(value).
      onlyKeys(spec, ['type', 'value'], where, '"similarTo" takes "value" only; for a threshold use "containsSimilarTo" with "threshold"');
      return [when.containsSimilarTo(value()), `a prompt with a part similar to "${value()}" (0.8)`];
    case 'containsSimilarTo': {
      onlyKeys(spec, ['type', 'value', 'threshold'], where, '"containsSimilarTo" takes "value" and an optional "threshold"');
      if (spec.threshold !== undefined && typeof spec.threshold !== 'number') fail(`${where}.threshold`, '"threshold" is a number from 0 to 1 (default 0.8)');
      const threshold = (spec.threshold as number | undefined) ?? 0.8;
      return [when.containsSimilarTo(value(), threshold), `a prompt with a part similar to "${value()}" (${threshold})`];
    }
    case 'matches': {
      onlyKeys(spec, ['type', 'value'], where, '"matches" takes "value", a regular expression');
      let pattern: RegExp;
      try {
        pattern = new RegExp(value());
      } catch (err) {
        fail(`${where}.value`, `not a regular expression: ${(err as Error).message}`);
      }
      warnings.push(`${stepPlace(where)}: "matches" is ivr-tester's TypeScript API only; its CLI's JSON format refuses it (run here as a regular expression)`);
      return [when.matches(pattern), `a prompt matching /${value()}/`];
    }
    case 'and':
    case 'or': {
      if (!top) fail(where, `ivr-tester accepts "${type}" only directly under whenPrompt, not inside "and"/"or"; its items are ${LEAF_TYPES.join(', ')}`);
      onlyKeys(spec, ['type', 'value'], where, `"${type}" takes "value", a list of whenPrompts`);
      if (!Array.isArray(spec.value)) fail(`${where}.value`, `"${type}" needs "value", a list of whenPrompts (${LEAF_TYPES.join(', ')})`);
      const parts = (spec.value as unknown[]).map((item, i) => readWhen(item, `${where}.value[${i}]`, false, warnings));
      const tests = parts.map(([test]) => test);
      return [type === 'and' ? when.and(...tests) : when.or(...tests), parts.map(([, d]) => d).join(type === 'and' ? ' and ' : ' or ')];
    }
    default:
      return fail(`${where}.type`, `${JSON.stringify(type)} is not a whenPrompt type ivr-tester has; ${closestFirst(type, WHEN_TYPES)}`);
  }
}

function readThen(raw: unknown, where: string): IvrTesterStep['then'] {
  const spec = object(raw, where);
  switch (spec.type) {
    case 'press':
      onlyKeys(spec, ['type', 'value'], where, '"press" takes "value", the keys');
      // ivr-tester's DTMF generator takes 0-9 * # and "w", half a second's wait (any case): packages/ivr-tester/src/call/dtmf/dtmfSequenceUtils.ts.
      if (typeof spec.value !== 'string' || !/^[0-9*#wW]+$/.test(spec.value)) fail(`${where}.value`, '"press" needs "value", keys among 0-9 * # and "w" (a half-second wait), e.g. "1" or "1w2"');
      return { press: spec.value as string };
    case 'hangUp':
      onlyKeys(spec, ['type'], where, '"hangUp" takes no other key');
      return { hangup: true };
    case 'doNothing':
      onlyKeys(spec, ['type'], where, '"doNothing" takes no other key');
      return { nothing: true };
    default:
      return fail(`${where}.type`, `${JSON.stringify(spec.type)} is not a then type ivr-tester has; ${closestFirst(spec.type, THEN_TYPES)}`);
  }
}

function object(raw: unknown, where: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(where, 'expected an object with a "type"');
  return raw as Record<string, unknown>;
}

function onlyKeys(spec: Record<string, unknown>, allowed: string[], where: string, fix: string): void {
  const extra = Object.keys(spec).find((key) => !allowed.includes(key));
  if (extra !== undefined) fail(where === '' ? extra : `${where}.${extra}`, `ivr-tester does not allow "${extra}" here: ${fix}`);
}

function fail(where: string, message: string): never {
  throw new IvrTesterFormatError(`${stepPlace(where)}: ${message}`, where);
}

/** `use "containsSimilarTo" (the closest name); one of ...` for a misspelt type, else the list. */
function closestFirst(type: unknown, types: readonly string[]): string {
  const use = typeof type === 'string' ? useClosest(type, types) : undefined;
  return `${use ? `${use}; ` : 'use '}one of ${types.join(', ')}`;
}
