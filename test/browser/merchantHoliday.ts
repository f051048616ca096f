// What a merchant calling on Christmas Day is told after the welcome, node by
// node (with why the call went there when the caller's keys do not say), in
// the order the page shows it. The dev phone tests run on the fixed copy of
// the menu (test/fixtures/fixed-menu/klarna-italia.json), so these are its
// words and hours. The API test checks the events the server sends, and the
// browser test the page's transcript, against this one text.
export const MERCHANT_HOLIDAY_TOLD = [
  'At merchant-hours',
  // Why there: the hours check, on the flow's clock, found the calendar's holiday.
  'At merchant-holiday-closed — hours checked at 10:00:09: holiday: Natale di Gesù',
  'Oggi il servizio clienti per i commercianti è chiuso per Natale. È attivo dal lunedì al venerdì, dalle 9 alle 17.',
  'Riapriamo lunedì 28 dicembre alle 9.',
  'Puoi anche scriverci con il modulo di contatto, nella sezione Contatti del sito Klarna.',
  'At goodbye',
  'Grazie per aver chiamato Klarna. Arrivederci.',
] as const;
