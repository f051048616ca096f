import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintInProcess as lint } from '../support/lintInProcess';
import { FIXED_FLOW_FILE, fixedMenuToLint } from '../support/fixedMenu';

// `ivr lint` warns at an SMS message that, its links filled in as the app sends it, takes more than one text
// message: the caller's phone gets several, each billed. One SMS carries 160 characters of the GSM-7 alphabet,
// the characters of its extension table (€ [ ] { } \ ~ ^ |) counting as two, or 70 when one character is not in
// GSM-7 and Twilio sends the whole message in UCS-2:
// https://www.twilio.com/docs/glossary/what-sms-character-limit and
// https://www.twilio.com/docs/glossary/what-is-gsm-7-character-encoding.
// A warning passes the file (exit 0): the app sends the message all the same.

const dir = mkdtempSync(path.join(os.tmpdir(), 'sms-length-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fixed copy's chat link, filled in for "{chat}": 43 characters. */
const CHAT = 'https://www.klarna.com/it/servizio-clienti/';

/** The fixed copy of the menu with the chat-link SMS's messages changed to `message`. */
function flowWithMessages(name: string, message: Record<string, string>): string {
  const flow = fixedMenuToLint();
  Object.assign(flow.nodes['chat-link-sms'].message, message);
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}

describe('ivr lint warns at an SMS message longer than one text message, and passes the flow', () => {
  it("the fixed copy's Italian message, 163 GSM-7 characters with its links: a warning at its line, with the length and the fix, exit 0", async () => {
    expect(await lint(FIXED_FLOW_FILE)).toEqual({
      code: 0,
      err: '',
      out:
        `OK ${FIXED_FLOW_FILE}, with 1 warning:\n` +
        "  warning at nodes.chat-link-sms.message.it, line 423: with its links filled in, the message is 163 characters, over the 160 of one SMS: the caller's phone gets it as 2 text messages, each billed\n" +
        '    fix: shorten it by 3 characters or more, to 160 at most (the links\' URLs count too: a shorter one under "links" helps)',
    });
  });

  it('a curly apostrophe makes the message UCS-2, 70 characters a message: the warning names it, and says the message would fit once it is written in GSM-7', async () => {
    const file = flowWithMessages('curly', { en: 'Klarna’s chat: {chat} Contact form: {contactForm}' });
    const run = await lint(file);
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      `OK ${file}, with 1 warning:\n` +
        '  warning at nodes.chat-link-sms.message.en, line 695: with its links filled in, the message is 108 characters, over the 70 of one SMS: "’" is not in the GSM-7 alphabet, so Twilio sends the message in UCS-2, 70 characters a message, not 160; the caller\'s phone gets it as 2 text messages, each billed\n' +
        '    fix: write "’" as "\'", so one SMS carries 160 characters and the message (108) fits; or shorten it to 70 at most',
    );
  });

  it('a capital "È", which GSM-7 lacks (it has É, the other accent): the fix says to write it "E\'", and the message so written is one SMS', async () => {
    const file = flowWithMessages('capital-e', { it: 'È la chat di Klarna: {chat} Modulo di contatto: {contactForm}' });
    const run = await lint(file);
    expect(run.code).toBe(0);
    expect(run.out).toContain('"È" is not in the GSM-7 alphabet');
    expect(run.out).toContain('\n    fix: write "È" as "E\'", so one SMS carries 160 characters and the message (121) fits; or shorten it to 70 at most');
    const fixed = flowWithMessages('capital-e-fixed', { it: "E' la chat di Klarna: {chat} Modulo di contatto: {contactForm}" });
    expect(await lint(fixed)).toEqual({ code: 0, err: '', out: `OK ${fixed}` });
  });

  it('each Italian capital with a grave accent and curly quotes get their stand-in; a character with none is left to the editor', async () => {
    const file = flowWithMessages('stand-ins', { it: 'À Ì Ò Ù “chat”: {chat} 🙂 {contactForm}' });
    const run = await lint(file);
    expect(run.out).toContain(
      '\n    fix: write "À" as "A\'", "Ì" as "I\'", "Ò" as "O\'", "Ù" as "U\'", "“" as "\\"", "”" as "\\"" and "🙂" with characters of the GSM-7 alphabet, so one SMS carries 160 characters',
    );
  });

  it('160 GSM-7 characters is one SMS; a € among them counts as two, and makes it 161', async () => {
    const filler = 'a'.repeat(160 - CHAT.length - 1);
    expect(await lint(flowWithMessages('exactly-160', { it: `{chat} ${filler}` }))).toMatchObject({ code: 0, out: expect.not.stringContaining('warning') });
    const file = flowWithMessages('euro', { it: `{chat} €${filler.slice(1)}` });
    const run = await lint(file);
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      `OK ${file}, with 1 warning:\n` +
        "  warning at nodes.chat-link-sms.message.it, line 694: with its links filled in, the message is 161 characters, over the 160 of one SMS: the caller's phone gets it as 2 text messages, each billed\n" +
        '    fix: shorten it by 1 character or more, to 160 at most (the links\' URLs count too: a shorter one under "links" helps)',
    );
  });

  it('a short message with a character outside GSM-7 fits the 70 of one UCS-2 SMS: no warning', async () => {
    const file = flowWithMessages('short-ucs2', { it: 'Però così: {chat}' });
    expect(await lint(file)).toEqual({ code: 0, err: '', out: `OK ${file}` });
  });

  it('the shipped flow: no such warning', async () => {
    const run = await lint('flows/klarna-italia.json');
    expect(run.code).toBe(0);
    expect(run.out).not.toContain('text message');
  });
});

// Twilio's Messages API takes a body of at most 1,600 characters and refuses a longer one (error 21617,
// https://www.twilio.com/docs/api/errors/21617): lint warned and passed it, and every caller who pressed the
// key would have heard the "failed" words. The fuzzer's 100,000-character message found it.
describe('ivr lint refuses an SMS message longer than Twilio sends', () => {
  it('1,601 characters with its links filled in: refused at the message, exit 1; 1,600 pass with the warning', async () => {
    const filler = (total: number) => `Chat: {chat} ${'x'.repeat(total - 'Chat:  '.length - CHAT.length)}`;
    const over = flowWithMessages('over-1600', { en: filler(1_601) });
    const refused = await lint(over);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'at nodes.chat-link-sms.message.en, line 695: with its links filled in, the message is 1,601 characters, more than the 1,600 Twilio sends (error 21617): every caller who asks for it would hear the "failed" words\n' +
        '    fix: shorten it to 1,600 characters at most, and to 160 for one SMS',
    );
    const most = await lint(flowWithMessages('at-1600', { en: filler(1_600) }));
    expect(most.code).toBe(0);
    expect(most.out).toContain('with its links filled in, the message is 1600 characters, over the 160 of one SMS');
  });
});
