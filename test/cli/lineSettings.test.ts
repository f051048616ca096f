import { describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { shippedFlow } from '../support/shippedFlow';

// The operations engineer's check before deploying: `ivr lint` with the app settings, and `ivr call` to try
// them. Each says what start-up says of a setting that would send callers to the wrong menu, or ring the app
// instead of the operators, and exits 1; neither used to say anything (exit 0, the merchant line's callers
// hearing the consumer welcome).

const MERCHANT_LINE = shippedFlow().lines.merchant!.number;
const FROM = 'from the environment, then local.settings.json';
const CALL = ['call', '--to', MERCHANT_LINE, '--at', '2026-11-24T10:00', '--press', '-'];

describe('IVR_LINE_NUMBERS that moves a line to the other menu, or maps a number twice', { timeout: 30_000 }, () => {
  it("a line's own number mapped to the other line: lint and ivr call name the entry and say to remove it, exit 1", async () => {
    const env = { IVR_LINE_NUMBERS: `${MERCHANT_LINE}=consumer` };
    const problem = `IVR_LINE_NUMBERS maps ${MERCHANT_LINE} to line "consumer", but ${MERCHANT_LINE} is the merchant line's own number in flows/klarna-italia.json (lines.merchant.number), so its callers would hear the consumer menu`;
    const fix = `IVR_LINE_NUMBERS may only add other numbers: remove the entry ${MERCHANT_LINE}=consumer`;
    expect(await runIvr(['lint', 'flows/klarna-italia.json'], { env })).toEqual({ code: 1, stdout: '', stderr: `The app would not start with flows/klarna-italia.json and these settings (${FROM}): ${problem}\n  fix: ${fix}\n` });
    const call = await runIvr(CALL, { env });
    expect(call).toEqual({ code: 1, stdout: '', stderr: `${problem.replace('in flows/klarna-italia.json', 'in the flow')}; ${fix}\n` });
  });

  it('a number mapped to two lines: both name the two entries, exit 1', async () => {
    const env = { IVR_LINE_NUMBERS: '+15005550006=merchant,+15005550006=consumer' };
    const problem = 'IVR_LINE_NUMBERS maps +15005550006 twice, to line "merchant" and to line "consumer"';
    const fix = 'keep only the entry with the line its callers should reach: +15005550006=merchant or +15005550006=consumer';
    expect(await runIvr(['lint'], { env })).toEqual({ code: 1, stdout: '', stderr: `The app settings (${FROM}) stop the app before any flow is read: ${problem}\n  fix: ${fix}\n` });
    expect(await runIvr(CALL, { env })).toEqual({ code: 1, stdout: '', stderr: `${problem}; ${fix}\n` });
  });
});

describe('a destination setting that rings the app', { timeout: 30_000 }, () => {
  it('ivr lint says what start-up says of it, and exits 1: the app would refuse every transfer there', async () => {
    const env = { DEST_CONSUMER_OPERATOR_IT: MERCHANT_LINE };
    expect(await runIvr(['lint', 'flows/klarna-italia.json'], { env })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `The app would start with flows/klarna-italia.json and these settings (${FROM}), but refuse every transfer to consumer-operator-it (DEST_CONSUMER_OPERATOR_IT is the number of line "merchant", so the app refuses to transfer there)\n` +
        "  fix: set that setting to the operators' real number\n",
    });
  });

  it('one set to a number IVR_LINE_NUMBERS maps is named too, with the other, in the flow\'s order', async () => {
    const env = { DEST_CONSUMER_OPERATOR_IT: MERCHANT_LINE, DEST_MERCHANT_OPERATOR_EN: '+15005550006', IVR_LINE_NUMBERS: '+15005550006=consumer' };
    const lint = await runIvr(['lint'], { env });
    expect(lint.code).toBe(1);
    expect(lint.stderr).toContain(
      'but refuse every transfer to consumer-operator-it (DEST_CONSUMER_OPERATOR_IT is the number of line "merchant", so the app refuses to transfer there), merchant-operator-en (DEST_MERCHANT_OPERATOR_EN is a number IVR_LINE_NUMBERS maps to line "consumer", so the app refuses to transfer there)\n' +
        "  fix: set each of those settings to the operators' real number\n",
    );
  });
});
