import { describe, expect, it } from 'vitest';
import http from 'node:http';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadScenarioFile } from '../src/scenarios/scenarioFile';
import { runScenario } from '../src/scenarios/runScenario';
import { serveDuringSuite } from './support/loopbackServer';

// A scenario file scripts the called party too: `calledParty` answers the
// prompts of the TwiML a Dial noun's url runs on their leg before the two
// are joined (https://www.twilio.com/docs/voice/twiml/number#url).

const twiml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;

describe('scenario files: calledParty', () => {
  const server = http.createServer((req, res) => {
    const answer: Record<string, string> = {
      '/voice': twiml('<Say>Hold on</Say><Dial action="/after"><Number url="/screen">+390299998888</Number></Dial>'),
      '/screen': twiml('<Gather numDigits="1" action="/accepted"><Say>Press 1 to accept</Say></Gather><Hangup/>'),
      '/accepted': twiml('<Say>Connecting</Say>'),
      '/after': twiml('<Say>Nobody answered</Say><Hangup/>'),
    };
    res.writeHead(200, { 'content-type': 'text/xml' }).end(answer[new URL(req.url ?? '/', 'http://x').pathname] ?? twiml(''));
  });
  const base = serveDuringSuite(server);

  function scenarioFile(yaml: string) {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-scenario-')), 'screening.yaml');
    writeFileSync(file, yaml);
    return loadScenarioFile(file)[0]!;
  }

  it('the called party presses 1: the caller is connected', async () => {
    const scenario = scenarioFile('name: accepted\ncalledParty:\n  - press: "1"\nsteps:\n  - hear: Hold on\nexpect: { outcome: dial, to: "+390299998888" }\n');
    const result = await runScenario(scenario, { url: `${base()}/voice` });
    expect(result.failures).toEqual([]);
  });

  it('the called party hangs up: the caller hears the action, and a step that heard the screening would fail', async () => {
    const declined = scenarioFile('name: declined\ncalledParty:\n  - hangup: true\nsteps:\n  - hear: Nobody answered\nexpect: { outcome: hangup }\n');
    expect((await runScenario(declined, { url: `${base()}/voice` })).failures).toEqual([]);
    // The screening is the called party's: the caller never hears it.
    const overheard = scenarioFile('name: overheard\ncalledParty:\n  - press: "1"\nsteps:\n  - hear: Press 1 to accept\n');
    expect((await runScenario(overheard, { url: `${base()}/voice` })).passed).toBe(false);
  });

  it('refuses a calledParty step it does not know, naming the file', () => {
    expect(() => scenarioFile('name: x\ncalledParty:\n  - hear: hi\nsteps:\n  - press: "1"\n')).toThrow(/screening\.yaml/);
  });
});
