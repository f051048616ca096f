import { afterEach, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readSettings } from '../../src/config/settings';
import { createLocalHost, type LocalHost } from '../../src/server/localHost';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

// `npm start` says which transfers still go to the flow's placeholder numbers
// when it starts serving, and again only when a saved flow changes that list:
// the same long line after every save of a flow was noise that hid the
// reload messages (found by following the README as a newcomer). On the
// fixed copy of the menu: its four placeholder destinations are named, however
// many lines and languages the shipped menu gains.

const original = readFileSync(FIXED_FLOW_FILE, 'utf8');

/** The fixed copy with the consumer welcome's first words replaced by `words`: a save that changes no destination. */
function withWelcome(words: string): string {
  const flow = JSON.parse(original);
  flow.nodes['consumer-welcome'].prompt[0].text = words;
  return JSON.stringify(flow, null, 2);
}
const PLACEHOLDERS = 'Placeholder destinations in use (set these app settings before going live): ';

let host: LocalHost | undefined;
afterEach(async () => host?.close());

function save(file: string, text: string): void {
  const aside = `${file}.tmp`;
  writeFileSync(aside, text);
  renameSync(aside, file);
}

it('names the placeholder destinations at start, not again at each reload, and again when a save changes them', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-placeholders-')), 'flow.json');
  writeFileSync(file, original);
  const warnings: string[] = [];
  const logger = { info() {}, warn: (message: string) => void warnings.push(message), error() {} };
  host = createLocalHost({ settings: readSettings({ IVR_FLOW_FILE: file, TWILIO_SIGNATURE_VALIDATION: 'off' }), logger });
  expect(warnings).toEqual([`${PLACEHOLDERS}consumer-operator-it (DEST_CONSUMER_OPERATOR_IT), consumer-operator-en (DEST_CONSUMER_OPERATOR_EN), merchant-operator-it (DEST_MERCHANT_OPERATOR_IT), merchant-operator-en (DEST_MERCHANT_OPERATOR_EN)`]);

  for (const text of ['Primo.', 'Secondo.']) {
    save(file, withWelcome(text)); // a save that changes no destination
    expect(JSON.stringify(host.live.current().flow.nodes['consumer-welcome'])).toContain(text);
  }
  expect(warnings).toHaveLength(1);

  // The English operators get their real number: the list changes, and is said again. (Left at the line's own
  // number without its mark, the flow would be refused: a transfer there rings the menu again.)
  save(file, original.replace(/"number": "\+\d+",(\s*"setting": "DEST_CONSUMER_OPERATOR_EN",\s*)"placeholder": true,/, '"number": "+390200000002",$1'));
  host.live.current();
  expect(warnings).toHaveLength(2);
  expect(warnings[1]).toBe(`${PLACEHOLDERS}consumer-operator-it (DEST_CONSUMER_OPERATOR_IT), merchant-operator-it (DEST_MERCHANT_OPERATOR_IT), merchant-operator-en (DEST_MERCHANT_OPERATOR_EN)`);
});

it('names a destination set to a number that rings the app (a line of the flow, or one IVR_LINE_NUMBERS maps), whose every transfer would be refused', () => {
  const warnings: string[] = [];
  const logger = { info() {}, warn: (message: string) => void warnings.push(message), error() {} };
  const settings = readSettings({
    IVR_FLOW_FILE: FIXED_FLOW_FILE,
    TWILIO_SIGNATURE_VALIDATION: 'off',
    IVR_LINE_NUMBERS: '+15005550006=consumer',
    // The consumer line's own number, a mapped test number, and two real ones.
    DEST_CONSUMER_OPERATOR_IT: '+390237921240',
    DEST_CONSUMER_OPERATOR_EN: '+15005550006',
    DEST_MERCHANT_OPERATOR_IT: '+390200000003',
    DEST_MERCHANT_OPERATOR_EN: '+390200000004',
  });
  host = createLocalHost({ settings, logger });
  expect(warnings).toEqual([
    `${PLACEHOLDERS}consumer-operator-it (DEST_CONSUMER_OPERATOR_IT is the number of line "consumer", so the app refuses to transfer there), ` +
      'consumer-operator-en (DEST_CONSUMER_OPERATOR_EN is a number IVR_LINE_NUMBERS maps to line "consumer", so the app refuses to transfer there)',
  ]);
});

// A number Twilio would refuse to dial (error 13224: +1234567 is too short for +1) is said, with the setting's
// name, but does not stop the host: libphonenumber's metadata may lag a new range. The number is masked as
// every number in the log, unless IVR_LOG_PHONE_NUMBERS=full (`ivr lint` shows it whole). The check loads
// libphonenumber, so it is said a moment after start-up, off the first call's path: the clock is faked here.
it("names a destination setting whose number is in no country's numbering plan, after start-up, and says nothing of a real one", () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    const warningsWith = (env: Record<string, string>) => {
      const warnings: string[] = [];
      const logger = { info() {}, warn: (message: string) => void warnings.push(message), error() {} };
      host = createLocalHost({ settings: readSettings({ IVR_FLOW_FILE: FIXED_FLOW_FILE, TWILIO_SIGNATURE_VALIDATION: 'off', ...env }), logger });
      const atStart = warnings.filter((w) => !w.startsWith(PLACEHOLDERS));
      vi.advanceTimersByTime(1000);
      void host.close();
      return { atStart, after: warnings.filter((w) => !w.startsWith(PLACEHOLDERS)) };
    };
    const refused = "not a number of any country's numbering plan (libphonenumber): Twilio would refuse the transfer (error 13224); check it";
    expect(warningsWith({ DEST_CONSUMER_OPERATOR_IT: '+1234567' })).toEqual({ atStart: [], after: [`DEST_CONSUMER_OPERATOR_IT is +12*4567, ${refused}`] });
    expect(warningsWith({ DEST_CONSUMER_OPERATOR_IT: '+1234567', IVR_LOG_PHONE_NUMBERS: 'full' }).after).toEqual([`DEST_CONSUMER_OPERATOR_IT is +1234567, ${refused}`]);
    expect(warningsWith({ DEST_CONSUMER_OPERATOR_IT: '+390200000001' }).after).toEqual([]);
  } finally {
    vi.useRealTimers();
  }
});
