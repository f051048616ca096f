// Issue 17 reports that Twilio executes a text/plain body holding valid TwiML.
// Twilio's documentation says otherwise, and the simulator follows the
// documentation: "text/plain: Twilio reads the content of the text out loud to
// the caller, and then hangs up" (https://www.twilio.com/docs/voice/twiml,
// "Twilio understands MIME types"; also
// https://www.twilio.com/docs/api/twiml/your_response). Only text/xml,
// application/xml and text/html are run as TwiML.

import { describe, expect, it } from 'vitest';
import { eventsOf, twiml } from './fakeApp';
import { callOverHttp } from './loopbackApp';

describe('a text/plain answer that holds TwiML', () => {
  it('is read aloud as text, not run, and the call hangs up', async () => {
    const document = twiml('<Redirect>/next</Redirect>');
    const result = await callOverHttp({
      '/voice': () => ({ headers: { 'content-type': 'text/plain; charset=utf-8' }, body: document }),
      '/next': twiml('<Say>should not be reached</Say>'),
    });
    expect(result.received.map((r) => r.path)).toEqual(['/voice']);
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual([document]);
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: true });
  });

  it('is run when served as text/html, one of the three TwiML types', async () => {
    const result = await callOverHttp({
      '/voice': () => ({ headers: { 'content-type': 'text/html' }, body: twiml('<Redirect>/next</Redirect>') }),
      '/next': twiml('<Say>reached</Say>'),
    });
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['reached']);
  });
});
