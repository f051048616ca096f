// A scenario's `expect.path`: the route of the call through the menu, as the node ids it entered in order,
// the same as callIvr's `path`. The calls go through the fixed copy of the menu (test/support/fixedMenu.ts),
// at an instant its consumer line is open, so the routes written here stay what that copy makes them.
import http from 'node:http';
import path from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/scenarios/scenarioFile';
import { runScenario } from '../src/scenarios/runScenario';
import { callIvr } from '../src/testing';
import { FIXED_FLOW_FILE } from './support/fixedMenu';
import { serveDuringSuite } from './support/loopbackServer';

const AT = '2026-11-24T10:00'; // a Tuesday morning: the fixed menu's consumer line is open
const OPERATOR = '+390200000001';
const SETTINGS = { IVR_FLOW_FILE: FIXED_FLOW_FILE, DEST_CONSUMER_OPERATOR_IT: OPERATOR };
const TO_OPERATOR = ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'];

const dir = mkdtempSync(path.join(tmpdir(), 'ivr-scenario-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenarioFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A YAML scenario of silence at the welcome, then `keys`, expecting the route `route`. */
function yamlScenario(name: string, keys: string[], route: readonly string[]): string {
  return scenarioFile(
    name,
    [
      `- name: "${name}"`,
      `  call: { at: "${AT}" }`,
      `  settings: ${JSON.stringify(SETTINGS)}`,
      '  steps:',
      ...['-', ...keys].map((key) => `    - press: "${key}"`),
      '  expect:',
      '    path:',
      ...route.map((node) => `      - ${node}`),
      '',
    ].join('\n'),
  );
}

async function run(file: string) {
  const [scenario] = loadScenarioFile(file);
  return runScenario(scenario!, { env: {} });
}

describe('expect.path', () => {
  it("passes with the route callIvr reports for the same call (its `path`), and fails when one node of it differs", async () => {
    const call = await callIvr({ at: AT, press: ['-', '2'], env: SETTINGS });
    expect(call.path).toEqual(TO_OPERATOR);
    const right = await run(yamlScenario('right.yaml', ['2'], call.path));
    expect(right.failures).toEqual([]);
    expect(right.passed).toBe(true);

    const wrong = await run(yamlScenario('wrong.yaml', ['2'], call.path.map((node) => (node === 'consumer-operator-hours' ? 'consumer-chat' : node))));
    expect(wrong.passed).toBe(false);
    expect(wrong.failures).toEqual([
      'path: the call took another route through the flow\n' +
        '      expected: ["consumer-welcome", "consumer-hours", "consumer-menu", "consumer-chat", "consumer-operator"]\n' +
        '      entered:  ["consumer-welcome", "consumer-hours", "consumer-menu", "consumer-operator-hours", "consumer-operator"]\n' +
        '      they first part at node 4 (expect.path[3]): expected "consumer-chat", the call entered "consumer-operator-hours" (from "consumer-menu", key 2)',
    ]);
    // At the line of the `path` key under `expect` (the 8th: name, call, settings, steps, two presses, expect), where the route is written.
    expect(wrong.failureLines).toEqual([8]);
  });

  it('across the whole call: a key at an answer, * back to the menu, and on, each node as often as entered', async () => {
    const route = ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-complaints', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'];
    expect((await callIvr({ at: AT, press: ['-', '3', '*', '2'], env: SETTINGS })).path).toEqual(route);
    expect((await run(yamlScenario('back.yaml', ['3', '*', '2'], route))).failures).toEqual([]);
  });

  it('a call that ends sooner, or goes on further, than the route expected: where they part, and how the call ended', async () => {
    const sooner = await run(yamlScenario('sooner.yaml', ['3'], [...TO_OPERATOR.slice(0, 3), 'consumer-complaints', 'consumer-menu']));
    expect(sooner.failures).toEqual([
      'path: the call took another route through the flow\n' +
        '      expected: ["consumer-welcome", "consumer-hours", "consumer-menu", "consumer-complaints", "consumer-menu"]\n' +
        '      entered:  ["consumer-welcome", "consumer-hours", "consumer-menu", "consumer-complaints"]\n' +
        '      they first part at node 5 (expect.path[4]): expected "consumer-menu", the call entered no more nodes (it ended: the caller hung up; the steps ran out at the prompt of node "consumer-complaints", so the scripted caller hung up there)',
    ]);
    const further = await run(yamlScenario('further.yaml', ['2'], TO_OPERATOR.slice(0, 3)));
    expect(further.failures).toEqual([
      'path: the call took another route through the flow\n' +
        '      expected: ["consumer-welcome", "consumer-hours", "consumer-menu"]\n' +
        '      entered:  ["consumer-welcome", "consumer-hours", "consumer-menu", "consumer-operator-hours", "consumer-operator"]\n' +
        '      they first part at node 4: expected the route to end after "consumer-menu", the call went on to "consumer-operator-hours" (from "consumer-menu", key 2)',
    ]);
  });

  it('a hear checked once the call had ended on its own does not hide a route that went on past the one expected: one run says both', async () => {
    // The operator busy: the call goes on to the apology, where the scenario expected it to end at the transfer.
    const file = scenarioFile('busy.yaml', `- name: "busy, misheard"
  call: { at: "${AT}" }
  settings: ${JSON.stringify(SETTINGS)}
  dial: busy
  steps: [{ press: "-" }, { press: "2" }, { hear: "zzz" }]
  expect:
    path: ${JSON.stringify(TO_OPERATOR)}
`);
    const result = await run(file);
    expect(result.failures).toHaveLength(2);
    expect(result.failures[0]).toMatch(/^step 3:\n {6}expected to hear: "zzz"/);
    expect(result.failures[1]).toContain('they first part at node 6: expected the route to end after "consumer-operator", the call went on to "operator-unavailable" (from "consumer-operator", onFailure)');
  });

  describe('after an edit of the flow, the hints name the key that left the route, not the hours or the steps', () => {
    // The fixed menu with keys 1 (chat) and 2 (operator) of the consumer menu swapped.
    const swapped = (() => {
      const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
      for (const option of flow.nodes['consumer-menu'].options) option.key = option.key === '1' ? '2' : option.key === '2' ? '1' : option.key;
      return scenarioFile('swapped-flow.json', JSON.stringify(flow, null, 2));
    })();
    const scenario = (name: string, settings: Record<string, string>, keys: string[], expectation: string) =>
      scenarioFile(name, `- name: "${name}"\n  call: { at: "${AT}" }\n  settings: ${JSON.stringify({ ...settings, IVR_FLOW_FILE: swapped })}\n  steps: ${JSON.stringify(keys.map((press) => ({ press })))}\n  expect: ${expectation}\n`);
    const LEFT = 'expected "consumer-chat" at node 4, the call entered "consumer-operator-hours" (from "consumer-menu", key 1)';

    it('a transfer the app refused, reached by a key that now leads there: the hint names the key, not the hours', async () => {
      // The operators' number unset, so the transfer 1 now leads to is refused.
      const result = await run(scenario('refused.yaml', {}, ['-', '1', '*'], `{ path: ${JSON.stringify([...TO_OPERATOR.slice(0, 3), 'consumer-chat', 'consumer-menu'])} }`));
      expect(result.failures[0]).toContain(`if no transfer was meant here: a key may no longer lead where it did (an option moved): ${LEFT}; check the scenario's keys against the flow's menus`);
      expect(result.failures[0]).not.toContain('hours may have changed');
    });

    it('steps that ran out where a key took the call elsewhere: the hint names the key, not more steps', async () => {
      const result = await run(scenario('ran-out.yaml', SETTINGS, ['-', '2'], `{ outcome: dial, path: ${JSON.stringify(TO_OPERATOR)} }`));
      expect(result.failures[0]).toContain('where a key took the call off its expect.path: expected "consumer-operator-hours" at node 4, the call entered "consumer-chat" (from "consumer-menu", key 2)');
      expect(result.failures[0]).not.toContain('add the steps');
    });

    it('a node id lost to a rename that kept it is offered its new id, not the closest spelling', async () => {
      const renamed = scenarioFile('renamed-flow.json', readFileSync(FIXED_FLOW_FILE, 'utf8').replaceAll('"consumer-chat"', '"consumer-chat-info"'));
      const file = scenarioFile('renamed.yaml', `- name: "renamed"\n  call: { at: "${AT}" }\n  settings: ${JSON.stringify({ IVR_FLOW_FILE: renamed })}\n  steps: [{ press: "-" }, { press: "1" }]\n  expect: { path: [consumer-welcome, consumer-hours, consumer-menu, consumer-chat] }\n`);
      await expect(run(file)).rejects.toThrow('fix: if it was renamed: use "consumer-chat-info" (its id holds "consumer-chat"); if it was removed: ');
    });
  });

  it('in a .json and a .yml file alike', async () => {
    const scenario = { name: 'operator', call: { at: AT }, settings: SETTINGS, steps: [{ press: '-' }, { press: '2' }], expect: { outcome: 'dial', to: OPERATOR, path: TO_OPERATOR } };
    const json = scenarioFile('operator.json', `${JSON.stringify([scenario], null, 2)}\n`);
    expect((await run(json)).failures).toEqual([]);
    const yml = yamlScenario('operator.yml', ['2'], TO_OPERATOR);
    expect((await run(yml)).failures).toEqual([]);
    const text = `${JSON.stringify([{ ...scenario, expect: { path: TO_OPERATOR.slice(0, 4) } }], null, 2)}\n`;
    const failed = await run(scenarioFile('wrong.json', text));
    expect(failed.failures[0]).toMatch(/^path: the call took another route through the flow\n/);
    // The line of "path" in the JSON text.
    expect(failed.failureLines).toEqual([text.split('\n').findIndex((line) => line.includes('"path"')) + 1]);
  });

  it('a node id the flow does not have is refused when the scenario runs: file, line, JSON path, and the id meant', async () => {
    const file = scenarioFile('misspelt.yaml', `- name: "misspelt"
  call: { at: "${AT}" }
  settings: ${JSON.stringify(SETTINGS)}
  steps: [{ press: "-" }, { press: "2" }]
  expect:
    path:
      - consumer-welcome
      - consumer-hours
      - consumer-menu
      - consumer-operator-hour
      - nowhere-near-a-node
`);
    const shownFile = path.relative(process.cwd(), file);
    const shownFlow = path.relative(process.cwd(), FIXED_FLOW_FILE);
    await expect(run(file)).rejects.toThrow(
      `${shownFile}:10: 2 problems\n` +
        `  at expect.path[3], line 10: names node "consumer-operator-hour", which ${shownFlow} does not have (renamed or removed?)\n` +
        '    fix: if it was renamed: use "consumer-operator-hours" (the closest name); if it was removed: write the route the call takes now (npx ivr call --json shows it: record.path)\n' +
        `  at expect.path[4], line 11: names node "nowhere-near-a-node", which ${shownFlow} does not have (renamed or removed?)\n` +
        `    fix: write the route the call takes now (npx ivr call --json shows it: record.path), in the ids of ${shownFlow}'s "nodes"`,
    );
  });

  it('a misspelt `path` key, or a path that is no list, is refused when the file is read', () => {
    const typo = scenarioFile('typo.yaml', `name: typo\ncall: { at: "${AT}" }\nsteps: [{ press: "-" }]\nexpect: { pth: [consumer-welcome] }\n`);
    expect(() => loadScenarioFile(typo)).toThrow(`${typo}:4: 1 problem\n  at expect: has "pth", which does not belong here\n    fix: rename "pth" to "path"`);
    const text = scenarioFile('text.yaml', `name: text\ncall: { at: "${AT}" }\nsteps: [{ press: "-" }]\nexpect: { path: consumer-welcome }\n`);
    expect(() => loadScenarioFile(text)).toThrow(`${text}:4: 1 problem\n  at expect.path: must be a list [ ] of: a text in quotes (found "consumer-welcome")`);
  });
});

// An app of the test's own over HTTP: its nodes are its own, unseen by the scenario runner.
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/xml' });
  res.end('<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello</Say><Hangup/></Response>');
});
const base = serveDuringSuite(server);

describe('expect.path over HTTP', () => {
  it('fails, saying only an in-process run sees the nodes a call enters', async () => {
    const [scenario] = loadScenarioFile(scenarioFile('http.yaml', 'name: over http\nsteps: [{ hear: Hello }]\nexpect: { outcome: hangup, path: [start] }\n'));
    const result = await runScenario(scenario!, { url: `${base()}/voice` });
    expect(result.failures).toEqual([`path: expected ["start"], but only an in-process run sees the nodes a call enters (this one called ${base()}/voice); run it without --url`]);
    expect(result.failureLines).toEqual([3]);
  });
});
