// Building blocks for testing the menu with vitest (or any test runner): callIvr, and every type its
// options and result are made of, so a test imports them from here and from nowhere deeper.
export { callIvr, type CallIvrOptions, type CallRecord } from './callIvr';
export type { TranscriptLine } from '../cli/renderTranscript';
export { loadFlowFile } from '../flow/load';
export type { Flow } from '../flow/schema';
export type { DialStatus, Outcome, TranscriptEvent } from '../simulator';
export type { SimulatedMessage, SmsChoice } from '../twilio/simulatedSms';
export type { CallRecord as LoggedCall } from '../webhook/callRecords';
