// A scenario's `queue:` field says how each <Enqueue> ends, as `ivr call --queue` does
// (Twilio's QueueResult values: https://www.twilio.com/docs/voice/twiml/enqueue), here
// against a small TwiML app of the test's own over HTTP.
import http from 'node:http';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/scenarios/scenarioFile';
import { runScenario } from '../src/scenarios/runScenario';
import { serveDuringSuite } from './support/loopbackServer';

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    const route = new URL(req.url ?? '/', 'http://x').pathname;
    const result = new URLSearchParams(body).get('QueueResult');
    const twiml: Record<string, string> = {
      '/voice': '<Enqueue waitUrl="" action="/after">support</Enqueue>',
      '/after': result === 'bridged' ? '<Say>Thanks for talking to us</Say>' : '<Say>Everyone is busy, please call back later</Say>',
    };
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Response>${twiml[route] ?? '<Hangup/>'}</Response>`);
  });
});
const base = serveDuringSuite(server);

function scenarioFile(yaml: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-queue-')), 'queue.yaml');
  writeFileSync(file, yaml);
  return file;
}

describe('a scenario with queue:', () => {
  it('queue: queue-full reaches the branch the app takes for a full queue', async () => {
    const [scenario] = loadScenarioFile(scenarioFile('name: full\nqueue: queue-full\nsteps:\n  - hear: Everyone is busy\nexpect:\n  outcome: hangup\n'));
    const result = await runScenario(scenario!, { url: `${base()}/voice` });
    expect(result.failures).toEqual([]);
  });

  it('the object form with the wait and the talk, and the default when absent (bridged)', async () => {
    const [timed] = loadScenarioFile(scenarioFile('name: timed\nqueue: { result: bridged, waitSeconds: 120, talkSeconds: 300 }\nsteps:\n  - hear: Thanks for talking\nexpect:\n  outcome: enqueue\n'));
    const result = await runScenario(timed!, { url: `${base()}/voice` });
    expect(result.failures).toEqual([]);
    expect(result.call.outcome).toEqual({ kind: 'enqueue', queue: 'support', queueSeconds: 120, durationSeconds: 300 });
    const [plain] = loadScenarioFile(scenarioFile('name: plain\nsteps:\n  - hear: Thanks for talking\n'));
    expect((await runScenario(plain!, { url: `${base()}/voice` })).failures).toEqual([]);
  });

  it('a queue result Twilio does not have is refused, naming the file and the values', () => {
    const file = scenarioFile('name: wrong\nqueue: abandoned:10\nsteps:\n  - hear: x\n');
    expect(() => loadScenarioFile(file)).toThrow(/queue\.yaml.*the queue result must be one of bridged, hangup/s);
  });
});
