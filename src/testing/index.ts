// Building blocks for testing the menu with vitest (or any test runner).
export { callIvr, type CallIvrOptions, type CallRecord } from './callIvr';
