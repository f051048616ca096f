import { describe, expect, it } from 'vitest';
import { routeServer, serveDuringSuite, twiml } from '../support/loopbackServer';
import { runIvr } from '../support/runIvr';

// `ivr call --url` against a voicemail app of the test's own: the media URL of
// its <Play> is fetched, and `--press say:WORDS+KEY` / `say:WORDS+hangup`
// speak a message then end the <Record> with a key or by hanging up, as
// https://www.twilio.com/docs/voice/twiml/record describes (Digits = the key,
// or "hangup"). The built CLI runs in a child process, as a user runs it.

describe('ivr call: <Play> media and a message left on <Record>', () => {
  const server = routeServer({
    '/voicemail': twiml('<Play>/beep.wav</Play><Say>Leave a message, then press pound.</Say><Record action="/recorded" finishOnKey="#" transcribeCallback="/transcribed"/><Say>No message.</Say>'),
    '/beep.wav': () => ({ headers: { 'content-type': 'audio/wav' }, body: 'RIFF' }),
    '/recorded': ({ params }) => ({ body: twiml(`<Say>Thanks, message ended by ${params.Digits}.</Say>`) }),
    '/transcribed': () => ({ status: 204, body: '' }),
    '/broken': twiml('<Play>/missing.mp3</Play><Say>Never heard.</Say>'),
  });
  const base = serveDuringSuite(server);

  it('say:WORDS+# speaks, then presses #: the action gets Digits=#, one line per event, exit 0', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${base()}/voicemail`, '--press', 'say:please call me back about my refund+#']);
    expect(stdout).toContain('IVR plays /beep.wav  (GET 200 audio/wav)');
    expect(stdout).toContain('Caller says "please call me back about my refund", then presses #');
    expect(stdout).toContain('-> POST /recorded  200  Digits=#');
    expect(stdout).toContain('(transcribeCallback: POST /transcribed  204)');
    expect(stdout).toContain('IVR [en-US]: Thanks, message ended by #.');
    expect(code).toBe(0);
  });

  it('say:WORDS+hangup: the caller hangs up, the action still gets the recording with Digits=hangup', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${base()}/voicemail`, '--press', 'say:please call me back about my refund+hangup']);
    expect(stdout).toContain('Caller says "please call me back about my refund", then hangs up');
    expect(stdout).toMatch(/Caller hangs up \(\d+s into the call\)\n.*transcribeCallback.*\n {2}-> POST \/recorded {2}200 {2}Digits=hangup/);
    expect(stdout).not.toContain('Thanks, message ended by');
    expect(stdout).toContain('Outcome: the caller hung up');
    expect(code).toBe(0);
  });

  it('a <Play> URL that answers 404: Twilio error 11200, exit 1', async () => {
    const { code, stdout, stderr } = await runIvr(['call', '--url', `${base()}/broken`]);
    expect(stdout).toContain('IVR plays /missing.mp3  (GET 404 text/plain)');
    expect(stdout).toContain('Outcome: Twilio error 11200');
    expect(stdout).not.toContain('Never heard.');
    expect(stderr).toContain('https://www.twilio.com/docs/api/errors/11200');
    expect(code).toBe(1);
  });
});
