// Twilio itself puts no cap on how many times a caller goes round a menu:
// each key pressed at a <Gather> requests its action
// (https://www.twilio.com/docs/voice/twiml/gather, "action"), and a
// <Redirect> hands the call to another document
// (https://www.twilio.com/docs/voice/twiml/redirect). The simulator's loop
// guard therefore counts only requests with no caller input between them: a
// redirect loop, not rounds the caller drives.

import { describe, expect, it } from 'vitest';
import { describeOutcome } from '../../src/cli/renderTranscript';
import { twiml } from './fakeApp';
import { callOverHttp } from './loopbackApp';

const MENU = {
  '/voice': twiml('<Gather numDigits="1" action="/choice"><Say>Press 1 to hear it again, 9 to leave</Say></Gather><Redirect>/voice</Redirect>'),
  '/choice': (request: { params: Record<string, string> }) => ({
    body: request.params.Digits === '9' ? twiml('<Say>Goodbye</Say><Hangup/>') : twiml('<Say>Here it is again</Say><Redirect>/voice</Redirect>'),
  }),
};

describe('the loop guard', () => {
  it('lets a caller drive 60 menu rounds (122 requests) to the end of the call', async () => {
    const caller = [...Array.from({ length: 60 }, () => ({ digits: '1' })), { digits: '9' }];
    const result = await callOverHttp(MENU, { caller });
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
    expect(result.requests).toBe(60 * 2 + 2);
  });

  it('still stops a redirect loop: maxRequests requests with no key or speech between them (silence is no input)', async () => {
    const result = await callOverHttp(MENU, { caller: [{ digits: '1' }, { silence: true }], maxRequests: 10 });
    expect(result.outcome).toEqual({ kind: 'loop', maxRequests: 10 });
    // /voice, then the key: counting restarts, and /choice plus nine more go by with no input.
    expect(result.requests).toBe(1 + 10);
    expect(describeOutcome(result.outcome)).toBe('stopped after 10 requests with no caller input between them (a loop?)');
  });
});
