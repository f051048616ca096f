// The simulator plays Twilio's part in a call: it requests TwiML, runs it as
// Twilio's voice engine would, follows actions and redirects, and reports
// what the caller heard and how the call ended.

export { simulateCall } from './simulateCall';
export { VirtualClock } from './virtualClock';
export { dialEnding, dialScript } from './dialScript';
export { parseQueueEnding, queueScript } from './queueScript';
export { httpTransport } from './transports/httpTransport';
export { twimlFileTransport } from './transports/twimlFileTransport';
export { DIAL_STATUSES } from './types';
export { interruptsAt } from './verbs/gather';
export type { TranscriptEvent } from './events';
export type { Outcome } from './outcome';
export type {
  CallerAction,
  CallerPrompt,
  CallerScript,
  CallResult,
  DialAttempt,
  DialResult,
  DialStatus,
  GatherPrompt,
  SaidText,
  SimulateCallOptions,
  Transport,
} from './types';
