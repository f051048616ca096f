import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { callIvr } from '../../src/testing';

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
