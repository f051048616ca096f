import { describe, expect, it } from 'vitest';
import { announcements, ANNOUNCING_LANGUAGES, offeredKeys, pressWords } from '../../src/flow/announcedKeys';

// The keys a prompt announces, in the languages a flow for Italy is likely to
// add: lint holds a menu's options to them, explore its keys. A phrase not read
// here is a key lint says no caller is told of (and asks to announce in the
// wrong language); a word read as a key that is none is a key lint wants offered.

describe('key announcements in the languages a flow for Italy adds', () => {
  it('German (South Tyrol): "drücken Sie 2", "Taste 2", "wählen Sie 2", the star and hash keys, digits as words, lists', () => {
    expect(offeredKeys(['Für Deutsch drücken Sie 2.'])).toEqual(['2']);
    expect(offeredKeys(['Beratung: Taste 3.'])).toEqual(['3']);
    expect(offeredKeys(['Für einen Mitarbeiter wählen Sie 4.'])).toEqual(['4']);
    expect(offeredKeys(['Drücken Sie die Taste 5.', 'Zum Wiederholen drücken Sie die Sterntaste, zum Beenden die Rautetaste drücken: Taste Raute.'])).toEqual(['5', '*', '#']);
    expect(offeredKeys(['Drücken Sie 6 oder 7.', 'Drücken Sie zwei.', 'drücken Sie fünf'])).toEqual(['6', '7', '2', '5']);
  });

  it('French (Valle d\'Aosta): "appuyez sur 2", "tapez 2", the key named, the star and hash keys', () => {
    expect(offeredKeys(['Pour le français, appuyez sur 2.'])).toEqual(['2']);
    expect(offeredKeys(['Tapez 3 ou 4.'])).toEqual(['3', '4']);
    expect(offeredKeys(['Appuyez sur la touche étoile pour réécouter, ou tapez dièse.'])).toEqual(['*', '#']);
    expect(offeredKeys(['Appuyez sur deux.'])).toEqual(['2']);
  });

  it('Spanish and Slovenian', () => {
    expect(offeredKeys(['Para español, pulse 3.', 'Marque la tecla 4 o 5; para repetir, pulse asterisco.'])).toEqual(['3', '4', '5', '*']);
    expect(offeredKeys(['Za slovenščino pritisnite 4 ali 5.', 'Za ponovitev pritisnite zvezdico.', 'Pritisnite tipko dve.'])).toEqual(['4', '5', '*', '2']);
  });

  it('ordinary phrasings of German, French and Spanish menus: a polite word before the key, the infinitive, the familiar form', () => {
    // A phrase lint cannot read makes it refuse a flow whose menus are right.
    expect(offeredKeys(['Drücken Sie bitte die 1.', 'Für Beratung drücken Sie bitte 2.'])).toEqual(['1', '2']);
    expect(offeredKeys(['Veuillez appuyer sur la touche 1.', 'Pour un conseiller, faites le 2.'])).toEqual(['1', '2']);
    expect(offeredKeys(['Pulsa 1 para español.', 'Marca el 2, o presiona 3.', 'Oprime asterisco.'])).toEqual(['1', '2', '3', '*']);
  });

  it('reads no key in words that are not a key to press', () => {
    expect(offeredKeys(['Wir sind Montag bis Freitag von 9 bis 17 Uhr für Sie da. Wählen Sie eine der folgenden Optionen.'])).toEqual([]);
    // French "un" is also "a": "tapez un code" asks for no key 1.
    expect(offeredKeys(['Tapez un code à 5 chiffres.'])).toEqual([]);
    expect(offeredKeys(['Drücken Sie die 10.'])).toEqual([]);
    // Italian and English stay as they were: "uno dei" after the star key is no key.
    expect(offeredKeys(['Premi asterisco, uno dei nostri operatori risponderà.', 'Press one or two.'])).toEqual(['*', '1', '2']);
  });

  it('Italian and English menus\' other ways to name a key: "tasto 6", "scegli 6", "seleziona il 6", "componi 6"; "key 6", "select 6", "choose 6", "dial 6"', () => {
    expect(offeredKeys(['Per lo stato del rimborso, usa il tasto 6.', 'Scegli 7, seleziona il 8 o componi 9.', 'Per riascoltare, scegli asterisco.'])).toEqual(['6', '7', '8', '9', '*']);
    expect(offeredKeys(['For your refund, use key 6.', 'Select 7 or 8, choose 9, dial 0.', 'Choose hash to go back.'])).toEqual(['6', '7', '8', '9', '0', '#']);
  });

  it('reads no key in a number, a time or a count after those words', () => {
    // Phone numbers, postcodes spelt digit by digit, times and "1 of 3" are no key to press.
    expect(offeredKeys(['Dal cellulare componi 02 3792 1240.', 'From abroad, dial 00 39 02 3792 1240.', 'Via San Marco 21, 2 0 1 2 1 Milano.'])).toEqual([]);
    expect(offeredKeys(['Scegli 9:00 o 9.30 per l\'appuntamento.', 'Select 1 of 3 plans.', 'Scegli 1 dei nostri piani.'])).toEqual([]);
    // Nor a figure in a name or a count that goes on: the phrase must end where a clause does.
    expect(offeredKeys(['merchant line, at merchant-menu: key 1 (open)', 'Select 2 plans.', 'Scegli 3 prodotti.'])).toEqual([]);
    expect(offeredKeys(['Key 6 for refunds.', 'Tasto 6 per i rimborsi; scegli 7 e poi 8.'])).toEqual(['6', '7']);
    // A digit as a word after them is no key: "choose one of", "scegli uno dei".
    expect(offeredKeys(['Choose one of the options below.', 'Scegli uno dei servizi.'])).toEqual([]);
  });

  it('reads no key in figures that a word goes on from, a decimal or a range: a count, not keys', () => {
    // Each of these was read as a key, and lint refused a say node or a menu that was right.
    const counts = [
      'Ricorda: con Klarna puoi scegliere 3 o 6 rate senza interessi.',
      'Remember: with Klarna you can choose 3 or 6 interest-free payments.',
      'Per gli acquisti puoi scegliere 6, 12 o 24 mesi.',
      'Scegli 3 o 4 rate.',
      'Choose 2 or more items.',
      'Seleziona 2 o 3 articoli.',
      'Scegli 1, 5, 10 o 20 euro.',
      'Puoi scegliere 3 e 6.',
      'Scegli 1,5 punti.',
      'Choose 2 to 4 items.',
    ];
    for (const sentence of counts) expect({ sentence, keys: offeredKeys([sentence]) }).toEqual({ sentence, keys: [] });
  });

  it('still reads each way a menu names a key, alone or in a list', () => {
    const keys = (sentence: string) => offeredKeys([sentence]);
    for (const sentence of ['tasto 6', 'scegli 6.', 'seleziona il 6', 'componi 6', 'key 6', 'select 6', 'choose 6', 'dial 6', 'digita il tasto 6', 'premi il 6', 'press the 6 key', 'Hit 6.', 'Pick 6 to go back.']) {
      expect({ sentence, keys: keys(sentence) }).toEqual({ sentence, keys: ['6'] });
    }
    expect(keys('premi 1 o 2')).toEqual(['1', '2']);
    expect(keys('Per un operatore, scegli 3 o 4.')).toEqual(['3', '4']);
    expect(keys('Key 6 or stay on the line.')).toEqual(['6']);
    // The star and hash keys by their signs, and keys named then joined by "and".
    expect(offeredKeys(['Press # to go back.', 'Key *.', 'Tasto # per tornare indietro.'])).toEqual(['#', '*']);
    expect(keys('Key 1 and 2.')).toEqual(['1', '2']);
    expect(keys('Per la carta, tasto 1 e 2.')).toEqual(['1', '2']);
  });

  it('reads the key whatever "per" or "for" goes on to: only the list itself can be a count', () => {
    // Each of these was read as no key, so a menu announcing a key it does not offer passed lint and explore.
    const announced: Array<[string, string[]]> = [
      ['Choose 2 for more options.', ['2']],
      ['Scegli 9 per più opzioni.', ['9']],
      ['Tasto 0 per più informazioni.', ['0']],
      ['Select 4 for more information about your order.', ['4']],
      ['Choose 3 for one-off payments.', ['3']],
      ['Scegli 7 per più opzioni.', ['7']],
    ];
    for (const [sentence, keys] of announced) expect({ sentence, keys: offeredKeys([sentence]) }).toEqual({ sentence, keys });
  });

  it('reads a list written without spaces ("scegli 1,2 o 3") as keys, and a decimal ("1,5 punti") as none', () => {
    expect(offeredKeys(['Scegli 1,2 o 3.'])).toEqual(['1', '2', '3']);
    expect(offeredKeys(['Choose 4,5 or 6.'])).toEqual(['4', '5', '6']);
    expect(offeredKeys(['Tasto 1,2 e 3.'])).toEqual(['1', '2', '3']);
    for (const sentence of ['Scegli 1,5 punti.', 'Scegli 1,5.', 'Scegli 1,5 o 2,5 punti.', 'Scegli 1,5 o 2 punti.']) {
      expect({ sentence, keys: offeredKeys([sentence]) }).toEqual({ sentence, keys: [] });
    }
  });

  it('which language asks for each key, by its words', () => {
    expect(announcements('Per English, premi 1.').map((a) => a.languages)).toEqual([['it']]);
    expect(announcements('For your refund, use key 6.').map((a) => a.languages)).toEqual([['en']]);
    expect(announcements('Für Deutsch drücken Sie 2.').map((a) => a.languages)).toEqual([['de']]);
  });

  it('words a fix suggests, in each language read', () => {
    expect(ANNOUNCING_LANGUAGES).toEqual(['it', 'en', 'de', 'fr', 'es', 'sl']);
    expect(pressWords('de', '2')).toBe('drücken Sie 2');
    expect(pressWords('de', '*')).toBe('drücken Sie die Sterntaste');
    expect(pressWords('fr', '#')).toBe('appuyez sur dièse');
    expect(pressWords('pt', '2')).toBeUndefined();
    // Each fix the checker suggests is itself read as the key it names.
    for (const language of ANNOUNCING_LANGUAGES) for (const key of ['0', '9', '*', '#']) expect(offeredKeys([pressWords(language, key) as string])).toEqual([key]);
  });
});
