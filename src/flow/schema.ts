import type { z as Zod } from 'zod';
import { E164_PATTERN } from '../config/phoneNumber';

// The flow file is the single source of truth for what callers hear and where
// calls go; every TypeScript type for it is inferred from this schema, and the
// editor's JSON Schema (flows/flow.schema.json) is generated from it too.
//
// Loading zod costs ~50 ms of a cold start, which a caller of a cold instance
// hears as silence, so the schema is built on first use (flowSchema()): a flow
// file the checked-flow cache already knows (checkedFlowCache.ts) is used
// without zod ever being loaded.
//
// A `title` says in plain words what belongs at a place and `examples` shows
// one: a wrong flow file's messages quote them (schemaProblems.ts), and
// editors show them from the JSON Schema.

/** What a node id looks like; schemaProblems.ts knows a node reference by it. */
export const NODE_ID_PATTERN = /^[a-z][a-z0-9-]*$/;
/** The longest node id: see NodeId below. */
export const NODE_ID_MAX_LENGTH = 64;
/** A date, "YYYY-MM-DD". */
export const ISO_DATE_PATTERN = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
/** A time of day on the 24-hour clock, "09:00" to "24:00". */
export const CLOCK_TIME_PATTERN = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;

function defineFlowSchema(z: typeof Zod) {
  // At most 64 characters: each id goes into the URL of every <Gather> and <Redirect> the call hears, and a
  // TwiML answer over 64 kB fails the call (Twilio error 11750, https://www.twilio.com/docs/errors/11750).
  const NodeId = z
    .string()
    .max(NODE_ID_MAX_LENGTH)
    .regex(NODE_ID_PATTERN, 'a node id: lower-case letters, digits and dashes, starting with a letter')
    .meta({ examples: ['main-menu'] });

  const LanguageCode = z
    .string()
    .regex(/^[a-z]{2}$/, 'a two-letter language code such as "it" or "en"');

  const E164 = z
    .string()
    .regex(E164_PATTERN, 'an E.164 phone number: "+", country code and number, digits only, e.g. "+390212345678"');

  const ClockTime = z
    .string()
    .regex(CLOCK_TIME_PATTERN, 'a 24-hour time "HH:MM"')
    .meta({ examples: ['09:00'] });
  const IsoDate = z
    .string()
    .regex(ISO_DATE_PATTERN, 'a date "YYYY-MM-DD"')
    .meta({ examples: ['2026-12-24'] });

  /** The same sentence in each of the flow's languages; said in the caller's language. */
  const LocalizedText = z
    .record(LanguageCode, z.string().min(1))
    .describe('The same sentence in each language of the flow, keyed by language code')
    .meta({ title: 'an object with the sentence in each language of the flow', examples: [{ it: 'Arrivederci.', en: 'Goodbye.' }] });

  /** A sentence always said in one language, e.g. "For English, press 1" on an Italian line. */
  const FixedText = z
    .strictObject({
      language: LanguageCode,
      text: z.string().min(1),
    })
    .meta({ title: 'an object with "language" and "text" (a sentence always said in that language)', examples: [{ language: 'en', text: 'For English, press 1.' }] });

  const Prompt = z
    .array(z.union([FixedText, LocalizedText]))
    .min(1)
    .describe('Sentences said in order. "{hours}" is replaced by the weekly opening hours ("dal lunedì al venerdì, dalle 9 alle 17"), "{holiday}" by the name of the day a line is closed for, "{reopens}" by when a closed line opens again ("domani alle 9", "on Monday 30 November at 9 am").')
    .meta({ title: 'a list [ ] of sentences, each in every language or in a fixed one', examples: [[{ it: 'Arrivederci.', en: 'Goodbye.' }]] });

  const MenuOption = z
    .strictObject({
      key: z.string().regex(/^[0-9*#]$/, 'one phone key: 0-9, * or #'),
      next: NodeId,
      language: LanguageCode.optional().describe('Switch everything said from now on to this language'),
    })
    .meta({ examples: [{ key: '2', next: 'operator' }] });

  const Retry = z
    .strictObject({
      noInput: Prompt.describe('Said when the caller pressed nothing, before the menu is repeated'),
      invalid: Prompt.describe('Said when the caller pressed a key the menu does not offer'),
      maxAttempts: z.number().int().min(1).max(9),
      exhausted: NodeId.describe('Where the call goes after maxAttempts failed attempts'),
    })
    .meta({
      examples: [
        {
          noInput: [{ it: 'Non ho ricevuto nessuna scelta.', en: 'I did not receive a choice.' }],
          invalid: [{ it: 'La scelta non è valida.', en: 'That is not a valid choice.' }],
          maxAttempts: 3,
          exhausted: 'goodbye',
        },
      ],
    });

  const MenuNode = z.strictObject({
    type: z.literal('menu'),
    intro: Prompt.optional().describe('Said once when the caller arrives, not when the menu repeats'),
    prompt: Prompt,
    options: z.array(MenuOption),
    timeoutSeconds: z.number().int().min(1).max(60).default(5),
    otherwise: NodeId.optional().describe('Where silence or any other key goes, instead of retrying'),
    retry: Retry.optional(),
  }).meta({
    examples: [
      {
        type: 'menu',
        prompt: [{ it: 'Per parlare con un operatore, premi 2.', en: 'To speak with an operator, press 2.' }],
        options: [{ key: '2', next: 'operator' }],
        otherwise: 'goodbye',
      },
    ],
  });

  const SayNode = z
    .strictObject({
      type: z.literal('say'),
      prompt: Prompt,
      next: NodeId,
    })
    .meta({ examples: [{ type: 'say', prompt: [{ it: 'Benvenuto.', en: 'Welcome.' }], next: 'main-menu' }] });

  const HoursNode = z.strictObject({
    type: z.literal('hours'),
    open: NodeId,
    closed: NodeId.describe('Outside opening hours; its prompt may say "{reopens}"'),
    holiday: NodeId.describe('On a public holiday or a closure date; its prompt may say "{holiday}" and "{reopens}"'),
  }).meta({ examples: [{ type: 'hours', open: 'main-menu', closed: 'closed', holiday: 'holiday-closed' }] });

  const DialNode = z.strictObject({
    type: z.literal('dial'),
    prompt: Prompt.optional(),
    destination: z
      .union([z.string().min(1), z.record(LanguageCode, z.string().min(1))])
      .describe('A destination name, or one per caller language')
      .meta({ title: 'a destination name, or an object with one per language', examples: ['support', { it: 'support-it', en: 'support-en' }] }),
    timeoutSeconds: z.number().int().min(5).max(600).default(30),
    onFailure: NodeId.describe('Where the call goes when the dial ends busy, unanswered or failed'),
  }).meta({ examples: [{ type: 'dial', prompt: [{ it: 'Ti metto in contatto con un operatore.', en: 'Connecting you to an operator.' }], destination: 'support', onFailure: 'busy' }] });

  const HangupNode = z
    .strictObject({
      type: z.literal('hangup'),
      prompt: Prompt.optional(),
    })
    .meta({ examples: [{ type: 'hangup', prompt: [{ it: 'Arrivederci.', en: 'Goodbye.' }] }] });

  /** A web address sent by SMS; `placeholder` marks one the source document does not give. */
  const SmsLink = z
    .strictObject({
      url: z.string().regex(/^https:\/\/[^\s]+$/, 'an https URL such as "https://www.klarna.com/it/"'),
      placeholder: z.boolean().default(false).describe('True when the address is not from the source document and must be checked'),
      note: z.string().optional(),
    })
    .meta({ examples: [{ url: 'https://www.klarna.com/it/servizio-clienti/' }] });

  /**
   * Offers callers from a mobile number a key to get links by SMS. Callers it is
   * not offered to (landlines, withheld or foreign numbers, no SMS sender set, a
   * message already sent in this call) go straight on to `next`.
   */
  const SmsOfferNode = z.strictObject({
    type: z.literal('sms-offer'),
    offer: Prompt.describe('Asked of callers who can get the message, e.g. "To receive the links by text message, press 1"'),
    key: z.string().regex(/^[0-9*#]$/, 'one phone key: 0-9, * or #'),
    timeoutSeconds: z.number().int().min(1).max(60).default(5),
    mobilePrefixes: z
      .array(z.string().regex(/^\+[1-9][0-9]{0,6}$/, 'the start of an E.164 number, e.g. "+393" for Italian mobiles'))
      .min(1)
      .default(['+393'])
      .describe('Only callers whose number starts with one of these are offered the message: mobile ranges, since a landline cannot receive it'),
    message: LocalizedText.describe('The text message, in the caller\'s language; "{name}" is replaced by the URL of links.name'),
    links: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'a link name: letters and digits, e.g. "contactForm"'), SmsLink),
    sent: Prompt.describe('Said once Twilio has accepted the message'),
    failed: Prompt.describe('Said when the message could not be sent in time'),
    next: NodeId.describe('Where the call goes afterwards, and at once when the offer is not made or is declined'),
  }).meta({
    examples: [
      {
        type: 'sms-offer',
        offer: [{ it: 'Per ricevere il link con un SMS, premi 1.', en: 'To get the link by text message, press 1.' }],
        key: '1',
        message: { it: 'Klarna: {help}', en: 'Klarna: {help}' },
        links: { help: { url: 'https://www.klarna.com/it/servizio-clienti/' } },
        sent: [{ it: 'Ti abbiamo inviato il messaggio.', en: 'We have sent you the message.' }],
        failed: [{ it: 'Non è stato possibile inviare il messaggio.', en: 'The message could not be sent.' }],
        next: 'main-menu',
      },
    ],
  });

  const FlowNode = z.discriminatedUnion('type', [MenuNode, SayNode, HoursNode, DialNode, HangupNode, SmsOfferNode]).meta({
    title: 'a node: an object whose "type" is "menu", "say", "hours", "dial", "hangup" or "sms-offer"',
  });

  const Destination = z.strictObject({
    number: E164,
    setting: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, 'an app setting name in UPPER_SNAKE_CASE')
      .describe('App setting that overrides the number, so the flow file needs no edit per deployment'),
    placeholder: z.boolean().default(false).describe('True when the number is not from the source document and must be set'),
    anyHour: z
      .boolean()
      .default(false)
      .describe('True when this number is answered at any hour (a 24-hour card-block line), so a transfer there needs no hours check before it'),
    note: z.string().optional(),
  }).meta({ examples: [{ number: '+390212345678', setting: 'DEST_SUPPORT' }] });

  const OpeningRange = z.strictObject({ open: ClockTime, close: ClockTime }).meta({ examples: [{ open: '09:00', close: '18:00' }] });
  const Weekday = z
    .array(OpeningRange)
    .describe('Opening ranges; [] for closed all day')
    .meta({ title: 'a list [ ] of opening ranges, [] for closed all day', examples: [[{ open: '09:00', close: '18:00' }]] });

  const Hours = z.strictObject({
    timeZone: z.string().min(1).describe('IANA time zone, e.g. "Europe/Rome"'),
    weekly: z.strictObject({
      mon: Weekday,
      tue: Weekday,
      wed: Weekday,
      thu: Weekday,
      fri: Weekday,
      sat: Weekday,
      sun: Weekday,
    }),
    holidays: z
      .strictObject({
        country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as "IT"'),
        types: z.array(z.enum(['public', 'bank', 'school', 'optional', 'observance'])).min(1),
        spokenNames: z
          .record(LanguageCode, z.record(z.string(), z.string().min(1)))
          .optional()
          .describe(
            "What to say instead of the calendar's name of a holiday, per language: keys are its names as flows/holidays/<COUNTRY>.json lists them (without notes in brackets)",
          )
          .meta({ examples: [{ it: { 'Natale di Gesù': 'Natale' }, en: { 'Boxing Day': "St Stephen's Day" } }] }),
      })
      .describe('National holidays from the pinned date-holidays calendar'),
    closures: z
      .array(
        z
          .strictObject({
            date: IsoDate.describe('The closed day; with "until", the first of them'),
            until: IsoDate.optional().describe('The last closed day of a closure of several days in a row (inclusive); without it, only "date" is closed'),
            name: LocalizedText.meta({ examples: [{ it: 'la Vigilia di Natale', en: 'Christmas Eve' }] }),
          })
          .meta({
            examples: [
              { date: '2026-12-24', name: { it: 'la Vigilia di Natale', en: 'Christmas Eve' } },
              { date: '2027-08-09', until: '2027-08-13', name: { it: 'ferie estive', en: 'the summer break' } },
            ],
          }),
      )
      .default([])
      .describe('Extra closure dates, e.g. company holidays: one day, or several in a row with "until"'),
  });

  const Line = z
    .strictObject({
      number: E164,
      start: NodeId,
      description: z.string().optional(),
    })
    .meta({ examples: [{ number: '+390237921240', start: 'welcome' }] });

  const Language = z.strictObject({
    tag: z.string().regex(/^[a-z]{2}-[A-Z]{2}$/, 'a BCP-47 tag such as "it-IT"'),
    voice: z.string().min(1).describe('Twilio <Say> voice, e.g. "Polly.Bianca"'),
  }).meta({ examples: [{ tag: 'it-IT', voice: 'Polly.Bianca' }] });

  const Flow = z.strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1),
    source: z.string().optional().describe('Where the facts in this flow come from'),
    languages: z.record(LanguageCode, Language).meta({ examples: [{ it: { tag: 'it-IT', voice: 'Polly.Bianca' }, en: { tag: 'en-GB', voice: 'Polly.Amy' } }] }),
    defaultLanguage: LanguageCode,
    lines: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a line name: lower-case letters, digits and dashes, starting with a letter'), Line).meta({
      examples: [{ consumer: { number: '+390237921240', start: 'welcome' } }],
    }),
    defaultLine: z.string().describe('The line a call to an unknown number reaches'),
    hours: Hours,
    destinations: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a destination name: lower-case letters, digits and dashes, starting with a letter'), Destination)
      .meta({ examples: [{ support: { number: '+390212345678', setting: 'DEST_SUPPORT' } }] }),
    errorPrompt: Prompt.describe('Said when something inside the app fails, before the call is ended politely'),
    nodes: z.record(NodeId, FlowNode).meta({ examples: [{ goodbye: { type: 'hangup', prompt: [{ it: 'Arrivederci.', en: 'Goodbye.' }] } }] }),
  });

  return { Flow, FlowNode, MenuNode, DialNode, SmsOfferNode, Prompt, Hours };
}

type FlowSchema = ReturnType<typeof defineFlowSchema>;
let built: FlowSchema | undefined;

/** The zod schemas of a flow file, built (and zod loaded) on first use. */
export function flowSchema(): FlowSchema {
  return (built ??= defineFlowSchema(zod()));
}

/** The zod the schema is built with (under vitest an `import` of zod loads its ESM build, a second copy). */
export function zod(): typeof Zod {
  return (require('zod') as typeof import('zod')).z;
}

export type Flow = Zod.infer<FlowSchema['Flow']>;
export type FlowNode = Zod.infer<FlowSchema['FlowNode']>;
export type MenuNode = Zod.infer<FlowSchema['MenuNode']>;
export type DialNode = Zod.infer<FlowSchema['DialNode']>;
export type SmsOfferNode = Zod.infer<FlowSchema['SmsOfferNode']>;
export type Prompt = Zod.infer<FlowSchema['Prompt']>;
export type Hours = Zod.infer<FlowSchema['Hours']>;
