// Records as a hand-edited or forged export might hold them, for the tests of what `ivr report` and
// `ivr replay` print of the values a record supplies: an ordinary completed call on the consumer line,
// hung up in the menu, with the fields a test gives in place of its own.

/** What a terminal would act on: every control character but the line breaks a command writes, and bidi overrides. */
export const ACTED_ON = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The ivr.call record of call `n` (its CallSid made of it), with `fields` in place of the ordinary ones. */
export function forgedRecord(n: number, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'caller-hung-up-in-menu', language: 'it',
    path: ['consumer-welcome', 'consumer-hours', 'consumer-menu'], inputs: ['none'], durationSeconds: 30, startedAt: '2026-11-24T10:00:00+01:00', from: '+39******4567', to: '+39******1240',
    ...fields,
  };
}
