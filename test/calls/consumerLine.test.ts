import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { callIvr } from '../../src/testing';
import { createApp } from '../../src/app/createApp';
import { twilioView } from '../../src/app/twilioView';
import { readSettings } from '../../src/config/settings';
import { loadFlowFile } from '../../src/flow/load';
import { simulateCall } from '../../src/simulator';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { promptSaid, retrySaid } from '../support/shippedFlow';
import { smsLength } from '../../src/twilio/smsLength';

const CONSUMER = '+390237921240';
const OPEN = '2026-11-24T10:00'; // a Tuesday, Europe/Rome
const EVENING = '2026-11-24T18:30';
const SATURDAY = '2026-11-28T11:00';
const HOLIDAY = '2026-12-08T10:00'; // Immacolata Concezione, a Tuesday

// The operators' numbers set, as on a deployment: without them the app refuses a transfer to the line's own number.
const call = (at: string, press: string[] = [], extra: Partial<Parameters<typeof callIvr>[0]> = {}) =>
  callIvr({ to: CONSUMER, at, press, ...extra, env: { ...OPERATOR_NUMBERS, ...extra.env } });

describe('consumer line: the start of the call', () => {
  it('opens in Italian and offers English on key 1 in English', async () => {
    const c = await call(OPEN, ['hangup']);
    expect(c.said[0]).toEqual({ text: 'Ti diamo il benvenuto al servizio clienti di Klarna Italia.', language: 'it-IT' });
    expect(c.said[1]).toEqual({ text: 'For English, press 1.', language: 'en-GB' });
    expect(c.outcome.kind).toBe('caller-hangup');
  });

  it('key 1 switches everything afterwards to English', async () => {
    const c = await call(OPEN, ['1', 'hangup']);
    expect(c.said.slice(2).every((s) => s.language === 'en-GB')).toBe(true);
    expect(c.heard).toContain('To speak to an operator, press 2.');
  });

  it.each([['-'], ['2'], ['#']])('"%s" at the start keeps Italian', async (first) => {
    const c = await call(OPEN, [first, 'hangup']);
    expect(c.said[2]?.language).toBe('it-IT');
    expect(c.said[2]?.text).toContain('Per parlare con un operatore, premi 2.');
  });

  it('an English caller is welcomed in English right after pressing 1, then hears the menu; * repeats the menu, not the welcome', async () => {
    const c = await call(OPEN, ['1', '*', 'hangup']);
    expect(c.said[2]).toEqual({ text: 'Welcome to Klarna Italia customer service.', language: 'en-GB' });
    expect(c.said[3]?.text).toMatch(/^To learn how to use the chat, press 1\./);
    expect(c.said.filter((s) => s.text.startsWith('To learn how to use the chat'))).toHaveLength(2);
    expect(c.said.filter((s) => s.text.startsWith('Welcome'))).toHaveLength(1);
  });

  it('an English caller who finds the line closed is welcomed in English before the closed message', async () => {
    const c = await call(EVENING, ['1', 'hangup']);
    expect(c.said.slice(2, 4).map((s) => s.text)).toEqual([
      'Welcome to Klarna Italia customer service.',
      'Our phone customer service is closed right now. It is open Monday to Friday, from 9 am to 5 pm, Italian time, and is closed on public holidays.',
    ]);
  });

  it('an Italian caller hears no English welcome', async () => {
    const c = await call(OPEN, ['-', '*', 'hangup']);
    expect(c.heard).not.toContain('Welcome');
    expect(c.said.filter((s) => s.language === 'en-GB').map((s) => s.text)).toEqual(['For English, press 1.']);
  });
});

describe('consumer line, open: the main menu', () => {
  it('2 connects to the Italian consumer operator destination', async () => {
    const c = await call(OPEN, ['-', '2']);
    expect(c.heard).toContain('Ti mettiamo in contatto con un operatore.');
    expect(c.outcome).toMatchObject({ kind: 'dial', to: '+390200000001' });
  });

  it('2 in English dials the English operator destination, which an app setting can change', async () => {
    const c = await call(OPEN, ['1', '2'], { env: { DEST_CONSUMER_OPERATOR_EN: '+390200000002' } });
    expect(c.heard).toContain('We are connecting you to an operator.');
    expect(c.connectedTo).toBe('+390200000002');
  });

  it('1 explains the chat: account, Servizio Clienti, Chatta con noi, virtual assistant then a person', async () => {
    const c = await call(OPEN, ['-', '1', 'hangup']);
    expect(c.heard).toContain('Serve un account Klarna');
    expect(c.heard).toContain('sezione Servizio Clienti e scegli Chatta con noi');
    expect(c.heard).toContain("A seconda dell'afflusso, può risponderti prima un assistente virtuale");
    expect(c.heard).toContain('passa a un operatore');
  });

  it('the complaints procedure is said before its keys, which are asked after the hours are checked again', async () => {
    // The procedure is a message of its own (consumer-complaints), not inside the key prompt: which keys follow
    // depends on the hours once it has been heard, the operator's while the line is open.
    const c = await call(OPEN, ['-', '3', 'hangup']);
    const complaints = c.events.findIndex((e) => e.type === 'say' && e.text.startsWith('Per un reclamo, rivolgiti prima al Servizio clienti di Klarna'));
    const prompts = c.events.flatMap((e, at) => (e.type === 'gather' ? [{ at, says: e.prompt.says.map((say) => say.text) }] : []));
    expect(complaints).toBeGreaterThan(prompts[1]!.at);
    expect(prompts[2]?.at).toBeGreaterThan(complaints);
    expect(prompts[2]?.says).toEqual(['Per riascoltare queste informazioni, premi 1. Per presentare il reclamo a un operatore, premi 2. Per tornare al menu principale, premi asterisco.']);
  });

  it('3 gives the whole complaints procedure, then 2 reaches an operator', async () => {
    const c = await call(OPEN, ['1', '3', '2']);
    for (const fact of [
      'first turn to Klarna Customer Service',
      'kept updated',
      'within 14 days',
      'Consumer Ombudsman',
      'A R N, the National Board for Consumer Disputes in Sweden',
      'Swedish financial authority',
      'EU Payment Services Directive',
    ]) {
      expect(c.heard).toContain(fact);
    }
    // The guide's European online dispute resolution platform closed on 20 July 2025 (Regulation (EU) 2024/3228): callers are not sent there.
    expect(c.heard).not.toContain('dispute resolution platform');
    expect(c.connectedTo).toBe('+390200000002');
  });

  it('4 gives the contact form with its required fields, both postal addresses, and what post is not for, with the operators\' hours in Italian time', async () => {
    const c = await call(OPEN, ['-', '4', 'hangup']);
    expect(c.heard).toContain('modulo di contatto, nella sezione Contatti');
    expect(c.heard).toContain('nome, cognome, numero di telefono e indirizzo e-mail');
    expect(c.heard).toContain('Klarna Italia, Via San Marco 21, 2 0 1 2 1 Milano');
    expect(c.heard).toContain('Klarna A B, Sveavägen 46 (si scrive S V E A V A G E N), 1 1 1 3 4 Stoccolma, Svezia');
    expect(c.heard).toContain("La posta non è adatta alle richieste urgenti o ai problemi con l'app Klarna: in questi casi, usa la chat, oppure parla con un operatore");
    // A caller abroad (the UK is an hour behind) needs the time zone of the operators' hours.
    expect(c.heard).toContain('parla con un operatore dal lunedì al venerdì, dalle 9 alle 17, ora italiana.');
  });

  it('5 tells the caller the number is an Italian landline at their phone company\'s standard rate, in both languages', async () => {
    const c = await call(OPEN, ['1', '5', 'hangup']);
    expect(c.heard).toContain('it is an Italian landline number');
    expect(c.heard).toContain("your phone provider's standard rate");
    // Callers from abroad, likelier to choose English, pay an international call.
    expect(c.heard).toContain("From abroad, your provider's international rates apply.");
    // "Operatore" is the Klarna agent of the next prompt: the phone company is the "gestore".
    const italian = await call(OPEN, ['-', '5', 'hangup']);
    expect(italian.heard).toContain('è un numero fisso italiano, quindi la chiamata costa quanto una normale chiamata verso un fisso in Italia, secondo la tariffa del tuo gestore telefonico.');
    expect(italian.heard).toContain("Dall'estero si applicano le tariffe internazionali del tuo gestore.");
  });

  it('9 takes merchants to the merchant menu in the same call, in its language: no transfer to the merchant line to ring and start again in Italian', async () => {
    const c = await call(OPEN, ['1', '9', '1'], { env: { DEST_MERCHANT_OPERATOR_EN: '+390200000004' } });
    // Told the merchants' own number for next time, in groups of figures a caller can write down.
    expect(c.heard).toContain('Merchants have a line of their own: next time, call plus 3 9, 0 2, 3 7 9 2, 1 2 5 0 directly. We are putting you through to merchant customer service.');
    expect(c.path).toEqual(['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-to-merchant', 'merchant-hours', 'merchant-menu', 'merchant-operator-hours', 'merchant-operator']);
    expect(c.dials).toEqual([{ to: '+390200000004', status: 'completed' }]);
  });

  it('a consumer who pressed 9 by mistake gets back: 9 in the merchant menu returns to the consumer menu, where 2 reaches a consumer operator', async () => {
    const c = await call(OPEN, ['-', '9', '9', '2'], { env: { DEST_CONSUMER_OPERATOR_IT: '+390200000001' } });
    expect(c.heard).toContain('Per il servizio clienti dedicato ai consumatori, premi 9.');
    expect(c.heard).toContain("Per i commercianti c'è una linea dedicata: la prossima volta chiama direttamente il numero 0 2, 3 7 9 2, 1 2 5 0. Ti passiamo al servizio clienti per i commercianti.");
    expect(c.heard).toContain("Per i consumatori c'è una linea dedicata: la prossima volta chiama direttamente il numero 0 2, 3 7 9 2, 1 2 4 0. Ti passiamo al servizio clienti per i consumatori.");
    expect(c.path).toEqual(['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-to-merchant', 'merchant-hours', 'merchant-menu', 'merchant-to-consumer', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator']);
    expect(c.dials).toEqual([{ to: '+390200000001', status: 'completed' }]);
  });

  it('* repeats the menu', async () => {
    const c = await call(OPEN, ['-', '*', 'hangup']);
    const menus = c.said.filter((s) => s.text.startsWith('Per sapere come usare la chat'));
    expect(menus).toHaveLength(2);
  });

  it('* after an information message goes back to the main menu, where 2 still works', async () => {
    const c = await call(OPEN, ['-', '1', '*', '2']);
    expect(c.connectedTo).toBe('+390200000001');
  });

  it('silence after an information message ends the call with a goodbye', async () => {
    const c = await call(OPEN, ['-', '4', '-', '-']);
    expect(c.said.at(-1)?.text).toBe('Grazie per aver chiamato Klarna. Arrivederci.');
    expect(c.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
  });
});

describe('consumer line: no input, invalid keys and the three-strikes rule', () => {
  it('an invalid key is named invalid and the menu repeats', async () => {
    const c = await call(OPEN, ['-', '7', 'hangup']);
    const i = c.said.findIndex((s) => s.text === 'La scelta non è valida.');
    expect(i).toBeGreaterThan(0);
    expect(c.said[i + 1]?.text).toMatch(/^Per sapere come usare la chat/);
  });

  // Twilio's <Gather> ends on its finishOnKey, "#" unless set, and a Gather that ends with no digit sends nothing:
  // Twilio goes on to the next verb, as after silence (http://www.twilio.com/docs/api/twiml/gather). The empty string is
  // one of finishOnKey's allowed values, no finish key at all (https://www.twilio.com/docs/api_reference/TwiML/gather),
  // which the app's <Gather> sets, so "#" reaches the menu as the key it is.
  it('# is a wrong key like any other: the caller is told the choice is not valid, not that none was made, and the record keeps #', async () => {
    const c = await call(OPEN, ['-', '#', 'hangup']);
    const menu = promptSaid('consumer-menu', 'it');
    const invalid = retrySaid('consumer-menu', 'invalid', 'it');
    const texts = c.said.map((s) => s.text);
    const asked = texts.indexOf(menu[0] as string);
    expect(texts.slice(asked)).toEqual([...menu, ...invalid, ...menu]);
    expect(texts).not.toContain(retrySaid('consumer-menu', 'noInput', 'it')[0]);
    expect(c.record.inputs).toEqual(['none', '#']);
  });

  it('silence is named and the menu repeats', async () => {
    const c = await call(OPEN, ['1', '-', 'hangup']);
    expect(c.heard).toContain("Sorry, we didn't receive your choice.");
  });

  it('after three failed attempts the caller is transferred to an operator, told first that the last key was wrong too', async () => {
    const c = await call(OPEN, ['-', '7', '-', '8']);
    const texts = c.said.map((s) => s.text);
    expect(texts.filter((t) => /non è valida|nessuna scelta/.test(t))).toEqual(['La scelta non è valida.', 'Non abbiamo ricevuto nessuna scelta.', 'La scelta non è valida.']);
    expect(texts.slice(-2)).toEqual(['La scelta non è valida.', 'Ti mettiamo in contatto con un operatore. Resta in linea.']);
    expect(c.connectedTo).toBe('+390200000001');
  });

  it('after an answer, two wrong keys end the call, the second one told it was not valid before the goodbye', async () => {
    const c = await call(OPEN, ['-', '1', '7', '0']);
    expect(c.said.map((s) => s.text).slice(-2)).toEqual(['La scelta non è valida.', 'Grazie per aver chiamato Klarna. Arrivederci.']);
    expect(c.outcome.kind).toBe('hangup');
  });

  it('a valid key resets the count', async () => {
    const c = await call(OPEN, ['-', '7', '7', '*', '7', '7', 'hangup']);
    expect(c.dials).toEqual([]);
    expect(c.outcome.kind).toBe('caller-hangup');
  });
});

describe('consumer line: operator unavailable', () => {
  it.each(['busy', 'no-answer', 'failed'] as const)('a dial that ends %s apologises, suggests the chat and hangs up', async (status) => {
    const c = await call(OPEN, ['-', '2'], { dialStatus: status });
    expect(c.dials).toEqual([{ to: '+390200000001', status }]);
    expect(c.heard).toContain('Ci dispiace, in questo momento nessun operatore può rispondere.');
    expect(c.heard).toContain('Chatta con noi');
    expect(c.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
  });

  it('in English too', async () => {
    const c = await call(OPEN, ['1', '2'], { dialStatus: 'busy' });
    expect(c.said.at(-1)).toMatchObject({ language: 'en-GB' });
    expect(c.heard).toContain('We are sorry, no operator can answer right now.');
  });

  // The offer promised links to the chat and the contact form: when the text cannot be sent, the caller is reminded where
  // both are. The full directions were said just before the offer, so they are not said a second time.
  it('an SMS that cannot be sent is followed by where the chat and the contact form are, without the directions again, in both languages', async () => {
    const italian = await call(OPEN, ['-', '2', '1'], { dialStatus: 'busy', sms: 'failed' });
    expect(italian.heard).toContain(
      "Ci dispiace, non siamo riusciti a inviare l'SMS. Trovi la chat nella sezione Servizio Clienti dell'app o del sito, e il modulo di contatto nella sezione Contatti del sito.",
    );
    expect(italian.heard.split('scegli Chatta con noi')).toHaveLength(2);
    const en = await call(OPEN, ['1', '2', '1'], { dialStatus: 'busy', sms: 'failed' });
    expect(en.heard).toContain(
      'We are sorry, we could not send the text message. You can find the chat in the Customer Service section of the app or the website, and the contact form in the Contacts section of the website.',
    );
    expect(en.heard.split('choose Chat with us')).toHaveLength(2);
  });
});

describe('consumer line: closed', () => {
  // One SMS carries 160 characters of the GSM-7 alphabet; one more and the caller's phone gets two, billed as two. A
  // character outside it ('ò' is in it, 'ó' is not) sends it as UCS-2, 70 a message. Counted as Twilio counts it
  // (https://www.twilio.com/docs/glossary/what-sms-character-limit), by the code ivr lint warns with.
  it.each([
    ['Italian', ['-', '1']],
    ['English', ['1', '1']],
  ])('the chat-link SMS in %s is one text message of at most 160 GSM-7 characters, with both links', async (_language, press) => {
    const c = await call(EVENING, press, { from: '+393401234567', sms: 'sent' });
    expect(c.sms).toHaveLength(1);
    const body = c.sms[0]!.body;
    expect(body).toContain('https://www.klarna.com/it/servizio-clienti/');
    expect(body).toContain('https://www.klarna.com/it/contatti/');
    expect(smsLength(body)).toMatchObject({ encoding: 'GSM-7', notGsm7: [], messages: 1 });
  });

  it.each([
    ['a weekday evening', EVENING],
    ['a Saturday', SATURDAY],
    ['a Sunday', '2026-11-29T11:00'],
    ['a weekday at 17:00 exactly', '2026-11-24T17:00'],
    ['a weekday at 08:59', '2026-11-24T08:59'],
  ])('on %s it says the hours, suggests chat and contact form, and hangs up', async (_label, at) => {
    const c = await call(at, ['-']);
    expect(c.heard).toContain('attivo dal lunedì al venerdì, dalle 9 alle 17');
    expect(c.heard).toContain('Chatta con noi');
    expect(c.heard).toContain('modulo di contatto');
    expect(c.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
    expect(c.dials).toEqual([]);
  });

  it.each([
    // Before the day's opening, "Apriamo oggi" / "We open today", not "Riapriamo" / "We open again": nothing has closed yet.
    ['at 08:59 on a Tuesday', '2026-11-24T08:59', ['-'], 'Apriamo oggi alle 9.'],
    ['at 08:30 on a Tuesday, in English', '2026-11-24T08:30', ['1'], 'We open today at 9 am.'],
    ['on a Tuesday evening', '2026-11-24T18:30', ['-'], 'Apriamo domani alle 9.'],
    ['at 17:30 on a Tuesday, in English', '2026-11-24T17:30', ['1'], 'We open tomorrow at 9 am.'],
    ['on a Saturday, in English', '2026-11-28T11:00', ['1'], 'We open on Monday 30 November at 9 am.'],
    ['on Christmas Eve evening, past the holidays and the Sunday', '2026-12-24T18:00', ['-'], 'Apriamo lunedì 28 dicembre alle 9, dopo Natale.'],
    ['on Christmas Eve 2025, with Christmas and St Stephen on the Thursday and Friday', '2025-12-24T18:00', ['1'], "We open on Monday 29 December at 9 am, after Christmas Day and Saint Stephen's Day."],
    ['on the 8 December holiday', '2026-12-08T10:00', ['-'], 'Apriamo domani alle 9.'],
    ['at the transfer of a call begun at 16:59:30', '2026-11-24T16:59:30', ['-', '2'], 'Apriamo domani alle 9.'],
  ])('%s it says when the line opens again, after the hours', async (_label, at, press, reopens) => {
    const texts = (await call(at, press)).said.map((s) => s.text);
    expect(texts).toContain(reopens);
    expect(texts[texts.indexOf(reopens) - 1]).toMatch(/dalle 9 alle 17|from 9 am to 5 pm/);
  });

  it.each([
    ['on the Friday evening before a closure week', '2027-08-06T18:00', ['-'], 'Apriamo lunedì 16 agosto alle 9, dopo la chiusura per ferie estive.'],
    ['on the Friday evening before a closure week, in English', '2027-08-06T18:00', ['1'], 'We open on Monday 16 August at 9 am, after the closure for the summer break.'],
    ['on the Friday evening before Easter', '2027-03-26T18:00', ['-'], 'Apriamo martedì 30 marzo alle 9, dopo Pasquetta.'],
    ['on the Friday evening before Easter, in English', '2027-03-26T18:00', ['1'], 'We open on Tuesday 30 March at 9 am, after Easter Monday.'],
    ['on the evening before the Festa della Repubblica', '2026-06-01T18:00', ['-'], 'Apriamo mercoledì 3 giugno alle 9, dopo la Festa della Repubblica.'],
    ['on a weekday evening, as always', '2026-11-24T18:30', ['-'], 'Apriamo domani alle 9.'],
    ['on a Saturday, as always', '2026-11-28T11:00', ['-'], 'Apriamo lunedì 30 novembre alle 9.'],
  ])('%s it says why the line opens again later than its weekly hours give, if a holiday or closure is why', async (_label, at, press, reopens) => {
    const flow = loadFlowFile('flows/klarna-italia.json');
    flow.hours.closures = [{ date: '2027-08-09', until: '2027-08-13', name: { it: 'ferie estive', en: 'the summer break' } }];
    const c = await call(at, press, { flow });
    expect(c.said.map((s) => s.text).filter((text) => /^(Apriamo|We open) /.test(text))).toEqual([reopens]);
  });

  it('on Easter Sunday evening it names Easter, then Easter Monday as why it opens again on Tuesday', async () => {
    const texts = (await call('2027-03-28T20:00', ['-'])).said.map((s) => s.text);
    const told = texts.indexOf('Apriamo martedì 30 marzo alle 9, dopo Pasquetta.');
    expect(texts[told - 1]).toBe('Oggi il servizio clienti telefonico è chiuso per Pasqua. È attivo dal lunedì al venerdì, dalle 9 alle 17, ora italiana.');
  });

  it('on any day of a closure of several days, names it and says the line opens again the day after its last', async () => {
    // docs/flow-file.md's example: the summer break from Monday 9 to Friday 13 August 2027, both closed.
    const flow = loadFlowFile('flows/klarna-italia.json');
    flow.hours.closures = [{ date: '2027-08-09', until: '2027-08-13', name: { it: 'ferie estive', en: 'the summer break' } }];
    for (const day of ['09', '11', '13']) {
      const c = await call(`2027-08-${day}T10:00`, ['-'], { flow });
      expect(c.heard, `on 2027-08-${day}`).toContain('Oggi il servizio clienti telefonico è chiuso per ferie estive.');
      // Named once: "Apriamo" does not say the closure again ("..., dopo la chiusura per ferie estive").
      expect(c.heard, `on 2027-08-${day}`).toContain('Apriamo lunedì 16 agosto alle 9.');
    }
    expect((await call('2027-08-06T10:00', ['hangup'], { flow })).heard).not.toContain('ferie estive');
    expect((await call('2027-08-16T10:00', ['hangup'], { flow })).heard).not.toContain('ferie estive');
  });

  it('in English when the caller pressed 1', async () => {
    const c = await call(SATURDAY, ['1']);
    expect(c.said.at(-1)?.language).toBe('en-GB');
    expect(c.heard).toContain('open Monday to Friday, from 9 am to 5 pm');
  });

  it('on a public holiday it names the holiday', async () => {
    const c = await call(HOLIDAY, ['-']);
    expect(c.heard).toContain('Oggi il servizio clienti telefonico è chiuso per l\'Immacolata.');
    expect(c.outcome.kind).toBe('hangup');
  });

  it('names Liberation Day without the year the holiday table keeps in brackets, which a voice would read out', async () => {
    const c = await call('2026-04-25T10:00', ['-']);
    expect(c.heard).toContain('Oggi il servizio clienti telefonico è chiuso per la Festa della Liberazione.');
    expect(c.heard).not.toContain('1945');
  });

  it('names Easter Monday in English', async () => {
    const c = await call('2027-03-29T10:00', ['1']);
    expect(c.heard).toContain('Today our phone customer service is closed for Easter Monday');
  });

  it('closes on 4 October 2027, a Monday, now a national holiday', async () => {
    const c = await call('2027-10-04T10:00', ['-']);
    expect(c.heard).toContain("San Francesco d'Assisi");
  });

  it('is open at 09:00 on the Monday after the clocks go forward, given as a UTC instant', async () => {
    const c = await call('2026-03-30T07:00:00Z', ['-', 'hangup']);
    expect(c.heard).toContain('Per parlare con un operatore, premi 2.');
  });

  it('is closed at 17:00 on the Monday after the clocks go back, given as a UTC instant', async () => {
    const c = await call('2026-10-26T16:00:00Z', ['-']);
    expect(c.heard).toContain('dalle 9 alle 17');
  });
});

describe('which line a call reaches', () => {
  it('an unknown number falls back to the consumer line', async () => {
    // callIvr refuses a number of no line (in a test it is a typo), so the app is called as callIvr would call it.
    const settings = readSettings({});
    const ivr = createApp({ settings, flow: loadFlowFile(settings.flowFile), clock: () => DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' }) });
    const c = await simulateCall({ url: twilioView(settings).voiceUrl, transport: ivr.handle, call: { to: '+15005550006', from: '+393401234567' }, caller: [{ hangup: true }] });
    expect(c.transcript.find((e) => e.type === 'say')).toMatchObject({ text: 'Ti diamo il benvenuto al servizio clienti di Klarna Italia.' });
  });

  it('IVR_LINE_NUMBERS maps a test number to the merchant line without code changes', async () => {
    const c = await callIvr({ to: '+15005550006', at: OPEN, press: ['hangup'], env: { IVR_LINE_NUMBERS: '+15005550006=merchant' } });
    expect(c.said[0]?.text).toBe('Ti diamo il benvenuto al servizio clienti di Klarna Italia per i commercianti.');
  });

  it('a healthy call logs no errors', async () => {
    const c = await call(OPEN, ['1', '3', '*', '4', '*', '2']);
    expect(c.errors).toEqual([]);
    expect(c.connectedTo).toBe('+390200000002');
  });
});
