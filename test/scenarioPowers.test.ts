import { describe, expect, it } from 'vitest';
import http from 'node:http';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadScenarioFile, ScenarioFileError } from '../src/scenarios/scenarioFile';
import { runScenario } from '../src/scenarios/runScenario';
import { serveDuringSuite } from './support/loopbackServer';

// Scenario files have the powers of `ivr call`: request parameters (--param),
// the caller's hang-up moment (--hangup-at), the number's fallback URL
// (--fallback-url), and keys or speech at a moment of a prompt (--press 1@3),
// which interrupt it as Twilio's <Gather> does
// (https://www.twilio.com/docs/voice/twiml/gather#nest-other-verbs, #bargein).
// A small TwiML app of this test's own, over HTTP.

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    const params = new URLSearchParams(body);
    const twiml = (xml: string) => res.writeHead(200, { 'content-type': 'text/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Response>${xml}</Response>`);
    switch (url.pathname) {
      case '/voice':
        return twiml(
          `<Say>You are calling from ${params.get('FromCity') || 'somewhere'}.</Say><Gather action="/choice" numDigits="1"><Say>Welcome to Acme, where every call matters to us.</Say><Say>Press 1 for sales.</Say><Say>Press 2 for support.</Say></Gather><Say>Goodbye.</Say>`,
        );
      case '/choice':
        return twiml(`<Say>You chose ${params.get('Digits')}.</Say><Pause length="30"/><Say>Still there?</Say>`);
      case '/broken':
        return res.writeHead(500).end('oops');
      case '/fallback':
        return twiml(`<Say>Sorry, error ${params.get('ErrorCode')}. Please call again.</Say>`);
    }
    res.writeHead(404).end();
  });
});
const base = serveDuringSuite(server);

function scenarioFile(yaml: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-powers-')), 'scenario.yaml');
  writeFileSync(file, yaml);
  return file;
}

async function run(yaml: string, start = '/voice') {
  const [scenario] = loadScenarioFile(scenarioFile(yaml));
  return runScenario(scenario!, { url: `${base()}${start}` });
}

describe('scenario files with the powers of ivr call', () => {
  it('a press step with `after` interrupts the prompt there: what was cut cannot be heard, and the keys go to the action', async () => {
    const passes = await run(`
name: barge in
steps:
  - hear: Welcome to Acme
  - hear: Press 1 for sales
  - press: '1'
    after: 5
  - hear: You chose 1
`);
    expect(passes.failures).toEqual([]);
    expect(passes.call.transcript).toContainEqual({ at: 7, type: 'barge-in', input: 'keys', after: 5, cutSeconds: 3 });

    const cut = await run(`
name: hears what the caller cut off
steps:
  - hear: Press 2 for support
  - press: '1'
    after: 5
`);
    expect(cut.passed).toBe(false);
    expect(cut.failures[0]).toContain('expected to hear: "Press 2 for support"');
  });

  it('call.params reach every request, call.hangupAt ends the call at that second', async () => {
    const result = await run(`
name: from Milan, hangs up while waiting
call: { params: { FromCity: MILANO }, hangupAt: 20 }
steps:
  - hear: calling from MILANO
  - press: '2'
  - hear: You chose 2
expect: { outcome: caller-hangup }
`);
    expect(result.failures).toEqual([]);
    expect(result.call.virtualSeconds).toBe(20);
    expect(result.call.transcript.map((e) => e.type === 'say' && e.text)).not.toContain('Still there?');
  });

  it('a caller who hangs up during a prompt (call.hangupAt) has not heard its end: a hear step for it fails', async () => {
    // "You are calling from somewhere." takes 2 s, the welcome 4 s more: the caller leaves 3 s into it.
    const result = await run(`
name: leaves during the welcome
call: { hangupAt: 5 }
steps:
  - hear: Welcome to Acme
  - hear: Press 1 for sales
`);
    expect(result.passed).toBe(false);
    expect(result.failures[0]).toContain('expected to hear: "Press 1 for sales"');
    expect(result.call.outcome).toEqual({ kind: 'caller-hangup' });
  });

  it('call.fallbackUrl is requested with ErrorCode when the primary URL fails', async () => {
    const result = await run(`
name: falls back
call: { fallbackUrl: /fallback }
steps:
  - hear: Sorry, error 11200
expect: { outcome: hangup }
`, '/broken');
    expect(result.failures).toEqual([]);
  });

  it('a wrong field says where and what', () => {
    const file = scenarioFile('name: x\ncall: { hangupAt: soon }\nsteps: [{ press: "1", after: -2 }]\n');
    expect(() => loadScenarioFile(file)).toThrow(ScenarioFileError);
    expect(() => loadScenarioFile(file)).toThrow(/call\.hangupAt/);
  });

  it('a misspelt name is told as flow files tell theirs: the scenario (the file at its first problem\'s line), the path with its line, and the name meant', () => {
    const file = scenarioFile('- name: fine\n  steps: [{ hear: Benvenuto }]\n- name: typos\n  call: { form: "+393401234567" }\n  steps: [{ prss: "1" }]\n  expect: { outcom: hangup }\n');
    expect(() => loadScenarioFile(file)).toThrow(
      [
        `${file}:4: 3 problems`,
        '  at scenario 2 ("typos"), call, line 4: has "form", which does not belong here',
        '    fix: rename "form" to "from", or remove it: the names allowed here are "to", "from", "at", "sms", "params", "hangupAt" and "fallbackUrl"',
        `  at scenario 2 ("typos"), step 1 (steps[0]), line 5: must be either an object with "hear" or an object with "press" and optionally "after" or an object with "say" and optionally "after" or an object with "say" and "then" or an object with "silence" or an object with "hangup" (found {"prss":"1"})`,
        '    fix: rename "prss" to "press", or remove it',
        '  at scenario 2 ("typos"), expect, line 6: has "outcom", which does not belong here',
        '    fix: rename "outcom" to "outcome", or remove it: the names allowed here are "outcome", "to", "dials", "sms" and "path"',
      ].join('\n'),
    );
  });
});
