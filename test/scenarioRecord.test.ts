import http from 'node:http';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/scenarios/scenarioFile';
import { runScenario } from '../src/scenarios/runScenario';
import { serveDuringSuite } from './support/loopbackServer';

// A scenario step `{ say: WORDS, then: KEY | hangup }` leaves a message on a
// <Record> and ends it with a key or by hanging up; the action gets Digits =
// the key or "hangup" (https://www.twilio.com/docs/voice/twiml/record). Run
// against a voicemail app of the test's own, over HTTP.

describe('scenario step { say, then }', () => {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const twiml = (inner: string) => res.writeHead(200, { 'content-type': 'text/xml' }).end(`<Response>${inner}</Response>`);
      if (req.url === '/voicemail') return twiml('<Say>Leave a message, then press pound.</Say><Record action="/recorded" finishOnKey="#"/>');
      return twiml(`<Say>Message ended by ${new URLSearchParams(body).get('Digits')}.</Say>`);
    });
  });
  const base = serveDuringSuite(server);

  const scenarioFile = (then: string) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-scenario-')), 'voicemail.yaml');
    writeFileSync(file, `name: message then ${then}\nsteps:\n  - hear: Leave a message\n  - say: please call me back about my refund\n    then: "${then}"\n  - hear: Message ended by #\n`);
    return file;
  };

  it('say then "#": the message ends on the key and the action hears it', async () => {
    const [scenario] = loadScenarioFile(scenarioFile('#'));
    const result = await runScenario(scenario!, { url: `${base()}/voicemail` });
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('say then "hangup": Digits=hangup, and nothing more is heard', async () => {
    const [scenario] = loadScenarioFile(scenarioFile('hangup'));
    const result = await runScenario(scenario!, { url: `${base()}/voicemail` });
    expect(result.passed).toBe(false);
    expect(result.call.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.call.transcript.find((e) => e.type === 'request' && e.params.Digits)).toMatchObject({ params: { Digits: 'hangup' } });
  });

  it('refuses a `then` that is neither one key nor hangup, naming the file', () => {
    expect(() => loadScenarioFile(scenarioFile('12'))).toThrow(/voicemail\.yaml:5: 1 problem\n {2}at step 2 \(steps\[1\]\.then\): is not what a caller does after speaking \(found "12"\)\n {4}fix: give one key/);
  });
});
