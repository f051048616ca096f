import { isE164 } from '../config/phoneNumber';
import { useClosest } from '../flow/closestName';
import type { CallIvrOptions } from './callIvr';
import { isJsonObject } from '../flow/jsonObject';

// callIvr's options checked for their kind before anything reads them. Vitest does not type-check a
// test, so a string where a list belongs (`press: '2'`), a number for a key or a setting, or a flow's
// path for the flow itself would otherwise end in a JavaScript message from deep inside ("….map is
// not a function") that names neither the option nor the fix.

const OPTION_NAMES: readonly (keyof CallIvrOptions)[] = ['to', 'from', 'at', 'press', 'dialStatus', 'hangupAt', 'env', 'flow', 'sms'];

/** The options, checked: throws `callIvr: …`, naming the option and the fix, for options no call can be made of. */
export function checkCallIvrOptions(given: unknown): CallIvrOptions {
  // callIvr() with nothing lacks the one option required: that is what it is told, not "got undefined".
  const options = given ?? {};
  if (!isJsonObject(options)) throw new Error(`callIvr: give the call's options as an object, e.g. callIvr({ at: '2026-11-24T10:00', press: ['1'] }); got ${shown(options)}`);
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.includes(name as keyof CallIvrOptions)) {
      throw new Error(`callIvr: unknown option "${name}"; ${useClosest(name, OPTION_NAMES) ?? `the options are ${OPTION_NAMES.join(', ')}`}`);
    }
  }
  const { at, to, from, press, env, flow } = options;
  if (at === undefined) throw new Error("callIvr: at is required: the instant of the call, e.g. at: '2026-11-24T10:00' (a test never calls at today's time, so it passes on any day)");
  if (typeof at !== 'string') throw new Error(`callIvr: at is ${shown(at)}; give the instant as an ISO-8601 string, e.g. at: '2026-11-24T10:00'`);
  for (const [name, value] of [['to', to], ['from', from]] as const) {
    if (value !== undefined && typeof value !== 'string') throw new Error(`callIvr: ${name} is ${shown(value)}; give the number as a string in E.164, e.g. ${name}: '+390237921240'`);
  }
  if (press !== undefined) {
    if (typeof press === 'string') throw new Error(`callIvr: press is the string '${press}'; give a list, one entry per input prompt, e.g. press: ['${press}']`);
    if (!Array.isArray(press)) throw new Error(`callIvr: press is ${shown(press)}; give a list, one entry per input prompt, e.g. press: ['1', '2']`);
    press.forEach((entry: unknown, i) => {
      if (entry === undefined || entry === null) throw new Error(`callIvr: press[${i}] is ${shown(entry)}; give each key as a string, e.g. '1'`);
      if (typeof entry !== 'string') throw new Error(`callIvr: press[${i}] is ${shown(entry)}; give each entry as a string, e.g. press: [${press.map((e: unknown) => `'${String(e)}'`).join(', ')}]`);
    });
  }
  const { dialStatus, sms } = options;
  if (dialStatus !== undefined && typeof dialStatus !== 'string' && !(Array.isArray(dialStatus) && dialStatus.every((s: unknown) => typeof s === 'string'))) {
    throw new Error(`callIvr: dialStatus is ${shown(dialStatus)}; give how each <Dial> ends as a string, or a list of them, e.g. dialStatus: 'busy' or dialStatus: ['no-answer', 'completed']`);
  }
  const { hangupAt } = options;
  if (hangupAt !== undefined && !(typeof hangupAt === 'number' && Number.isFinite(hangupAt) && hangupAt >= 0)) {
    throw new Error(`callIvr: hangupAt is ${shown(hangupAt)}; give the seconds into the call at which the caller hangs up, as a number, e.g. hangupAt: 20`);
  }
  if (sms !== undefined && typeof sms !== 'string') throw new Error(`callIvr: sms is ${shown(sms)}; give one of the strings 'sent', 'failed', 'off', e.g. sms: 'sent'`);
  if (env !== undefined) {
    if (!isJsonObject(env)) throw new Error(`callIvr: env is ${shown(env)}; give the app settings as an object of strings, e.g. env: { DEST_CONSUMER_OPERATOR_IT: '+390200000001' }`);
    for (const [name, value] of Object.entries(env)) {
      // undefined is an unset setting, as in process.env: a test may pass `{ ...process.env }` or `X: cond ? 'v' : undefined`.
      if (value === undefined) continue;
      if (value === null) throw new Error(`callIvr: env.${name} is null; give each setting as a string, as environment variables are, or leave it out (or undefined) to leave it unset`);
      if (typeof value !== 'string') throw new Error(`callIvr: env.${name} is ${shown(value)}; give each setting as a string, as environment variables are, e.g. env: { ${name}: '${settingAsString(name, value)}' }`);
    }
  }
  if (typeof flow === 'string') {
    throw new Error(`callIvr: flow is a path ("${flow}"); pass the parsed flow, e.g. flow: loadFlowFile('${flow}') (loadFlowFile from src/testing), or set env: { IVR_FLOW_FILE: '${flow}' }`);
  }
  if (flow !== undefined && !(isJsonObject(flow) && isJsonObject(flow.hours) && isJsonObject(flow.nodes) && isJsonObject(flow.lines))) {
    throw new Error("callIvr: flow is not a parsed flow (it has no hours, nodes and lines); pass one, e.g. flow: loadFlowFile('flows/klarna-italia.json') (loadFlowFile from src/testing)");
  }
  return options as unknown as CallIvrOptions;
}

/** Settings that hold phone numbers, written in E.164 with a leading +. */
const PHONE_SETTING = /^(DEST_.+|IVR_SMS_FROM|IVR_LINE_NUMBERS)$/;

/**
 * The string a setting given as a number was meant to be. Written without quotes, +390200000001 is the
 * number 390200000001 to JavaScript: its + is lost, and a setting that takes a phone number would then be
 * refused for not being E.164. So for such a setting the fix offered puts the + back.
 */
function settingAsString(name: string, value: unknown): string {
  const digits = String(value);
  return typeof value === 'number' && PHONE_SETTING.test(name) && isE164(`+${digits}`) ? `+${digits}` : digits;
}

/** A value as the message names it: its kind, and itself when short. */
function shown(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string '${value}'`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
}
