import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { callIvr, loadFlowFile, type CallIvrOptions } from '../../src/testing';
import { promptSaid } from '../support/shippedFlow';

// What callIvr refuses, and how: a test's inputs that no real call could
// carry would otherwise run, and pass or fail for the wrong reason.

const OPEN = '2026-11-24T10:00'; // a Tuesday, Europe/Rome

describe('callIvr refuses a number a real call could not dial', () => {
  it('a number without its country code, as ivr call --to does', async () => {
    await expect(callIvr({ to: '0237921250', at: OPEN })).rejects.toThrow(
      'callIvr: to "0237921250" has no country code; write it in E.164, as Twilio sends it: + and the country code, e.g. +390237921250 for an Italian number',
    );
    await expect(callIvr({ from: '340 123 4567', at: OPEN })).rejects.toThrow('callIvr: from "340 123 4567" has no country code');
  });

  it('a number with letters or too few digits, which no call carries, names the form and a number to copy', async () => {
    // A "+39abc" was taken for no number at all and refused as a number of no line, to be mapped with IVR_LINE_NUMBERS.
    await expect(callIvr({ to: '+39abc', at: OPEN })).rejects.toThrow(
      'callIvr: to "+39abc" is not a phone number in E.164, as Twilio sends it; write + and the country code and number, digits only (7 to 15), e.g. +390237921240',
    );
    await expect(callIvr({ from: '+39abc', at: OPEN })).rejects.toThrow('callIvr: from "+39abc" is not a phone number in E.164, as Twilio sends it; write + and the country code and number, digits only (7 to 15), e.g. +393401234567, or anonymous for a withheld number');
    await expect(callIvr({ to: '+39 02 3792 1250', at: OPEN })).rejects.toThrow('callIvr: to "+39 02 3792 1250" is not in E.164, as Twilio sends it; write +390237921250 (the same number, digits only)');
  });

  it('a number of no line: a typo would reach the default line, whose holiday message a merchant-line test expects too', async () => {
    await expect(callIvr({ to: '+390237921205', at: '2026-12-25T10:00' })).rejects.toThrow(
      'callIvr: to "+390237921205" is the number of no line of the flow (its lines: consumer +390237921240, merchant +390237921250), so the app would answer it as its default line, consumer; call a line\'s number, or map this one to a line (a Twilio test number, say) with env: { IVR_LINE_NUMBERS: "+390237921205=consumer" }',
    );
  });

  it('a number IVR_LINE_NUMBERS maps to a line is that line', async () => {
    const call = await callIvr({ to: '+15005550006', at: OPEN, env: { IVR_LINE_NUMBERS: '+15005550006=merchant' }, press: ['-', 'hangup'] });
    expect(call.heard).toContain('per i commercianti');
  });

  it('a withheld caller ("anonymous", as Twilio sends it) still calls', async () => {
    const call = await callIvr({ from: 'anonymous', at: OPEN, press: ['hangup'] });
    expect(call.outcome.kind).toBe('caller-hangup');
  });
});

describe("callIvr reads the caller's and Twilio's part as ivr call reads its options", () => {
  it('a dial status Twilio does not have is refused, naming the ones it has and the closest', async () => {
    await expect(callIvr({ at: OPEN, press: ['-', '2'], dialStatus: 'no_answer' as never })).rejects.toThrow(
      'callIvr: dialStatus "no_answer" is not how a <Dial> ends; use one of: completed, busy, no-answer, failed, canceled (the closest: "no-answer")',
    );
    await expect(callIvr({ at: OPEN, press: ['-', '2'], dialStatus: ['busy', 'bussy' as never] })).rejects.toThrow('callIvr: dialStatus "bussy" is not how a <Dial> ends');
  });

  it('a misspelt option name is refused, naming the closest, where it was dropped and the test checked another branch', async () => {
    // vitest does not type-check, so the compiler's "did you mean" never shows.
    const misspelt = { at: OPEN, press: ['-', '2'], dialstatus: 'busy' } as unknown as Parameters<typeof callIvr>[0];
    await expect(callIvr(misspelt)).rejects.toThrow('callIvr: unknown option "dialstatus"; use "dialStatus" (the closest name)');
  });

  it("the call's record is stamped with the call's own time, not the machine's clock", async () => {
    const call = await callIvr({ at: OPEN, press: ['hangup'] });
    const ended = DateTime.fromISO(call.record.startedAt ?? '', { setZone: true }).plus({ seconds: call.record.durationSeconds ?? 0 });
    expect(call.record.timestamp).toBe(ended.toUTC().toRFC2822());
  });

  it('an SMS result the simulated Messages API does not have is refused (it sent the SMS)', async () => {
    await expect(callIvr({ at: '2026-11-24T20:00', press: ['-', '1'], sms: 'fail' as never })).rejects.toThrow(
      'callIvr: sms "fail" is not what the simulated Messages API can do; use one of: sent, failed, off (the closest: "failed")',
    );
  });

  it('sms "off", as ivr call --sms off: no sender, so no offer, even with IVR_SMS_FROM', async () => {
    const env = { TWILIO_ACCOUNT_SID: 'AC' + '1a'.repeat(16), TWILIO_AUTH_TOKEN: 'f00dfeed'.repeat(4), IVR_SMS_FROM: '+390212345678' };
    const offered = await callIvr({ at: '2026-11-24T20:00', press: ['-'], env });
    expect(offered.heard).toContain('SMS');
    const off = await callIvr({ at: '2026-11-24T20:00', press: ['-'], env, sms: 'off' });
    expect(off.heard).not.toContain('SMS');
  });

  it('a key no phone has is refused, with the forms --press takes', async () => {
    await expect(callIvr({ at: OPEN, press: ['x'] })).rejects.toThrow('callIvr: press "x": give phone keys (0-9, *, #), "-" for silence');
  });
});

describe('callIvr refuses a value of the wrong kind with its own message, naming the option and the fix', () => {
  // Vitest runs a test without checking its types: each of these used to end in a JavaScript message from
  // deep inside ("(options.press ?? []).map is not a function") that named neither the option nor the fix.
  const refused = (options: unknown) => callIvr(options as Parameters<typeof callIvr>[0]);

  it('at missing: it is required, with an example', async () => {
    await expect(refused({ press: ['1'] })).rejects.toThrow("callIvr: at is required: the instant of the call, e.g. at: '2026-11-24T10:00'");
  });

  it('a date without a time of day (it ran at midnight, when the lines are closed) or a time without a date (today)', async () => {
    await expect(callIvr({ at: '2026-11-24', press: ['2'] })).rejects.toThrow('callIvr: at "2026-11-24" has no time of day (it would be 00:00); give one, e.g. 2026-11-24T10:00');
    await expect(callIvr({ at: '10:00' })).rejects.toThrow('callIvr: at "10:00" has no date (it would be today\'s); give one, e.g. 2026-11-24T10:00');
  });

  it('a time the clocks skip (it ran 02:30 as 03:30): refused, with the two ways to give it', async () => {
    await expect(callIvr({ at: '2027-03-28T02:30' })).rejects.toThrow('callIvr: at "2027-03-28T02:30" does not exist in Europe/Rome: the clocks go from 02:00 to 03:00 that night; give 03:30, or an offset (2027-03-28T02:30+01:00)');
  });

  it('press as a string, or a key as a number', async () => {
    await expect(refused({ at: OPEN, press: '2' })).rejects.toThrow("callIvr: press is the string '2'; give a list, one entry per input prompt, e.g. press: ['2']");
    await expect(refused({ at: OPEN, press: [1, '2'] })).rejects.toThrow("callIvr: press[0] is the number 1; give each entry as a string, e.g. press: ['1', '2']");
  });

  it('no options at all: at is required, as when only at is missing', async () => {
    await expect((callIvr as () => Promise<unknown>)()).rejects.toThrow("callIvr: at is required: the instant of the call, e.g. at: '2026-11-24T10:00'");
  });

  it('a key left undefined (press: [\'1\', cond ? \'2\' : undefined]) is named, and the string \'undefined\' is never offered as the fix', async () => {
    const error = await refused({ at: OPEN, press: ['1', undefined] }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("callIvr: press[1] is undefined; give each key as a string, e.g. '1'");
  });

  it('a setting whose value is undefined is unset, as in process.env: the call runs ({ ...process.env }, X: cond ? v : undefined)', async () => {
    const call = await callIvr({ at: OPEN, press: ['1', '2'], env: { IVR_SMS_FROM: undefined, DEST_CONSUMER_OPERATOR_EN: '+390200000002' } });
    expect(call.connectedTo).toBe('+390200000002');
    expect(call.errors).toEqual([]);
  });

  it('a setting in env as a number', async () => {
    // +390200000001 without quotes is the number 390200000001 to JavaScript: the fix puts the + back, so
    // following it does not end in a second error (not E.164).
    await expect(refused({ at: OPEN, env: { DEST_CONSUMER_OPERATOR_IT: 390200000001 } })).rejects.toThrow(
      "callIvr: env.DEST_CONSUMER_OPERATOR_IT is the number 390200000001; give each setting as a string, as environment variables are, e.g. env: { DEST_CONSUMER_OPERATOR_IT: '+390200000001' }",
    );
    await expect(refused({ at: OPEN, env: { IVR_SMS_FROM: 390200000009 } })).rejects.toThrow("e.g. env: { IVR_SMS_FROM: '+390200000009' }");
    // A number for a setting that is no phone number keeps its digits as they are.
    await expect(refused({ at: OPEN, env: { IVR_SMS_TIMEOUT_MS: 5000 } })).rejects.toThrow("e.g. env: { IVR_SMS_TIMEOUT_MS: '5000' }");
    // null is no unset setting in process.env: refused, without offering the string 'null' as the fix.
    await expect(refused({ at: OPEN, env: { IVR_SMS_FROM: null } })).rejects.toThrow(
      'callIvr: env.IVR_SMS_FROM is null; give each setting as a string, as environment variables are, or leave it out (or undefined) to leave it unset',
    );
  });

  it("a flow file's path where the parsed flow belongs", async () => {
    await expect(refused({ at: OPEN, flow: 'flows/klarna-italia.json' })).rejects.toThrow(
      "callIvr: flow is a path (\"flows/klarna-italia.json\"); pass the parsed flow, e.g. flow: loadFlowFile('flows/klarna-italia.json') (loadFlowFile from src/testing), or set env: { IVR_FLOW_FILE: 'flows/klarna-italia.json' }",
    );
    await expect(refused({ at: OPEN, flow: { nodes: {} } })).rejects.toThrow('callIvr: flow is not a parsed flow (it has no hours, nodes and lines)');
  });

  it('a number, dial status or SMS result of the wrong kind', async () => {
    await expect(refused({ at: OPEN, to: 390237921240 })).rejects.toThrow("callIvr: to is the number 390237921240; give the number as a string in E.164, e.g. to: '+390237921240'");
    await expect(refused({ at: OPEN, dialStatus: 486 })).rejects.toThrow("callIvr: dialStatus is the number 486; give how each <Dial> ends as a string, or a list of them, e.g. dialStatus: 'busy'");
    await expect(refused({ at: OPEN, sms: true })).rejects.toThrow("callIvr: sms is the boolean true; give one of the strings 'sent', 'failed', 'off'");
  });

  it('the loadFlowFile the message names is exported beside callIvr, and its flow runs', async () => {
    const call = await callIvr({ at: OPEN, flow: loadFlowFile('flows/klarna-italia.json'), press: ['hangup'] });
    // The welcome as the flow words it: this is a test of callIvr, not of the menu's words.
    expect(call.heard).toContain(promptSaid('consumer-welcome', 'it')[0]);
  });
});

describe("callIvr refuses a setting in env a few letters off one the app reads, as a scenario's settings are refused", () => {
  // Left unread, DEST_CONSUMER_OPERATR_IT would leave the operators' number unset: the test would check a refused transfer.
  it('a misspelt name is named with the setting meant, a flow\'s DEST_… among them', async () => {
    await expect(callIvr({ at: OPEN, press: ['-', '2'], env: { DEST_CONSUMER_OPERATR_IT: '+390200000001' } })).rejects.toThrow(
      'callIvr: env.DEST_CONSUMER_OPERATR_IT is no setting the app reads, so it would be left unread; rename "DEST_CONSUMER_OPERATR_IT" to "DEST_CONSUMER_OPERATOR_IT"',
    );
    await expect(callIvr({ at: OPEN, env: { IVR_SMS_FORM: '+390200000009' } })).rejects.toThrow('callIvr: env.IVR_SMS_FORM is no setting the app reads, so it would be left unread; rename "IVR_SMS_FORM" to "IVR_SMS_FROM"');
  });

  it("the shell's names pass ({ ...process.env }), even those that hold a setting's name or half of one", async () => {
    // vitest sets BASE_URL; the scenarios' rule would take it, half of PUBLIC_BASE_URL, for a slip.
    const env = { ...process.env, BASE_URL: '/', API_KEY: 'k', AzureWebJobsStorage__accountName: 'account', DEST_CONSUMER_OPERATOR_IT: '+390200000001' };
    const call = await callIvr({ at: OPEN, press: ['-', '2'], env });
    expect(call.connectedTo).toBe('+390200000001');
  });
});

describe('a transfer refused because the operators\' number is unset says to set it in env', () => {
  it('errors names env, where callIvr takes its settings (the shell is not read)', async () => {
    const call = await callIvr({ at: OPEN, press: ['1', '2'] });
    expect(call.connectedTo).toBeUndefined();
    expect(call.errors).toHaveLength(1);
    // The app's own words first, as it logs them in a deployment, then where a test sets it.
    expect(call.errors[0]).toContain("To fix it, set the app setting DEST_CONSUMER_OPERATOR_EN to the operators' real number. callIvr reads no app settings from the shell: set it in its env option, e.g. env: { DEST_CONSUMER_OPERATOR_EN: '+390200000001' }.");
  });

  it("set in env to a number that rings the app (the merchant line's), it says to give the operators' real number, not to set it", async () => {
    const call = await callIvr({ at: OPEN, press: ['1', '2'], env: { DEST_CONSUMER_OPERATOR_EN: '+390237921250' } });
    expect(call.connectedTo).toBeUndefined();
    expect(call.errors).toHaveLength(1);
    expect(call.errors[0]).toContain(
      "To fix it, set the app setting DEST_CONSUMER_OPERATOR_EN to the operators' real number. DEST_CONSUMER_OPERATOR_EN is +390237921250 in its env option, a number that rings this app: set it to the operators' real number, not one of the lines', e.g. env: { DEST_CONSUMER_OPERATOR_EN: '+390200000001' }.",
    );
    expect(call.errors[0]).not.toContain('from the shell');
  });

  it("callIvr's JSDoc example passes as written (an editor shows it; it set no operators' number, so the transfer was refused)", async () => {
    const source = readFileSync(path.join(__dirname, '../../src/testing/callIvr.ts'), 'utf8');
    const doc = /\/\*\*\n \* Runs one call[\s\S]*?\*\//.exec(source)?.[0] ?? '';
    const example = doc.split('\n').flatMap((line) => /^ \* {3}(.*)$/.exec(line)?.[1] ?? []).join('\n');
    expect(example).toContain('callIvr(');
    const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
    await new AsyncFunction('callIvr', 'expect', example)(callIvr, expect);
  });
});

describe('callIvr hangs up when a test says, as ivr call --hangup-at does', () => {
  it('hangupAt while the operator line rings: the call ends there, and its record says the caller hung up during the transfer', async () => {
    const options: CallIvrOptions = { at: OPEN, press: ['-', '2'], dialStatus: 'no-answer', env: { DEST_CONSUMER_OPERATOR_IT: '+390200000001' } };
    // The second the transfer begins to ring, from the same call left to run: not counted from how long the menu takes to say.
    const ringsAt = (await callIvr(options)).events.find((e) => e.type === 'dial')?.at;
    expect(ringsAt, '2 at the consumer menu, in opening hours, rings the operators').toBeDefined();
    const call = await callIvr({ ...options, hangupAt: ringsAt! + 5 });
    expect(call.outcome.kind).toBe('caller-hangup');
    expect(call.dials).toEqual([{ to: '+390200000001', status: 'canceled' }]);
    expect(call.heard).not.toContain('nessun operatore');
    expect(call.record).toMatchObject({ outcome: 'caller-hung-up-during-transfer', inputs: ['none', '2', 'dial:canceled'] });
  });

  it('refuses a hangupAt that is no number of seconds', async () => {
    await expect(callIvr({ at: OPEN, hangupAt: '20' as unknown as number })).rejects.toThrow(
      "callIvr: hangupAt is the string '20'; give the seconds into the call at which the caller hangs up, as a number, e.g. hangupAt: 20",
    );
  });
});
