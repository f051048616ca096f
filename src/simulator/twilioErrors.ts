// Twilio debugger codes the simulator reports, as documented at
// https://www.twilio.com/docs/api/errors/<code>. Twilio answers each of these
// on a live call with "an application error has occurred" and hangs up, but
// for 13214, a warning: the <Dial> fails and the call goes on to its action.

export const TwilioError = {
  /** 11100 Invalid URL format: an action or redirect that is not a URL. */
  invalidUrl: 11100,
  /** 11200 HTTP retrieval failure: documented causes include a 4xx/5xx answer and a missing Content-Type. */
  httpRetrievalFailure: 11200,
  /** 11205 HTTP connection failure: network failure, or no answer within Twilio's 15 s. */
  httpConnectionFailure: 11205,
  /** 11215 HTTP too many redirects. */
  tooManyRedirects: 11215,
  /** 11750 TwiML response body too large (over 64 kB). */
  responseTooLarge: 11750,
  /** 12100 Document parse failure: not well-formed XML, or the root is not <Response>. */
  documentParseFailure: 12100,
  /** 12200 Schema validation: unknown or misspelt verb, or a noun where it may not be. */
  schemaValidation: 12200,
  /** 12300 Invalid Content-Type: neither TwiML, audio nor plain text. */
  invalidContentType: 12300,
  /** 13214 Dial: Invalid callerId value: a call from a client leg rings a number only with a callerId that is a number. */
  dialInvalidCallerId: 13214,
  /** 13325 Gather->Play: Invalid Content-Type: a <Play> nested in <Gather> got no supported audio type. */
  gatherPlayInvalidContentType: 13325,
  /** 13420 Play: Invalid Content-Type: "Play requires an audio Content-Type". */
  playInvalidContentType: 13420,
} as const;

/** Twilio reads at most 64 kB of a TwiML response. */
export const MAX_TWIML_BYTES = 64 * 1024;
