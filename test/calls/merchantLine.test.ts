import { describe, expect, it } from 'vitest';
import { callIvr } from '../../src/testing';
import { loadFlowFile } from '../../src/flow/load';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';

const MERCHANT = '+390237921250';
const OPEN = '2026-11-25T15:00'; // a Wednesday, Europe/Rome

const call = (at: string, press: string[] = [], extra: Partial<Parameters<typeof callIvr>[0]> = {}) =>
  callIvr({ to: MERCHANT, at, press, ...extra });

describe('merchant line', () => {
  it('opens in Italian with the merchant welcome and offers English on key 1', async () => {
    const c = await call(OPEN, ['hangup']);
    expect(c.said.slice(0, 2)).toEqual([
      { text: 'Ti diamo il benvenuto al servizio clienti di Klarna Italia per i commercianti.', language: 'it-IT' },
      { text: 'For English, press 1.', language: 'en-GB' },
    ]);
  });

  it('an English caller is welcomed in English right after pressing 1, then hears the menu; * repeats the menu, not the welcome', async () => {
    const c = await call(OPEN, ['1', '*', 'hangup']);
    expect(c.said[2]).toEqual({ text: 'Welcome to Klarna Italia customer service for merchants.', language: 'en-GB' });
    expect(c.said[3]?.text).toMatch(/^To speak to a merchant support operator, press 1\./);
    expect(c.said.filter((s) => s.text.startsWith('To speak to a merchant support operator'))).toHaveLength(2);
    expect(c.said.filter((s) => s.text.startsWith('Welcome'))).toHaveLength(1);
  });

  it('an Italian caller hears no English welcome', async () => {
    const c = await call(OPEN, ['-', '*', 'hangup']);
    expect(c.heard).not.toContain('Welcome');
    expect(c.said.filter((s) => s.language === 'en-GB').map((s) => s.text)).toEqual(['For English, press 1.']);
  });

  it('9 takes a caller who is not a merchant to the consumer menu, in Italian, where 2 reaches a consumer operator', async () => {
    const c = await call(OPEN, ['-', '9', '2'], { env: { DEST_CONSUMER_OPERATOR_IT: '+390200000001' } });
    expect(c.said[2]?.text).toContain('Per il servizio clienti dedicato ai consumatori, premi 9.');
    expect(c.said.slice(3, 6)).toEqual([
      { text: "Per i consumatori c'è una linea dedicata: la prossima volta chiama direttamente il numero 0 2, 3 7 9 2, 1 2 4 0.", language: 'it-IT' },
      { text: 'Ti passiamo al servizio clienti per i consumatori.', language: 'it-IT' },
      expect.objectContaining({ text: expect.stringMatching(/^Per sapere come usare la chat, premi 1\./), language: 'it-IT' }),
    ]);
    expect(c.path).toEqual(['merchant-welcome', 'merchant-hours', 'merchant-menu', 'merchant-to-consumer', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator']);
    expect(c.connectedTo).toBe('+390200000001');
  });

  it('in English, 9 takes a caller who is not a merchant to the consumer menu in English and the English consumer operator', async () => {
    const c = await call(OPEN, ['1', '9', '2'], { env: { DEST_CONSUMER_OPERATOR_EN: '+390200000002' } });
    expect(c.heard).toContain('If you are a customer, not a merchant, press 9.');
    expect(c.heard).toContain('Consumers have a line of their own: next time, call plus 3 9, 0 2, 3 7 9 2, 1 2 4 0 directly. We are putting you through to consumer customer service.');
    expect(c.heard).toContain('To learn how to use the chat, press 1.');
    expect(c.connectedTo).toBe('+390200000002');
  });

  it('1 connects to the Italian merchant operator destination', async () => {
    const c = await call(OPEN, ['-', '1'], { env: { DEST_MERCHANT_OPERATOR_IT: '+390200000003' } });
    expect(c.heard).toContain('Ti mettiamo in contatto con un operatore.');
    expect(c.connectedTo).toBe('+390200000003');
  });

  it('in English, 1 connects to the English merchant operator destination', async () => {
    const c = await call(OPEN, ['1', '1'], { env: { DEST_MERCHANT_OPERATOR_EN: '+390200000004' } });
    expect(c.heard).toContain('To speak to a merchant support operator, press 1.');
    expect(c.connectedTo).toBe('+390200000004');
  });

  it('2 gives written contact: the form, both postal addresses, and that post is not for urgent requests, with the operators\' hours in Italian time, in English', async () => {
    const c = await call(OPEN, ['1', '2', 'hangup']);
    expect(c.heard).toContain('contact form, in the Contacts section');
    expect(c.heard).toContain('Klarna Italia, Via San Marco 21, 2 0 1 2 1 Milano, Italy');
    expect(c.heard).toContain('Sveavägen 46 (spelled S V E A V A G E N), 1 1 1 3 4 Stockholm, Sweden');
    expect(c.heard).toContain('Post is not suitable for urgent requests: for those, speak to an operator Monday to Friday, from 9 am to 5 pm, Italian time.');
    // The Klarna app is the consumers' app: the merchant operator is not the one to call about it.
    expect(c.heard).not.toContain('Klarna app');
  });

  it('* repeats the menu, and keys of the consumer menu are invalid here', async () => {
    const c = await call(OPEN, ['-', '*', '5', 'hangup']);
    expect(c.said.filter((s) => s.text.startsWith('Per parlare con un operatore dedicato'))).toHaveLength(3);
    expect(c.heard).toContain('La scelta non è valida.');
  });

  it('three failed attempts transfer to a merchant operator', async () => {
    const c = await call(OPEN, ['-', '-', '5', '-'], { env: { DEST_MERCHANT_OPERATOR_IT: '+390200000003' } });
    expect(c.connectedTo).toBe('+390200000003');
  });

  // The guide's chat needs a Klarna account, which merchants do not sign in with: the merchant
  // line names the contact form instead, and offers no SMS with the chat's link, even to a mobile.
  const SMS = { TWILIO_ACCOUNT_SID: 'AC1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a', TWILIO_AUTH_TOKEN: 'f00dfeedf00dfeedf00dfeedf00dfeed', IVR_SMS_FROM: '+390212345678' };
  const afterWelcome = (c: Awaited<ReturnType<typeof call>>) => c.said.slice(2).map((s) => s.text);

  it('an unanswered merchant operator apologises, suggests calling later or the contact form, offers the operator again, the written contact and the main menu, asks again on silence, and says goodbye', async () => {
    const c = await call(OPEN, ['-', '1'], { dialStatus: 'no-answer', env: SMS });
    expect(afterWelcome(c).slice(-6)).toEqual([
      'Ci dispiace, in questo momento nessun operatore dedicato ai commercianti può rispondere. Puoi richiamare più tardi, oppure scriverci con il modulo di contatto, nella sezione Contatti del sito Klarna.',
      'Per riprovare a parlare con un operatore, premi 1. Per il modulo di contatto e gli indirizzi postali, premi 2. Per tornare al menu principale, premi asterisco.',
      'Non abbiamo ricevuto nessuna scelta.',
      'Per riprovare a parlare con un operatore, premi 1. Per il modulo di contatto e gli indirizzi postali, premi 2. Per tornare al menu principale, premi asterisco.',
      'Non abbiamo ricevuto nessuna scelta.',
      'Grazie per aver chiamato Klarna. Arrivederci.',
    ]);
    expect(c.heard).not.toContain('Chatta con noi');
    expect(c.path.slice(-5)).toEqual(['merchant-operator-unavailable', 'merchant-info-hours', 'merchant-open-info-menu', 'merchant-open-info-menu', 'goodbye']);
    expect(c.outcome.kind).toBe('hangup');
  });

  it('has the same hours: closed on Sunday, with the contact form and no chat or SMS offer, then the written contact on the open menu\'s key and no operator', async () => {
    const c = await call('2026-11-29T10:00', ['-'], { env: SMS });
    expect(afterWelcome(c)).toEqual([
      'In questo momento il servizio clienti per i commercianti è chiuso. È attivo dal lunedì al venerdì, dalle 9 alle 17, ora italiana, e non è disponibile nei giorni festivi.',
      'Apriamo domani alle 9.',
      'Puoi anche scriverci con il modulo di contatto, nella sezione Contatti del sito Klarna.',
      'Il servizio clienti per i commercianti è chiuso, ma puoi ascoltare queste informazioni:',
      'Per parlare con un operatore, o sapere quando rispondono gli operatori, premi 1. Per il modulo di contatto e gli indirizzi postali, premi 2.',
      'Non abbiamo ricevuto nessuna scelta.',
      'Per parlare con un operatore, o sapere quando rispondono gli operatori, premi 1. Per il modulo di contatto e gli indirizzi postali, premi 2.',
      'Non abbiamo ricevuto nessuna scelta.',
      'Grazie per aver chiamato Klarna. Arrivederci.',
    ]);
    expect(c.sms).toEqual([]);
  });

  it('names the holiday it is closed for, in English too', async () => {
    const c = await call('2026-12-25T10:00', ['1'], { env: SMS });
    expect(afterWelcome(c)).toEqual([
      'Welcome to Klarna Italia customer service for merchants.',
      'Today our merchant customer service is closed for Christmas Day. It is open Monday to Friday, from 9 am to 5 pm, Italian time.',
      'We open on Monday 28 December at 9 am.',
      'You can also write to us with the contact form, in the Contacts section of the Klarna website.',
      'Our merchant customer service is closed, but you can hear this information:',
      'To speak to an operator, or to hear when our operators answer, press 1. For the contact form and our postal addresses, press 2.',
      "Sorry, we didn't receive your choice.",
      'To speak to an operator, or to hear when our operators answer, press 1. For the contact form and our postal addresses, press 2.',
      "Sorry, we didn't receive your choice.",
      'Thank you for calling Klarna. Goodbye.',
    ]);
  });

  it('an app failure during a merchant call: the apology says to call again or use the contact form, not the chat', async () => {
    const flow = structuredClone(loadFlowFile(DEFAULT_FLOW_FILE));
    (flow.nodes['merchant-operator'] as { destination: unknown }).destination = { it: 'nowhere', en: 'nowhere' };
    const c = await call(OPEN, ['-', '1'], { flow });
    expect(c.said.at(-1)?.text).toBe('Ci scusiamo, si è verificato un problema tecnico. Richiama tra qualche minuto, oppure scrivici con il modulo di contatto, nella sezione Contatti del sito Klarna. Arrivederci.');
    expect(c.heard).not.toMatch(/chat/i);
  });

  it('a consumer put through to the merchant line after closing hears the merchant closed message', async () => {
    // Begun at 16:59:30 on the consumer line, 9 is pressed after 17:00: the check before the transfer answers.
    const c = await callIvr({ at: '2026-11-25T16:59:30', press: ['-', '9', '1'] });
    expect(c.path).toContain('merchant-closed');
    expect(c.heard).toContain('In questo momento il servizio clienti per i commercianti è chiuso.');
  });
});
