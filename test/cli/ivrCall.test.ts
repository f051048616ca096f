import { describe, expect, it } from 'vitest';
import { serveDuringSuite } from '../support/loopbackServer';
import { expectExit, runIvr } from '../support/runIvr';
import http from 'node:http';
import path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { firstTransferOn, openInstant, openingOn, promptSaid, retrySaid, startOf } from '../support/shippedFlow';
import { FIXED_FLOW_FILE, fixedFlow } from '../support/fixedMenu';

// `ivr call` as a user runs it: the built CLI in a child process.

const corpus = path.join(__dirname, '../fixtures/twiml-corpus');
const ivr = (args: string[], input?: string) => runIvr(args, { input });
// With the operators' numbers set, as a deployment has them: unset, a transfer to the line called is refused (test/webhook/dialLoopGuard.test.ts).
const ivrWithOperators = (args: string[], input?: string) => runIvr(args, { input, env: OPERATOR_NUMBERS });
// The calls go through the shipped menu while its lines are open, whatever its hours (a day of an ordinary week,
// in the middle of its opening), and take what is said from it.
const TUESDAY_OPEN = openInstant('tue');
const WEDNESDAY_OPEN = openInstant('wed');

describe('ivr call', () => {
  it('--json walks a branch at the instant given: English, then an operator', async () => {
    // Tuesday 24 November 2026 at the minute the shipped menu opens; what is said there is taken from the menu.
    const opens = openingOn('tue')?.open;
    expect(opens, 'the shipped menu is closed on Tuesdays: this test needs an open weekday').toBeDefined();
    const { code, stdout } = await ivrWithOperators(['call', '--at', `2026-11-24T${opens}`, '--press', '1', '--press', '2', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.outcome).toMatchObject({ kind: 'dial', to: OPERATOR_NUMBERS.DEST_CONSUMER_OPERATOR_EN });
    expect(result.transcript[0]).toEqual({ say: promptSaid(startOf('consumer'), 'it')[0], language: 'it-IT' });
    expect(result.transcript.at(-1)).toEqual({ say: promptSaid(firstTransferOn('consumer'), 'en').at(-1), language: 'en-GB' });
  });

  it("a refused transfer's error reads after the words heard before it, on a terminal showing stdout and stderr together", async () => {
    // The operators' number unset, so the app refuses to transfer the call to the line it came in on.
    const args = ['call', '--at', '2026-11-24T10:00', '--press', '1', '--press', '2'];
    const env = { IVR_FLOW_FILE: FIXED_FLOW_FILE };
    const shown = await runIvr(args, { env, bothStreams: true });
    expectExit(shown, 0);
    const lines = shown.stdout.split('\n');
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const order = [/^Caller presses 2$/, /^IVR \[en-GB\]: We are connecting you to an operator\. Please hold\.$/, /^CallSid=CA\w+ refused to transfer at node "consumer-operator"/, /^IVR \[en-GB\]: We are sorry, no operator can answer right now\./];
    for (const pattern of order) expect(at(pattern), `no line matches ${pattern}`).toBeGreaterThanOrEqual(0);
    expect(order.map(at)).toEqual(order.map(at).sort((a, b) => a - b));
    // Apart, the error is on stderr only, and --json's stdout is the JSON alone.
    const apart = await runIvr([...args, '--json'], { env });
    expect(JSON.parse(apart.stdout).errors).toEqual([expect.stringMatching(/refused to transfer at node "consumer-operator"/)]);
    expect(apart.stderr).toMatch(/^CallSid=CA\w+ refused to transfer at node "consumer-operator"/m);
    const plain = await runIvr(args, { env });
    expect(plain.stdout).not.toContain('refused to transfer');
    expect(plain.stderr).toMatch(/^CallSid=CA\w+ refused to transfer at node "consumer-operator"/m);
  });

  it('--json carries the ivr.call record the app logged, dated from --at, which ivr report reads', async () => {
    // On the fixed copy of the menu, open then: the record's path names its nodes, whatever the shipped menu calls its own.
    const { code, stdout } = await runIvr(['call', '--at', '2026-11-24T13:00', '--press', '1', '--press', '2', '--dial-status', 'busy', '--json'], { env: { ...OPERATOR_NUMBERS, IVR_FLOW_FILE: FIXED_FLOW_FILE } });
    expect(code).toBe(0);
    const { record } = JSON.parse(stdout);
    expect(record).toMatchObject({
      event: 'ivr.call',
      line: 'consumer',
      outcome: 'menu-hung-up',
      language: 'en',
      path: ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator', 'operator-unavailable', 'chat-link-sms', 'goodbye'],
      inputs: ['1', '2', 'dial:busy', 'none'],
      startedAt: '2026-11-24T13:00:00+01:00',
    });
    // Twilio's Timestamp of the final status callback: the call's end on its own clock, not the machine's.
    expect(new Date(record.timestamp).getTime()).toBe(new Date('2026-11-24T13:00:00+01:00').getTime() + record.durationSeconds * 1000);
    // One to a line, such records are a records file (docs/call-records.md, "Records of simulated calls").
    const folder = mkdtempSync(path.join(tmpdir(), 'ivr-call-record-'));
    writeFileSync(path.join(folder, 'calls.jsonl'), `${JSON.stringify(record)}\n`);
    const report = await ivr(['report', path.join(folder, 'calls.jsonl'), '--output', path.join(folder, 'report.html'), '--flow', FIXED_FLOW_FILE]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('1 call, 2026-11-24 (the day of the calls): 0 put through, 1 ended in the menu');
    const replay = await ivrWithOperators(['replay', path.join(folder, 'calls.jsonl'), '--flow', FIXED_FLOW_FILE, '--base', FIXED_FLOW_FILE]);
    expect(replay.stdout).toContain('0 of 1 calls would go differently');
    rmSync(folder, { recursive: true });
  });

  it('in-process, says what the app warned of during the call: a --param CallSid that is none leaves the call without a record', async () => {
    const { code, stdout, stderr } = await ivrWithOperators(['call', '--at', '2026-11-24T13:00', '--press', '1', '--press', '3', '--param', 'CallSid=notacallsid', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).record).toBeUndefined();
    expect(stderr).toContain('status callback with CallSid=(not a CallSid): answered 204, and no ivr.call line will be written for it');
    // A call with a CallSid warns of nothing: the start-up notes (placeholder numbers) stay out of a call's output.
    expect((await ivr(['call', '--at', '2026-11-24T13:00', '--press', '1', '--press', '3'])).stderr).toBe('');
  });

  it('prints a readable transcript: who speaks, what was pressed, where the call went', async () => {
    const { stdout } = await ivrWithOperators(['call', '--to', '+390237921250', '--at', WEDNESDAY_OPEN, '--press', '-', '--press', '1', '--dial-status', 'busy']);
    expect(stdout).toContain(`IVR [it-IT]: ${promptSaid('merchant-welcome', 'it')[0]}`);
    expect(stdout).toContain('Caller stays silent');
    expect(stdout).toContain('Caller presses 1');
    expect(stdout).toContain(`Call dialled to ${OPERATOR_NUMBERS.DEST_MERCHANT_OPERATOR_IT} (number): busy`);
    expect(stdout).toContain('-> POST /api/voice/continue?line=merchant&node=merchant-operator&lang=it&tries=0  200  DialCallStatus=busy');
    expect(stdout).toMatch(/Outcome: hung up by the IVR/);
  });

  // Unset, a <Gather>'s finishOnKey is "#": pressed alone it ends the Gather with nothing to send, and Twilio goes on
  // to the next verb as after silence (http://www.twilio.com/docs/api/twiml/gather). The app sets finishOnKey="", an
  // allowed value meaning no finish key (https://www.twilio.com/docs/api_reference/TwiML/gather), so # is sent as a key.
  it('# at a menu is sent as the key it is, and the caller hears that the choice is not valid', async () => {
    // On the fixed copy of the menu (open weekdays 09:00-17:00), whose consumer-menu a rename in the shipped one does not move.
    const { code, stdout } = await runIvr(['call', '--at', '2026-11-24T10:00', '--press', '-', '--press', '#', '--press', 'hangup'], { env: { IVR_FLOW_FILE: FIXED_FLOW_FILE } });
    expect(code).toBe(0);
    expect(stdout).toContain('Caller presses #\n  -> POST /api/voice/continue?line=consumer&node=consumer-menu&lang=it&tries=0  200  Digits=#\n');
    for (const text of retrySaid('consumer-menu', 'invalid', 'it', fixedFlow())) expect(stdout).toContain(`IVR [it-IT]: ${text}\n`);
    for (const text of retrySaid('consumer-menu', 'noInput', 'it', fixedFlow())) expect(stdout).not.toContain(text);
  });

  it('says when the operator a call reached is still a placeholder number, naming the setting to set', async () => {
    // From a Twilio test number the placeholder (the public line, another number) is dialled; from the line itself it is refused.
    const english = await runIvr(['call', '--to', '+15005550006', '--at', TUESDAY_OPEN, '--press', '1', '--press', '2'], { env: { IVR_LINE_NUMBERS: '+15005550006=consumer' } });
    expect(english.stdout).toContain('Outcome: connected to +390237921240  (4 requests,');
    expect(english.stderr).toContain('note: consumer-operator-en is still a placeholder number in the flow; set DEST_CONSUMER_OPERATOR_EN to the real one');
    const set = await runIvr(['call', '--at', TUESDAY_OPEN, '--press', '-', '--press', '2'], { env: { DEST_CONSUMER_OPERATOR_IT: '+390212345678' } });
    expect(set.stdout).toContain('Outcome: connected to +390212345678');
    expect(set.stderr).toBe('');
  });

  it('--interactive reads the caller keys from the terminal and offers the keys the prompt names', async () => {
    // On the fixed copy of the menu: the keys offered are those its prompts name, which a new menu option would change.
    const { stdout, stderr } = await runIvr(['call', '--at', '2026-11-24T10:00', '--interactive'], { input: '1\n9\n1\n', env: { ...OPERATOR_NUMBERS, IVR_FLOW_FILE: FIXED_FLOW_FILE } });
    expect(stderr).toContain('Your move (keys offered: 1; "-" silence, "hangup"): ');
    expect(stderr).toContain('keys offered: 1 2 3 4 5 9 *;');
    expect(stderr).toContain('keys offered: 1 2 9 *;');
    expect(stdout).toContain(`Outcome: connected to ${OPERATOR_NUMBERS.DEST_MERCHANT_OPERATOR_EN}`);
  });

  it('on the shipped menu, whose prompts take # as a key, 1# at the welcome: the note says to drop the #, which the next menu would answer as a wrong key', async () => {
    const { stdout, stderr } = await ivr(['call', '--at', TUESDAY_OPEN, '--press', '1#', '--press', '3']);
    expect(stdout).toContain('Caller presses 1 (then #: not taken, the menu had stopped listening)\n');
    expect(stderr).toContain('note: --press 1# at prompt 1: it takes 1 key, so Twilio took 1 and not the # after it, as on a real call; a one-key prompt needs no #: --press 1\n');
    const typed = await runIvr(['call', '--at', '2026-11-24T10:00', '--interactive'], { input: '1#\nhangup\n', env: { IVR_FLOW_FILE: FIXED_FLOW_FILE } });
    expect(typed.stderr).toContain('note: keys 1# at prompt 1: it takes 1 key, so Twilio took 1 and not the # after it, as on a real call; a one-key prompt needs no #: type 1\n');
  });

  it('--interactive names a key it cannot send as typed, not as an option', async () => {
    const { stderr } = await ivr(['call', '--at', TUESDAY_OPEN, '--interactive'], 'q\n-\nhangup\n');
    expect(stderr).toContain('"hangup"): "q": give phone keys (0-9, *, #)');
    expect(stderr).not.toContain('--press');
  });

  it('--twiml runs a document from Twilio documentation and names what it does not emulate, exit 1', async () => {
    const { code, stdout, stderr } = await ivr(['call', '--twiml', path.join(corpus, 'pay/pay-1.twiml'), '--json']);
    expect(JSON.parse(stdout).outcome).toEqual({ kind: 'unsupported', verb: 'Pay' });
    expect(code).toBe(1);
    expect(stderr).toContain('ivr call: the call failed: the simulator does not emulate <Pay>');
  });

  it('--dial-status takes one status per dial, in order', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-twiml-')), 'two-dials.twiml');
    writeFileSync(file, '<?xml version="1.0" encoding="UTF-8"?><Response><Dial>+15005550001</Dial><Dial>+15005550002</Dial></Response>');
    const { stdout } = await ivr(['call', '--twiml', file, '--dial-status', 'busy,completed', '--json']);
    const dials = JSON.parse(stdout).events.filter((e: { type: string }) => e.type === 'dial');
    expect(dials.map((d: { to: string; status: string }) => `${d.to} ${d.status}`)).toEqual(['+15005550001 busy', '+15005550002 completed']);
  });

  it('rejects a bad --at with a clear message, exit 2', async () => {
    const { code, stderr } = await ivr(['call', '--at', 'tomorrow']);
    expect(code).toBe(2);
    expect(stderr).toContain('--at "tomorrow" is not an ISO-8601 date-time');
  });

  it('refuses a date without a time of day (it ran at midnight, closed) or a time without a date (today), exit 2', async () => {
    const dateOnly = await ivr(['call', '--at', '2026-11-24', '--press', '2']);
    expect(dateOnly.code).toBe(2);
    expect(dateOnly.stdout).toBe('');
    expect(dateOnly.stderr).toContain('--at "2026-11-24" has no time of day (it would be 00:00); give one, e.g. 2026-11-24T10:00');
    const timeOnly = await ivr(['call', '--at', '10:00']);
    expect(timeOnly.code).toBe(2);
    expect(timeOnly.stderr).toContain("--at \"10:00\" has no date (it would be today's); give one, e.g. 2026-11-24T10:00");
    // Every command that calls at an instant reads it alike: ivr explore, ivr diff and ivr test.
    for (const command of [['explore'], ['diff', 'flows/klarna-italia.json', 'flows/klarna-italia.json'], ['test']]) {
      const run = await ivr([...command, '--at', '2026-11-24']);
      expect(run.code, command[0]).toBe(2);
      expect(run.stderr, command[0]).toContain('--at "2026-11-24" has no time of day');
    }
  });

  it('refuses a time the clocks skip (it ran 02:30 as 03:30) and a date written day first, exit 2, saying what to give', async () => {
    const skipped = await ivr(['call', '--at', '2027-03-28T02:30', '--press', '-']);
    expect(skipped.code).toBe(2);
    expect(skipped.stdout).toBe('');
    expect(skipped.stderr).toBe('ivr call: --at "2027-03-28T02:30" does not exist in Europe/Rome: the clocks go from 02:00 to 03:00 that night; give 03:30, or an offset (2027-03-28T02:30+01:00) (see `ivr call --help`)\n');
    const dayFirst = await ivr(['call', '--at', '24/11/2026 10:00', '--press', '-']);
    expect(dayFirst.code).toBe(2);
    expect(dayFirst.stderr).toBe('ivr call: --at "24/11/2026 10:00" is not an ISO-8601 date-time; write "2026-11-24T10:00" (24 November 2026: "24/11/2026" read day first) (see `ivr call --help`)\n');
  });

  it('refuses a number without its country code, which would reach the default line, exit 2', async () => {
    const to = await ivr(['call', '--to', '0237921250', '--at', '2026-11-24T10:00']);
    expect(to.code).toBe(2);
    expect(to.stdout).toBe('');
    expect(to.stderr).toContain('--to "0237921250" has no country code; write it in E.164, as Twilio sends it: + and the country code, e.g. +390237921250 for an Italian number');
    const from = await ivr(['call', '--from', '340 123 4567', '--at', '2026-11-24T10:00']);
    expect(from.code).toBe(2);
    expect(from.stderr).toContain('e.g. +393401234567');
  });

  it('reads a number written with spaces as the number it is: the merchant line answers', async () => {
    const { code, stdout } = await ivr(['call', '--to', '+39 02 3792 1250', '--at', TUESDAY_OPEN, '--press', 'hangup']);
    expect(code).toBe(0);
    expect(stdout).toContain(`IVR [it-IT]: ${promptSaid('merchant-welcome', 'it')[0]}`);
  });
});

describe('ivr call --url against a TwiML app written by someone else', () => {
  // A small IVR in the style of Twilio's samples: relative GET actions, a
  // <Redirect> back on silence, <Dial> for sales, a message for support.
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const twiml = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`);
    };
    if (url.pathname === '/ivr/welcome') {
      return twiml('<Gather action="menu" method="GET" numDigits="1"><Say>Thanks for calling. Press 1 for sales, press 2 for support.</Say></Gather><Say>Sorry, I did not get that.</Say><Redirect method="GET">welcome</Redirect>');
    }
    if (url.pathname === '/ivr/menu') {
      const digits = url.searchParams.get('Digits');
      if (digits === '1') return twiml('<Say>Connecting you to sales.</Say><Dial>+15005550001</Dial>');
      if (digits === '2') return twiml('<Say>Support is open nine to five. Goodbye.</Say><Hangup/>');
      return twiml('<Redirect method="GET">welcome</Redirect>');
    }
    if (url.pathname === '/ivr/pin') return twiml('<Gather action="pin-done" method="GET"><Say>Enter your PIN, then hash.</Say></Gather>');
    if (url.pathname === '/ivr/pin-done') return twiml(`<Say>You entered ${url.searchParams.get('Digits')}.</Say><Hangup/>`);
    res.writeHead(404).end();
  });
  const base = serveDuringSuite(server);

  it('follows its menu to the sales transfer, resolving relative GET actions', async () => {
    const { stdout } = await ivr(['call', '--url', `${base()}/ivr/welcome`, '--press', '9', '--press', '1', '--json']);
    const result = JSON.parse(stdout);
    expect(result.transcript.map((t: { say: string }) => t.say)).toEqual([
      'Thanks for calling. Press 1 for sales, press 2 for support.',
      'Thanks for calling. Press 1 for sales, press 2 for support.',
      'Connecting you to sales.',
    ]);
    expect(result.outcome).toMatchObject({ kind: 'dial', to: '+15005550001' });
    const requests = result.events.filter((e: { type: string }) => e.type === 'request');
    expect(requests[1]).toMatchObject({ method: 'GET', url: expect.stringContaining(`${base()}/ivr/menu?`) });
    // Without --to, Twilio's To is the default line of this project's flow, never empty.
    expect(requests[0].params.To).toBe('+390237921240');
  });

  it('ends at its goodbye for support, and the silence path loops back to the menu', async () => {
    const { code, stdout } = await ivr(['call', '--url', `${base()}/ivr/welcome`, '--press', '-', '--press', '2', '--json']);
    const result = JSON.parse(stdout);
    expect(result.transcript.map((t: { say: string }) => t.say)).toContain('Sorry, I did not get that.');
    expect(result.transcript.at(-1).say).toBe('Support is open nine to five. Goodbye.');
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
    expect(code).toBe(0);
  });

  // Twilio stops gathering at numDigits or finishOnKey (https://www.twilio.com/docs/voice/twiml/gather): keys pressed after are lost.
  it('--press 12 at a one-key prompt: Twilio takes the 1, the transcript shows it, and a note says the 2 was not taken and how to press it', async () => {
    const { code, stdout, stderr } = await ivr(['call', '--url', `${base()}/ivr/welcome`, '--press', '12']);
    expect(stdout).toMatch(/\nCaller presses 1 \(then 2: not taken, the menu had stopped listening\)\n {2}-> GET \/ivr\/menu\?\S+ {2}200 {2}Digits=1\nIVR \[en-US\]: Connecting you to sales\.\n/);
    expect(stderr).toBe('note: --press 12 at prompt 1: it takes 1 key, so Twilio took 1 and not the 2 after it, as on a real call; give each prompt its own --press, e.g. --press 1 --press 2\n');
    expect(code).toBe(0);
    const json = JSON.parse((await ivr(['call', '--url', `${base()}/ivr/welcome`, '--press', '12', '--json'])).stdout);
    // The input event says what Twilio took, the Digits it sent, and the key it did not apart.
    expect(json.events.find((e: { type: string }) => e.type === 'input')).toEqual({ at: expect.any(Number), type: 'input', verb: 'Gather', action: { digits: '1' }, notTaken: '2' });
    expect(json.events.find((e: { type: string; params?: Record<string, string> }) => e.type === 'request' && e.params?.Digits !== undefined)).toMatchObject({ params: { Digits: '1' } });
    // Each key at its own prompt: both are taken, and nothing is noted.
    const apart = await ivr(['call', '--url', `${base()}/ivr/welcome`, '--press', '1', '--press', '2']);
    expect(apart.stderr).toBe('');
  });

  it('--press 12#3 where # ends the input: Twilio takes 12, and the note names the # and the 3 after it', async () => {
    const { code, stdout, stderr } = await ivr(['call', '--url', `${base()}/ivr/pin`, '--press', '12#3']);
    expect(stdout).toContain('Caller presses 12# (then 3: not taken, the menu had stopped listening)\n');
    expect(stdout).toContain('IVR [en-US]: You entered 12.\n');
    expect(stderr).toBe('note: --press 12#3 at prompt 1: # ends its input, so Twilio took 12# and not the 3 after it, as on a real call; give each prompt its own --press, e.g. --press \'12#\' --press 3\n');
    expect(code).toBe(0);
  });

  // A trailing # was meant for no prompt: pressed at the next one, it would be a wrong key there, so the note says to leave it out.
  it('--press 1# at a one-key prompt: the note says the # is not needed, not to press it at the next prompt', async () => {
    const { code, stdout, stderr } = await ivr(['call', '--url', `${base()}/ivr/welcome`, '--press', '1#']);
    expect(stdout).toContain('Caller presses 1 (then #: not taken, the menu had stopped listening)\n');
    expect(stderr).toBe('note: --press 1# at prompt 1: it takes 1 key, so Twilio took 1 and not the # after it, as on a real call; a one-key prompt needs no #: --press 1\n');
    expect(code).toBe(0);
  });

  it('--press 12## where # ends the input: the note says one # ends it', async () => {
    const { stderr } = await ivr(['call', '--url', `${base()}/ivr/pin`, '--press', '12##']);
    expect(stderr).toBe('note: --press 12## at prompt 1: # ends its input, so Twilio took 12# and not the # after it, as on a real call; one # ends it: --press \'12#\'\n');
  });

  it('needs no valid local flow: only the server is asked', async () => {
    const broken = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-flow-')), 'broken.json');
    writeFileSync(broken, '{"name": "half a flow",');
    const { code, stdout, stderr } = await runIvr(['call', '--url', `${base()}/ivr/welcome`, '--press', '2', '--json'], { env: { IVR_FLOW_FILE: broken } });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).transcript.at(-1).say).toBe('Support is open nine to five. Goodbye.');
    // Without the flow's default line to stand for --to, no To is sent: our server would answer on its own default line.
    expect(JSON.parse(stdout).events.find((e: { type: string }) => e.type === 'request').params.To).toBe('');
  });
});

describe('ivr call --url says what became of the status callback, where the app writes the call record', () => {
  // The final status goes to the status callback URL set on the number (ivr provision sets /api/voice/status);
  // Twilio ignores the answer (https://www.twilio.com/docs/voice/api/call-resource#statuscallback), so the call
  // is not affected, but our app writes the call's ivr.call record there: a call whose callback failed has none.
  let statusAnswer: 'ok' | 'error' | 'drop' = 'ok';
  const heard: Record<string, string>[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/api/voice') return res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response><Say>Goodbye.</Say><Hangup/></Response>');
      heard.push(Object.fromEntries(new URLSearchParams(body)));
      if (statusAnswer === 'drop') return req.socket.destroy();
      res.writeHead(statusAnswer === 'ok' ? 204 : 500).end();
    });
  });
  const base = serveDuringSuite(server);

  it('answered: nothing said, and --json gives its status', async () => {
    statusAnswer = 'ok';
    const { code, stdout, stderr } = await ivr(['call', '--url', `${base()}/api/voice`, '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout).statusCallback).toEqual({ url: `${base()}/api/voice/status`, status: 204 });
  });

  it('a 500 or a dropped connection: a note on stderr that the call has no record, the call itself unchanged (exit 0)', async () => {
    statusAnswer = 'error';
    const failed = await ivr(['call', '--url', `${base()}/api/voice`]);
    expect(failed.code).toBe(0);
    expect(failed.stdout).toContain('IVR [en-US]: Goodbye.');
    expect(failed.stderr).toContain(`note: the call's status callback (POST ${base()}/api/voice/status) was answered 500: the app writes the call's ivr.call record there, so this call has none, and ivr report and ivr replay will not count it`);
    statusAnswer = 'drop';
    const dropped = await ivr(['call', '--url', `${base()}/api/voice`, '--json']);
    expect(dropped.code).toBe(0);
    expect(JSON.parse(dropped.stdout).statusCallback).toMatchObject({ url: `${base()}/api/voice/status`, notSent: expect.any(String) });
    expect(dropped.stderr).toMatch(/note: the call's status callback \(POST \S+\/api\/voice\/status\) was not answered \(.+\): the app writes the call's ivr\.call record there, so this call has none/);
  });

  it('carries --param as every other request of the call does, CallSid too (the record is filed under it)', async () => {
    statusAnswer = 'ok';
    heard.length = 0;
    const sid = 'CAabcdef00000000000000000000000001';
    const { code, stdout } = await ivr(['call', '--url', `${base()}/api/voice`, '--param', `CallSid=${sid}`, '--param', 'FromCity=MILANO', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).callSid).toBe(sid);
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ CallSid: sid, FromCity: 'MILANO', CallStatus: 'completed' });
  });
});

describe('ivr call fails loudly for scripts when the call fails', () => {
  // A server that goes wrong in each way Twilio reports (https://www.twilio.com/docs/api/errors):
  // 11200 for a 4xx/5xx answer, 12100 for a document that is not XML.
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/signed') {
      // As our app does: no valid X-Twilio-Signature, no TwiML.
      if (!req.headers['x-twilio-signature']) return res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
      return res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response><Say>Welcome.</Say></Response>');
    }
    if (url.pathname === '/not-xml') return res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response><Say>Welcome.</Say>');
    if (url.pathname === '/loop') return res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response><Redirect>/loop</Redirect></Response>');
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
  });
  const base = serveDuringSuite(server);

  it('403: exit 1, and it says to set TWILIO_AUTH_TOKEN in the environment; with the token the call goes through', async () => {
    const refused = await ivr(['call', '--url', `${base()}/signed`]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Outcome: Twilio error 11200: HTTP retrieval failure: status 403');
    expect(refused.stderr).toContain(`ivr call: the call failed: ${base()}/signed refused the request (HTTP 403)`);
    expect(refused.stderr).toContain('Set TWILIO_AUTH_TOKEN in the environment (or local.settings.json) to the Twilio auth token the server uses, rather than --auth-token');
    const signed = await ivr(['call', '--url', `${base()}/signed`, '--auth-token', 'f00dfeedf00dfeedf00dfeedf00dfeed']);
    expect(signed.code).toBe(0);
    expect(signed.stdout).toContain('IVR [en-US]: Welcome.');
  });

  it('404: exit 1, and it says to check the URL', async () => {
    const { code, stderr } = await ivr(['call', '--url', `${base()}/api/voce`]);
    expect(code).toBe(1);
    expect(stderr).toContain(`ivr call: the call failed: nothing at ${base()}/api/voce (HTTP 404): check the URL`);
  });

  it('a document that is not XML: exit 1, Twilio error 12100, the JSON on stdout all the same', async () => {
    const { code, stdout, stderr } = await ivr(['call', '--url', `${base()}/not-xml`, '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).outcome).toMatchObject({ kind: 'error', code: 12100 });
    expect(stderr).toContain('ivr call: the call failed: Twilio would log error 12100 (https://www.twilio.com/docs/api/errors/12100)');
  });

  it('the loop guard: exit 1, and it names --max-requests', async () => {
    const { code, stdout, stderr } = await ivr(['call', '--url', `${base()}/loop`, '--max-requests', '3']);
    expect(code).toBe(1);
    expect(stdout).toContain('Outcome: stopped after 3 requests with no caller input between them (a loop?)');
    expect(stderr).toContain('raise --max-requests');
  });

  it('nothing listening: exit 1, and it asks whether the server runs', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { code, stdout, stderr } = await ivr(['call', '--url', `http://127.0.0.1:${port}/api/voice`]);
    expect(code).toBe(1);
    expect(stdout).toContain('Twilio error 11205: HTTP connection failure');
    expect(stderr).toContain(`ivr call: the call failed: nothing answered at http://127.0.0.1:${port}/api/voice: is the server running?`);
  });
});
