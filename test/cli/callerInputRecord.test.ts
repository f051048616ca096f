import { describe, expect, it } from 'vitest';
import { parseCallerAction } from '../../src/cli/callerInput';

// The --press forms for a message left on a <Record>: the words, then the key
// that ends it (https://www.twilio.com/docs/voice/twiml/record, finishOnKey) or
// a hang-up. The separator is the last "+" when one key or "hangup" follows.
describe('--press say:WORDS+KEY', () => {
  it('reads the words and the key, or a hang-up', () => {
    expect(parseCallerAction('say:call me back+#')).toEqual({ speech: 'call me back', thenKey: '#' });
    expect(parseCallerAction('say: call me back + 5 ')).toEqual({ speech: 'call me back', thenKey: '5' });
    expect(parseCallerAction('say:call me back+hangup')).toEqual({ speech: 'call me back', thenHangup: true });
  });

  it('keeps a "+" inside the message, and speech without a key as before', () => {
    expect(parseCallerAction('say:my number is +39 333+*')).toEqual({ speech: 'my number is +39 333', thenKey: '*' });
    expect(parseCallerAction('say:one+two')).toEqual({ speech: 'one+two' });
    expect(parseCallerAction('say:call me back')).toEqual({ speech: 'call me back' });
  });
});
