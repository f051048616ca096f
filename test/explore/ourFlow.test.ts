import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { exploreCommand } from '../../src/cli/commands/explore';
import { DEFAULT_FLOW_FILE, readSettings } from '../../src/config/settings';
import { exploreFlow, type ExploreReport } from '../../src/explore';
import { loadFlowFile } from '../../src/flow/load';
import { callIvr } from '../../src/testing';
import { projectDir, runIvr } from '../support/runIvr';
import { fixedFlow } from '../support/fixedMenu';
import { firstTransferOn, openInstant, operatorSettingList, operatorSettings, shippedLines } from '../support/shippedFlow';

// Our shipped flow, explored as CI runs it: every line, every representative
// instant, every key, silence and dial outcome. It must have no defect. Its
// lines and languages (the operators' settings, one per language) are taken
// from the flow, so a line or language an editor adds is explored and named
// here too, and fails only if explore finds a defect in it.

const flow = loadFlowFile(DEFAULT_FLOW_FILE);
/** How explore names a transfer to operators whose settings are all unset: "the operators (DEST_…_IT or DEST_…_EN, unset here)". */
const unsetOperators = (settings: string[]) => `the operators (${settings.join(' or ')}, unset here)`;
const settings = readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off' });

describe('ivr explore on flows/klarna-italia.json', () => {
  let report: ExploreReport;
  beforeAll(async () => {
    report = await exploreFlow({ flow, settings });
  });

  it('finds no defect on any line at any instant', () => {
    expect(report.defects).toEqual([]);
    expect(report.lines).toEqual(shippedLines());
    // Open, closed, the weekend, and the first holiday or closure of the week of 7 December 2026 or after it (8
    // December, unless the flow closes on a day before it), whatever its name.
    expect(report.instants.map((i) => i.label)).toEqual(['open', 'closed', 'weekend', expect.stringMatching(/^holiday \(.+\)$/)]);
    // One walk of each line at each instant.
    expect(report.walks).toHaveLength(shippedLines().length * 4);
    expect(report.pathsComplete).toBe(true);
  });

  it('reaches the operators and the goodbye', () => {
    const descriptions = report.endings.map((e) => e.description);
    // The operators' numbers are unset here: the endings name their settings, not the placeholder (the line's own number).
    for (const node of [firstTransferOn('consumer'), firstTransferOn('merchant')]) {
      // Every language's setting (DEST_CONSUMER_OPERATOR_IT, _EN, …), in the order the node gives them.
      expect(report.endings).toContainEqual(expect.objectContaining({ node, outcome: 'dial', unsetSettings: operatorSettingList(node) }));
    }
    // The closed, holiday and apology messages lead on to the information keys, and so to the goodbye: no ending is
    // named from them. That explore enters them is the test above's (a node no call enters is an unreached-node defect).
    expect(descriptions.some((d) => d.startsWith('goodbye: hangs up after')), 'an ending at the goodbye').toBe(true);
    expect(report.endings.reduce((sum, e) => sum + e.paths, 0)).toBe(report.paths);
  });

  it('gives a longest path that replays with ivr call to the end it names', async () => {
    const longest = report.longest!;
    expect(longest.decisions).toBeGreaterThanOrEqual(5);
    // Its transfers are to operators whose numbers are unset here (placeholders): the command sets each to an
    // example number, without which ivr call refuses the transfer and --dial-status does nothing.
    expect(longest.dialStatuses.length).toBeGreaterThan(0);
    const prefix = /^((?:[A-Z_]+=\S+ )*)npx ivr call /.exec(longest.reproduce);
    expect(prefix?.[1]).toMatch(/^(DEST_[A-Z_]+=\+\d+ )+$/);
    expect(longest.reproduce).toContain(`npx ivr call --to ${longest.to} --at ${longest.instant.at} --press `);
    expect(longest.reproduce).toMatch(/ --dial-status \S+$/);
    const env = Object.fromEntries((prefix?.[1] ?? '').trim().split(' ').filter(Boolean).map((word) => word.split('=') as [string, string]));
    // As `ivr call` does, the app has an SMS sender: the mobile caller is offered the chat links, as while exploring.
    const call = await callIvr({ to: longest.to, at: longest.instant.at, press: longest.press, dialStatus: longest.dialStatuses, sms: 'sent', env });
    expect(call.errors).toEqual([]); // the transfer was made (and was busy), not refused
    expect(call.virtualSeconds).toBe(longest.seconds);
    if (call.outcome.kind === 'dial') expect(longest.reached).toContain(`connected to ${call.outcome.to}`);
    else expect(longest.reached).toContain(call.said.at(-1)?.text.slice(-20));
  });
});

describe('ivr explore on a transfer to operators whose number is unset here', () => {
  // Explore connects such a transfer to the flow's placeholder, the line's own number; the app refuses to ring it,
  // and explore's commands set the operators' setting to an example number instead. What explore says a call
  // ends at must be what its command plays: the operators, not the line's own number.
  // A Monday the shipped line is open, in the middle of its hours: an editor's closure or hours do not close it.
  const open = [{ label: 'open', at: openInstant('mon') }];

  it('names the unset settings as where the calls are connected, not the line\'s own number', async () => {
    const report = await exploreFlow({ flow, settings, lines: ['consumer'], instants: open });
    const toOperators = report.endings.filter((e) => e.node === firstTransferOn('consumer') && e.outcome === 'dial');
    const unset = operatorSettingList(firstTransferOn('consumer'));
    expect(unset.length).toBeGreaterThan(1); // one per language (it, en, …): the description joins them
    expect(toOperators).toEqual([expect.objectContaining({ description: `${firstTransferOn('consumer')}: connected to ${unsetOperators(unset)}`, unsetSettings: unset })]);
    expect(toOperators[0]).not.toHaveProperty('connectedTo');
    expect(report.endings.map((e) => e.description).join('\n')).not.toContain(`connected to ${flow.lines.consumer!.number}`);
  });

  it('says the number when the setting is set, for the language whose setting it is only', async () => {
    // The Italian operators' setting (DEST_CONSUMER_OPERATOR_IT) set; the other languages' left unset.
    const { it: italian, ...others } = operatorSettings(firstTransferOn('consumer'));
    // The other languages' settings, each once (two languages may share one), and not the Italian one.
    const othersUnset = operatorSettingList(firstTransferOn('consumer'), Object.keys(others)).filter((setting) => setting !== italian);
    expect(italian, 'the consumer operators\' setting for Italian callers').toBeDefined();
    const italianSet = readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off', [italian!]: '+390200000009' });
    const report = await exploreFlow({ flow, settings: italianSet, lines: ['consumer'], instants: open });
    const toOperators = report.endings.filter((e) => e.node === firstTransferOn('consumer') && e.outcome === 'dial').map((e) => e.description);
    expect(toOperators.sort()).toEqual([`${firstTransferOn('consumer')}: connected to +390200000009`, `${firstTransferOn('consumer')}: connected to ${unsetOperators(othersUnset)}`]);
  });

  // On the fixed copy of the menu, whose consumer line's longest path ends at a transfer: ours, since the information
  // keys follow the apology, ends at the goodbye.
  it('ends its longest path at the operators its command sets, and the command connects there', async () => {
    const report = await exploreFlow({ flow: fixedFlow(), settings, lines: ['consumer'], instants: [{ label: 'open', at: '2026-12-07T13:00' }] });
    const longest = report.longest!;
    expect(longest.choices.at(-1)).toBe('dial completed');
    const [, setting, number] = /^(DEST_\w+)=(\+\d+) npx ivr call /.exec(longest.reproduce) ?? [];
    expect(longest.reached).toMatch(new RegExp(`: connected to the operators \\(${setting}, unset here\\)$`));
    const call = await callIvr({ to: longest.to, at: longest.instant.at, press: longest.press, sms: 'sent', env: { [setting!]: number! }, flow: fixedFlow() });
    expect(call.errors).toEqual([]);
    expect(call.connectedTo).toBe(number);
  });
});

describe('the ivr explore command', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function run(args: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: string) => void lines.push(text));
    const code = await exploreCommand(args);
    return { code, out: lines.join('\n') };
  }

  it('exits 0 on our flow and says there is no defect', async () => {
    const { code, out } = await run(['--line', 'merchant']);
    expect(code).toBe(0);
    expect(out).toContain('Lines merchant at 4 instants');
    expect(out).toContain(`${firstTransferOn('merchant')}: connected to ${unsetOperators(operatorSettingList(firstTransferOn('merchant')))}`);
    expect(out).toMatch(/No defects\.$/);
  });

  // Each line's menu leads to the other's (9 both ways), past its own open check to the other's
  // hours check: the other line's closed messages lie behind two checks that would have to disagree
  // at one instant, which no explored call can enter, and are no unreached node.
  it.each([['consumer'], ['merchant']])('exits 0 and finds no defect exploring the %s line alone, though it leads into the other line', async (line) => {
    const { code, out } = await run(['--line', line]);
    expect(out).toMatch(/No defects\.$/);
    expect(out).toContain(`${firstTransferOn(line === 'consumer' ? 'merchant' : 'consumer')}: connected to`);
    expect(code).toBe(0);
  });

  it('explores a line named twice by --line once', async () => {
    const { out } = await run(['--line', 'merchant', '--line', 'merchant', '--json']);
    const report = JSON.parse(out) as ExploreReport;
    expect(report.lines).toEqual(['merchant']);
    expect(report.walks).toHaveLength(4);
    const once = JSON.parse((await run(['--line', 'merchant', '--json'])).out) as ExploreReport;
    expect(report.paths).toBe(once.paths);
  });

  it('names a flow given by IVR_FLOW_FILE in its header, and its replay commands set IVR_FLOW_FILE', async () => {
    vi.stubEnv('IVR_FLOW_FILE', 'test/explore/fixtures/no-goodbye.json');
    try {
      const { code, out } = await run([]);
      expect(code).toBe(1);
      expect(out.split('\n')[0]).toBe('Explored "Broken on purpose: key 2 hangs up without a word" (test/explore/fixtures/no-goodbye.json)');
      expect(out).toContain('    IVR_FLOW_FILE=test/explore/fixtures/no-goodbye.json npx ivr call --to +390200000001 ');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('exits 1 on a broken flow, and --json names the defect and how to replay it', async () => {
    // A flow `ivr lint` passes (a dead key is now refused there already), whose defect only a call shows.
    const { code, out } = await run(['test/explore/fixtures/no-goodbye.json', '--json', '--at', '2026-12-24T10:00']);
    expect(code).toBe(1);
    const report = JSON.parse(out) as ExploreReport;
    expect(report.instants.at(-1)).toEqual({ label: '--at', at: '2026-12-24T10:00' });
    expect(report.defects).toMatchObject([{ kind: 'no-goodbye', node: 'end', occurrences: 5 }]);
    expect(report.defects[0]?.example?.reproduce).toMatch(/^IVR_FLOW_FILE=test\/explore\/fixtures\/no-goodbye\.json npx ivr call /);
  });

  // explore has no check of its own for a failed transfer that dials round for ever: every flow it
  // explores is loaded through the checks `ivr lint` runs, which refuse it first, in lint's words.
  it.each([['dial-fails-into-itself'], ['dial-fails-round-two-desks']])('refuses %s with the message ivr lint prints (file, onFailure, fix), exit 1', async (name) => {
    const file = `test/flow/fixtures/${name}.json`;
    const explore = await runIvr(['explore', file]);
    expect(explore.stdout).toBe('');
    // Explore names the file by its full path, where lint names it as given.
    const lint = readFileSync(path.join(projectDir, `test/flow/fixtures/${name}.txt`), 'utf8');
    expect(explore.stderr).toBe(lint.replace(file, path.join(projectDir, file)));
    expect(explore.code).toBe(1);
  });
});
