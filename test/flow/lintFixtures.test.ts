import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { lintInProcess } from '../support/lintInProcess';
import { DEFAULT_FLOW_FILE, readSettings, SettingsError } from '../../src/config/settings';
import { loadFlowFile } from '../../src/flow/load';
import { syntaxProblem } from '../../src/flow/jsonSyntax';
import { FlowError } from '../../src/flow/problem';
import { runIvr, type IvrRun } from '../support/runIvr';
import { FIXED_FLOW_FILE, fixedMenuToLint, splitAnswer } from '../support/fixedMenu';
import { lineHolding } from '../support/lineHolding';
import { shippedLines } from '../support/shippedFlow';

// Each broken flow in fixtures/ sits beside the exact message `ivr lint` must
// print for it (<name>.txt): the file, each JSON path, what is wrong and the fix.
// The function app must refuse to start on it with that same message.

const DIR = 'test/flow/fixtures';
const broken = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && !f.startsWith('valid-'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

const lint = lintInProcess;

afterEach(() => vi.restoreAllMocks());

describe('ivr lint and start-up refuse broken flows with a useful message', () => {
  it('keeps at least 25 broken flows', () => {
    expect(broken.length).toBeGreaterThanOrEqual(25);
  });

  it.each(broken)('%s', async (name) => {
    const file = path.join(DIR, `${name}.json`);
    const result = await lint(file);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    await expect(result.err + '\n').toMatchFileSnapshot(`fixtures/${name}.txt`);
    // Loading (the app's start-up) refuses it with exactly the same words.
    let thrown: unknown;
    try {
      createApp({ settings: readSettings({ IVR_FLOW_FILE: file, TWILIO_SIGNATURE_VALIDATION: 'off' }), logger: { info() {}, warn() {}, error() {} } });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(FlowError);
    expect((thrown as FlowError).message.replace(path.resolve(file), file)).toBe(result.err);
  });

  it('the minimal valid fixture and the Klarna Italia flow pass: "OK <file>", exit 0', async () => {
    const valid = path.join(DIR, 'valid-minimal.json');
    const result = await lint(valid, DEFAULT_FLOW_FILE);
    expect(result).toEqual({ code: 0, out: `OK ${valid}\nOK ${DEFAULT_FLOW_FILE}`, err: '' });
    expect(() => loadFlowFile(valid)).not.toThrow();
  });

  it('several files: each is reported, and one broken file fails the run', async () => {
    const result = await lint(path.join(DIR, 'valid-minimal.json'), path.join(DIR, 'hours-inverted-range.json'));
    expect(result.code).toBe(1);
    expect(result.out).toBe(`OK ${path.join(DIR, 'valid-minimal.json')}`);
    expect(result.err).toContain('opens at 17:00 but closes at 09:00');
  });

  // A menu editor renamed node goodbye to farewell under "nodes" and had not yet changed its references: lint printed
  // each of them with every node id of the flow (11 KB), and "no call can reach" the renamed node, fix "delete it".
  it('a node renamed halfway in the menu: each reference short, the rename named once at the renamed node', async () => {
    const ids = Object.keys(JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8')).nodes);
    expect(ids.length, 'the menu has more node ids than a fix lists').toBeGreaterThan(10);
    const { file, result } = await lintRenamedHalfway(FIXED_FLOW_FILE, 'goodbye', 'farewell', 'renamed-halfway.json');
    expect(result.code).toBe(1);
    const references = readFileSync(FIXED_FLOW_FILE, 'utf8').split('"goodbye"').length - 2;
    const problems = result.err.split('\n  at ').slice(1);
    expect(problems).toHaveLength(references + 1);
    for (const problem of problems.slice(0, -1)) {
      expect(problem).toMatch(/^\S+, line \d+: refers to node "goodbye", which does not exist\n {4}fix: add a node "goodbye" under "nodes", or see nodes\.farewell below$/);
    }
    expect(problems.at(-1)).toBe(
      `nodes.farewell, line ${lineHolding(file, '"farewell": {')}: no call can reach node "farewell", and no node is called "goodbye", which ${references} places refer to\n` +
        '    fix: did you rename "goodbye" to "farewell"? rename it back, or point these references at "farewell"',
    );
    expect(result.err).not.toContain(ids.slice(0, 3).join(', '));
  });

  // The review: only the key "consumer-chat" renamed "consumer-chat-info" in the shipped flow, and lint told
  // each reference to use "consumer-menu" (the old id is a few letters off it) and the renamed node "delete it".
  // Made on the fixed copy of the menu, which keeps both ids whatever an editor renames in the shipped one; there
  // two places lead to the chat answer (the menu's key 1, the answer's own hear-again key), and one place leads to
  // consumer-operator (a few letters off merchant-operator and consumer-operator-hours), for the wording of one.
  it('a node renamed halfway whose old id is close to another node\'s: the rename is named, not the typo', async () => {
    const chat = await lintRenamedHalfway(FIXED_FLOW_FILE, 'consumer-chat', 'consumer-chat-info', 'chat-renamed-halfway.json');
    expect(chat.result.code).toBe(1);
    expect(withoutLines(chat.result.err)).toBe(
      `Invalid flow file ${chat.file}: 3 problems\n` +
        '  at nodes.consumer-menu.options[0].next: refers to node "consumer-chat", which does not exist\n' +
        '    fix: add a node "consumer-chat" under "nodes", or see nodes.consumer-chat-info below\n' +
        '  at nodes.consumer-chat-info.options[0].next: refers to node "consumer-chat", which does not exist\n' +
        '    fix: add a node "consumer-chat" under "nodes", or see nodes.consumer-chat-info below\n' +
        '  at nodes.consumer-chat-info: no call can reach node "consumer-chat-info", and no node is called "consumer-chat", which 2 places refer to\n' +
        '    fix: did you rename "consumer-chat" to "consumer-chat-info"? rename it back, or point these references at "consumer-chat-info"',
    );
    const operator = await lintRenamedHalfway(FIXED_FLOW_FILE, 'consumer-operator', 'consumer-transfer', 'operator-renamed-halfway.json');
    expect(operator.result.code).toBe(1);
    expect(withoutLines(operator.result.err)).toBe(
      `Invalid flow file ${operator.file}: 2 problems\n` +
        '  at nodes.consumer-operator-hours.open: refers to node "consumer-operator", which does not exist\n' +
        '    fix: add a node "consumer-operator" under "nodes", or see nodes.consumer-transfer below\n' +
        '  at nodes.consumer-transfer: no call can reach node "consumer-transfer", and no node is called "consumer-operator", which one place refers to\n' +
        '    fix: did you rename "consumer-operator" to "consumer-transfer"? rename it back, or point that reference at "consumer-transfer"',
    );
  });

  // The review: the key "consumer-card" typed "consumer-crad" under "nodes", its two references right: lint told
  // each reference to use "consumer-crad" (the closest name), spreading the typo, and never named the rename.
  // Which of two ids a few letters apart is the slip no flow says ("ofice-hours" in the references is one too):
  // it is named once, at the node, with both ways out.
  it('a typo in a node\'s own id, its references right: named once at the node with both fixes, not a fix that spreads the typo', async () => {
    const { file, result } = await lintRenamedHalfway(FIXED_FLOW_FILE, 'consumer-complaints', 'consumer-compliants', 'complaints-key-typo.json');
    expect(result.code).toBe(1);
    expect(withoutLines(result.err)).toBe(
      `Invalid flow file ${file}: 3 problems\n` +
        '  at nodes.consumer-menu.options[2].next: refers to node "consumer-complaints", which does not exist\n' +
        '    fix: see nodes.consumer-compliants below, a few letters off: one of the two ids is misspelt\n' +
        // The node's own menu repeats itself (key 1): a reference the rename left behind too.
        '  at nodes.consumer-compliants.options[0].next: refers to node "consumer-complaints", which does not exist\n' +
        '    fix: see nodes.consumer-compliants below, a few letters off: one of the two ids is misspelt\n' +
        '  at nodes.consumer-compliants: no call can reach node "consumer-compliants", and no node is called "consumer-complaints", which 2 places refer to: one of the two ids is misspelt\n' +
        '    fix: if "consumer-compliants" is right, point these references at it; if "consumer-complaints" is, rename node "consumer-compliants" to "consumer-complaints"',
    );
    expect(result.err).not.toContain('use "consumer-compliants"');
  });

  it('a typo of a node calls reach, beside a node left over with another name: the typo\'s fix, and the left-over node its own problem', async () => {
    // On the fixed copy of the menu, whose consumer-menu a rename in the shipped one does not move.
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    // Other keys still lead to "consumer-operator-hours", so "old-promo" is the one node nothing points at.
    flow.nodes['consumer-menu'].options[1].next = 'consumer-operator-hour';
    flow.nodes['old-promo'] = { type: 'hangup' };
    const file = path.join(copies, 'typo-and-left-over.json');
    writeFileSync(file, JSON.stringify(flow, null, 2));
    const result = await lint(file);
    expect(result.code).toBe(1);
    expect(withoutLines(result.err)).toContain(
      '  at nodes.consumer-menu.options[1].next: refers to node "consumer-operator-hour", which does not exist\n' +
        '    fix: use "consumer-operator-hours" (the closest name), or add a node "consumer-operator-hour" under "nodes"\n',
    );
    expect(withoutLines(result.err)).toContain('  at nodes.old-promo: no call can reach node "old-promo"\n    fix: point a line, an option or another node at it, or delete it');
    expect(result.err).not.toContain('did you rename');
  });

  // The review: only the key "consumer-call-cost" renamed "consumer-cost" in the shipped flow, and lint told each
  // reference to use "consumer-call-cost-hours" (a node named after the old id, which the renamed node leads to):
  // followed, the menu would skip the call-cost answer, and the renamed node would be deleted as unreachable.
  // On the fixed copy with its call-cost answer split as the shipped menu has it (say node, "-hours" check, menu), so
  // a rename of the shipped node does not reach this test.
  it('a node renamed halfway whose old id another node is named after: the rename is named, not that node', async () => {
    const flow = fixedMenuToLint();
    splitAnswer(flow, 'consumer-call-cost', { closed: 'closed', holiday: 'holiday-closed' });
    const split = path.join(copies, 'call-cost-split.json');
    writeFileSync(split, JSON.stringify(flow, null, 2));
    const { result } = await lintRenamedHalfway(split, 'consumer-call-cost', 'consumer-cost', 'call-cost-renamed-halfway.json');
    expect(result.code).toBe(1);
    // Its two references: the consumer menu's key 5, and the hear-again key of the answer's own menu.
    expect(withoutLines(result.err)).toContain(
      '    fix: add a node "consumer-call-cost" under "nodes", or see nodes.consumer-cost below\n' +
        '  at nodes.consumer-cost: no call can reach node "consumer-cost", and no node is called "consumer-call-cost", which 2 places refer to\n' +
        '    fix: did you rename "consumer-call-cost" to "consumer-cost"? rename it back, or point these references at "consumer-cost"',
    );
    expect(result.err).not.toContain('use "consumer-call-cost-hours"');
  });

  it('a reference to a node no name is close to, in a flow of many nodes: the fix counts the names instead of listing them', async () => {
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    // A new key whose node is not written yet: no node loses its only reference, so no rename is guessed.
    flow.nodes['consumer-menu'].options.push({ key: '8', next: 'survey' });
    const file = path.join(copies, 'survey.json');
    writeFileSync(file, JSON.stringify(flow, null, 2));
    const result = await lint(file);
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      '  at nodes.consumer-menu.options[7].next, line 204: refers to node "survey", which does not exist\n' +
        `    fix: add a node "survey" under "nodes" or use one of the ${Object.keys(flow.nodes).length} names under "nodes"\n`,
    );
  });

  it('an unknown option: usage, exit 2 (no file checks the app\'s flow: test/cli/usage.test.ts)', async () => {
    const run = await lint('--strict', 'x.json');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^ivr lint: unknown option --strict/);
  });
});

describe('a fix for a text\'s quotes, followed as written, gives a file that passes', () => {
  // The reviewer's slips: on a line holding two texts, a fix that merged the second text into the first;
  // a quote placed after the "}]" that follows the text, which put them in the text.
  const quoteSlips = broken.filter((name) => /quote|unterminated-string/.test(name));

  it('covers the slips in quotes', () => {
    expect(quoteSlips).toEqual(expect.arrayContaining(['json-quote-inside-two-texts', 'json-missing-quote-before-next-name', 'json-missing-quote-before-brackets', 'json-missing-quote-after-placeholder']));
  });

  it.each(quoteSlips)('%s', async (name) => {
    const lines = readFileSync(path.join(DIR, `${name}.json`), 'utf8').split('\n');
    const { err } = await lint(path.join(DIR, `${name}.json`));
    const add = /fix: add the closing " at line (\d+), column (\d+)/.exec(err);
    const escape = /the text that starts at line (\d+), column (\d+)[^\n]*\n\s*fix: write each " inside the text as \\" \(or use « » instead\): "(.*)"$/m.exec(err);
    expect(add ?? escape, err).not.toBeNull();
    if (add) {
      const [, line, column] = add.map(Number) as [number, number, number];
      const at = lines[line - 1] as string;
      lines[line - 1] = `${at.slice(0, column - 1)}"${at.slice(column - 1)}`;
    } else {
      const [, line, column] = escape!.map(Number) as [number, number, number];
      const meant = escape![3] as string;
      const at = lines[line - 1] as string;
      const written = `"${meant.replace(/\\"/g, '"')}"`;
      // The fix rewrites exactly the text that starts there: no more of the line.
      expect(at.slice(column - 1, column - 1 + written.length)).toBe(written);
      lines[line - 1] = `${at.slice(0, column - 1)}"${meant}"${at.slice(column - 1 + written.length)}`;
    }
    const fixed = path.join(copies, `${name}-fixed.json`);
    writeFileSync(fixed, lines.join('\n'));
    expect(await lint(fixed)).toEqual({ code: 0, out: `OK ${fixed}`, err: '' });
  });
});

describe("a fix for a name or text written as JavaScript allows, followed as written, gives a file that passes", () => {
  // { tag: 'en-GB' }: V8 says "Expected property name or '}'" or "Unexpected token", naming neither slip.
  it.each([
    ['json-bare-name', 'tag:'],
    ['json-apostrophe-text', "'en-GB'"],
  ])('%s', async (name, slip) => {
    const lines = readFileSync(path.join(DIR, `${name}.json`), 'utf8').split('\n');
    const { err } = await lint(path.join(DIR, `${name}.json`));
    const fix = /at line (\d+), column (\d+): [^\n]*\n\s*fix: write (.+) there, and so every other name or text written this way$/m.exec(err);
    expect(fix, err).not.toBeNull();
    const [, line, column] = fix!.map(Number) as [number, number, number];
    const at = lines[line - 1] as string;
    expect(at.slice(column - 1, column - 1 + slip.length)).toBe(slip);
    lines[line - 1] = `${at.slice(0, column - 1)}${fix![3]}${at.slice(column - 1 + slip.length)}`;
    const fixed = path.join(copies, `${name}-fixed.json`);
    writeFileSync(fixed, lines.join('\n'));
    expect(await lint(fixed)).toEqual({ code: 0, out: `OK ${fixed}`, err: '' });
  });
});

describe('a fix for a comma, followed as written, gives a file that passes', () => {
  // V8's own words ("Expected ',' or '}' after property value", "Unexpected token ','") name no comma to add
  // or remove: the fix says which, and where.
  const commaSlips = broken.filter((name) => /comma/.test(name));

  it('covers the slips with commas', () => {
    expect(commaSlips).toEqual(expect.arrayContaining(['json-missing-comma', 'json-missing-comma-list', 'json-missing-comma-same-line', 'json-comma-before-first-item', 'json-comma-in-empty-list', 'json-comma-opening-object', 'json-two-commas', 'json-trailing-comma', 'json-missing-bracket-before-comma', 'json-missing-bracket-two-commas', 'json-missing-bracket-and-comma', 'json-two-commas-after-last-item', 'json-three-commas']));
  });

  it.each(commaSlips)('%s', async (name) => {
    const lines = readFileSync(path.join(DIR, `${name}.json`), 'utf8').split('\n');
    const { err } = await lint(path.join(DIR, `${name}.json`));
    const atEnd = /fix: add (?:a comma|(\],)) at the end of line (\d+)(?: \(a \] and a comma\))?$/m.exec(err);
    const after = /fix: add a comma after the (?:text that ends|value that ends|[}\]]) at line (\d+), column (\d+)$/m.exec(err);
    // A ] deleted with its comma typed again: the extra commas go first, then the ] is added.
    const bracket = /fix: (?:(remove .*), then )?add \] before the comma at line (\d+), column (\d+)$/m.exec(err);
    const remove = bracket ? null : /fix: (remove .*)$/m.exec(err);
    expect(atEnd ?? after ?? remove ?? bracket, err).not.toBeNull();
    let fixed = lines.join('\n');
    if (atEnd) {
      lines[Number(atEnd[2]) - 1] += atEnd[1] ?? ',';
      fixed = lines.join('\n');
    } else if (remove) {
      fixed = commasRemoved(fixed, remove[1] as string);
    } else if (bracket) {
      fixed = bracketAdded(bracket[1] ? commasRemoved(fixed, bracket[1]) : fixed, Number(bracket[2]), Number(bracket[3]));
    } else {
      const [, line, column] = after!.map(Number) as [number, number, number];
      const at = lines[line - 1] as string;
      lines[line - 1] = `${at.slice(0, column)},${at.slice(column)}`;
      fixed = lines.join('\n');
    }
    const file = path.join(copies, `${name}-fixed.json`);
    writeFileSync(file, fixed);
    expect(await lint(file)).toEqual({ code: 0, out: `OK ${file}`, err: '' });
  });

  it('any one comma of the Klarna Italia flow deleted, or typed twice or three times, or two typed after the last item or before the first, or an empty list\'s ] deleted with its comma typed again: the fix, followed, gives the flow back', () => {
    const flow = readFileSync(DEFAULT_FLOW_FILE, 'utf8');
    const fixOf = (text: string) => {
      try {
        JSON.parse(text);
      } catch (err) {
        return syntaxProblem(text, err as Error).fix;
      }
      throw new Error('JSON.parse accepted the broken flow');
    };
    /** `text` with `insert` put at line `line`, column `column` (1-based), or the character there removed. */
    const edit = (text: string, line: number, column: number, insert?: string) => {
      const lines = text.split('\n');
      const at = lines[line - 1] as string;
      lines[line - 1] = insert === undefined ? at.slice(0, column - 1) + at.slice(column) : at.slice(0, column - 1) + insert + at.slice(column - 1);
      return lines.join('\n');
    };
    // The commas between items: those outside texts in quotes.
    const commas = [...flow.matchAll(/"(?:[^"\\\n]|\\.)*"|,/g)].filter((m) => m[0] === ',').map((m) => m.index);
    expect(commas.length).toBeGreaterThan(300);
    for (const at of commas) {
      const deleted = flow.slice(0, at) + flow.slice(at + 1);
      const fix = fixOf(deleted);
      const atEnd = /^add a comma at the end of line (\d+)$/.exec(fix);
      const after = /^add a comma after the text that ends at line (\d+), column (\d+)$/.exec(fix);
      expect(atEnd ?? after, fix).not.toBeNull();
      const followed = atEnd ? edit(deleted, Number(atEnd[1]), (deleted.split('\n')[Number(atEnd[1]) - 1] as string).length + 1, ',') : edit(deleted, Number(after![1]), Number(after![2]) + 1, ',');
      expect(followed).toBe(flow);
      const twice = flow.slice(0, at) + ',' + flow.slice(at);
      expect(fixOf(twice)).toMatch(/^remove one of them: the comma at line \d+, column \d+$/);
      expect(commasRemoved(twice, fixOf(twice))).toBe(flow);
      // Typed three times: removing one would leave two in a row.
      const thrice = flow.slice(0, at) + ',,' + flow.slice(at);
      expect(fixOf(thrice)).toMatch(/^remove all but one: the commas at line \d+, columns \d+ and \d+$/);
      expect(commasRemoved(thrice, fixOf(thrice))).toBe(flow);
    }
    // After the last item of each list and object, and before the first: two commas, where none belongs.
    // The brackets outside texts in quotes, of lists and objects that have items.
    const brackets = [...flow.matchAll(/"(?:[^"\\\n]|\\.)*"|[[\]{}]/g)].filter((m) => !m[0].startsWith('"')).map((m) => m.index);
    const closers = brackets.filter((i) => ']}'.includes(flow[i] as string) && !'[{'.includes(flow.slice(0, i).trimEnd().at(-1) as string));
    const openers = brackets.filter((i) => '[{'.includes(flow[i] as string) && !']}'.includes(flow.slice(i + 1).trimStart()[0] as string));
    expect(closers.length).toBeGreaterThan(100);
    expect(openers.length).toBeGreaterThan(100);
    for (const at of [...closers.map((i) => flow.slice(0, i).trimEnd().length), ...openers.map((i) => i + 1)]) {
      const doubled = flow.slice(0, at) + ',,' + flow.slice(at);
      const fix = fixOf(doubled);
      expect(fix).toMatch(/^remove the commas at line \d+, columns \d+ and \d+$/);
      expect(commasRemoved(doubled, fix)).toBe(flow);
    }
    // An empty list's ] deleted, and the comma after it typed again, or twice again: `"sat": [,,` before
    // `"sun": []`. V8 said "Unexpected token ','", with the general fix.
    const emptyLists = [...flow.matchAll(/"(?:[^"\\\n]|\\.)*"|\[\s*\],(?=\s*")/g)].filter((m) => m[0].startsWith('[')).map((m) => m.index);
    expect(emptyLists.length).toBeGreaterThan(0);
    for (const at of emptyLists) {
      const end = flow.indexOf(',', at) + 1;
      for (const commas of [',,', ',,,']) {
        const broken = `${flow.slice(0, at)}[${commas}${flow.slice(end)}`;
        const fix = fixOf(broken);
        const followed = /^(remove .*), then add \] before the comma at line (\d+), column (\d+)$/.exec(fix);
        expect(followed, fix).not.toBeNull();
        expect(bracketAdded(commasRemoved(broken, followed![1] as string), Number(followed![2]), Number(followed![3]))).toBe(flow);
      }
    }
  });
});

describe('start-up refuses settings that name no line of the flow', () => {
  const start = (lineNumbers: string) => () =>
    createApp({ settings: readSettings({ IVR_LINE_NUMBERS: lineNumbers, TWILIO_SIGNATURE_VALIDATION: 'off' }), logger: { info() {}, warn() {}, error() {} } });

  // Every object has a "constructor": an `in` lookup found it, and every call to the number got the apology.
  it('IVR_LINE_NUMBERS=+15005550006=constructor', () => {
    expect(start('+15005550006=constructor')).toThrow(SettingsError);
    expect(start('+15005550006=constructor')).toThrow('IVR_LINE_NUMBERS maps +15005550006 to line "constructor", which the flow does not have; add line "constructor" to the flow\'s "lines", or map +15005550006 to one of: consumer, merchant');
  });

  it('a real line name starts', () => {
    expect(start('+15005550006=merchant')).not.toThrow();
  });
});

/**
 * `text` with the commas a fix names removed, as an editor follows it: "remove the comma at line 3, column 9",
 * "remove one of them: the comma at …", "remove the commas at line 3, columns 9 and 10", "remove all but
 * one: the commas at …", or each place named ("the comma at line 3, column 9 and the comma at line 4, column 1").
 */
function commasRemoved(text: string, fix: string): string {
  const named = /^remove (?:one of them: |all but one: )?(.*)$/.exec(fix);
  expect(named, fix).not.toBeNull();
  const places: [number, number][] = [];
  for (const group of (named![1] as string).matchAll(/the commas? at line (\d+), columns? ([\d, and]+?)(?= and the comma|$)/g)) {
    for (const column of (group[2] as string).split(/, | and /)) places.push([Number(group[1]), Number(column)]);
  }
  expect(places.length, fix).toBeGreaterThan(0);
  const lines = text.split('\n');
  // From the last, so each column still counts from the line as it was.
  for (const [line, column] of places.sort((a, b) => b[0] - a[0] || b[1] - a[1])) {
    const at = lines[line - 1] as string;
    expect(at[column - 1], `${fix}: line ${line}, column ${column}`).toBe(',');
    lines[line - 1] = at.slice(0, column - 1) + at.slice(column);
  }
  return lines.join('\n');
}

/** `text` with the ] a fix names added, before the comma at line `line`, column `column`, as an editor follows it. */
function bracketAdded(text: string, line: number, column: number): string {
  const lines = text.split('\n');
  const at = lines[line - 1] as string;
  expect(at[column - 1], `line ${line}, column ${column}`).toBe(',');
  lines[line - 1] = `${at.slice(0, column - 1)}]${at.slice(column - 1)}`;
  return lines.join('\n');
}

/** Copies of our flow, in a folder of their own that goes when the tests end. */
const copies = mkdtempSync(path.join(os.tmpdir(), 'ivr-lint-'));
afterAll(() => rmSync(copies, { recursive: true, force: true }));
/**
 * Our flow with line `from` renamed `to`, in its place among the lines, as a file: read as JSON, not as text,
 * so the way an editor lays out the shipped file does not matter.
 */
function ourFlowWithLineRenamed(name: string, from: string, to: string): string {
  const file = path.join(copies, `${name}.json`);
  const flow = JSON.parse(readFileSync(DEFAULT_FLOW_FILE, 'utf8'));
  expect(flow.lines, `the shipped flow has no line "${from}"`).toHaveProperty(from);
  flow.lines = Object.fromEntries(Object.entries(flow.lines).map(([line, value]) => [line === from ? to : line, value]));
  if (flow.defaultLine === from) flow.defaultLine = to;
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}

/**
 * What lint says of a copy of the shipped flow, without the lines of its problems ("at PATH, line N:" read as
 * "at PATH:"): they move with every edit of the shipped file, and these tests are about what is said. Lines are
 * pinned where the flow is the test's own (the fixed menu, the fixtures).
 */
function withoutLines(said: string): string {
  return said.replace(/^( {2}(?:warning )?at \S+), line \d+:/gm, '$1:');
}

/** A copy of `source` whose node `from` is renamed `to` under "nodes" only, its references left as they were, and what lint says of it. */
async function lintRenamedHalfway(source: string, from: string, to: string, name: string): Promise<{ file: string; result: Awaited<ReturnType<typeof lint>> }> {
  const flow = JSON.parse(readFileSync(source, 'utf8'));
  flow.nodes = Object.fromEntries(Object.entries(flow.nodes).map(([id, node]) => [id === from ? to : id, node]));
  const file = path.join(copies, name);
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return { file, result: await lint(file) };
}

async function lintShippedCopy(file: string): Promise<IvrRun> {
  const run = await runIvr(['lint', file]);
  return { ...run, stdout: withoutLines(run.stdout), stderr: withoutLines(run.stderr) };
}

/**
 * The fixed copy of the menu with these weekly hours, and these first sentences of its closed messages
 * ("closed.it", "holiday-closed.en", ...): a change of hours, wording or node names in the shipped flow does not
 * reach these tests.
 */
function fixedMenuSaying(name: string, weekly: Record<string, { open: string; close: string }[]>, sentences: Record<string, string>): string {
  const flow = fixedMenuToLint();
  flow.hours.weekly = weekly;
  for (const [where, text] of Object.entries(sentences)) {
    const [node = '', language = ''] = where.split('.');
    expect(flow.nodes[node]?.prompt?.[0], `the fixed copy of the menu has no nodes.${node}.prompt[0]`).toBeTypeOf('object');
    flow.nodes[node].prompt[0][language] = text;
  }
  const file = path.join(copies, `${name}.json`);
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}
const open = (from: string, to: string) => [{ open: from, close: to }];
const NINE_TO_FIVE = { mon: open('09:00', '17:00'), tue: open('09:00', '17:00'), wed: open('09:00', '17:00'), thu: open('09:00', '17:00'), fri: open('09:00', '17:00'), sat: [], sun: [] };
/** The same sentences in the merchant line's closed messages: each line says the one "hours" in its own. */
function onBothLines(sentences: Record<string, string>): Record<string, string> {
  return { ...sentences, ...Object.fromEntries(Object.entries(sentences).map(([where, text]) => [`merchant-${where}`, text])) };
}
const SAID_NINE_TO_FIVE = onBothLines({
  'closed.it': 'È attivo dal lunedì al venerdì, dalle 9 alle 17.',
  'closed.en': 'It is open Monday to Friday, from 9 am to 5 pm, Italian time.',
  'holiday-closed.it': 'È attivo dal lunedì al venerdì, dalle 9 alle 17.',
  'holiday-closed.en': 'It is open Monday to Friday, from 9 am to 5 pm, Italian time.',
});

describe('ivr lint checks the app settings against the flow, as start-up does', { timeout: 30_000 }, () => {
  it('a line renamed in the flow while IVR_LINE_NUMBERS still names the old one: lint fails as `ivr call` does, exit 1', async () => {
    const file = ourFlowWithLineRenamed('renamed', 'merchant', 'merchants');
    const env = { IVR_LINE_NUMBERS: '+15005550006=merchant' };
    // The lines the copy has, as the fix lists them: the shipped flow's, merchant renamed (consumer, merchants, …).
    const lines = shippedLines().map((line) => (line === 'merchant' ? 'merchants' : line)).join(', ');
    const said = `IVR_LINE_NUMBERS maps +15005550006 to line "merchant", which the flow does not have; add line "merchant" to the flow's "lines", or map +15005550006 to one of: ${lines}`;
    const lint = await runIvr(['lint', file], { env });
    expect(lint.stdout).toBe('');
    // The fix on its own line, said once: either side can be changed, the flow (the line renamed back) or the setting.
    expect(lint.stderr).toBe(
      `The app would not start with ${file} and these settings (from the environment, then local.settings.json): IVR_LINE_NUMBERS maps +15005550006 to line "merchant", which the flow does not have\n` +
        `  fix: add line "merchant" to the flow's "lines", or map +15005550006 to one of: ${lines}\n`,
    );
    expect(lint.code).toBe(1);
    const call = await runIvr(['call', '--to', '+390237921240', '--at', '2026-12-07T10:00', '--press', 'hangup'], { env: { ...env, IVR_FLOW_FILE: file } });
    expect(call.stderr).toContain(said);
    // With the setting naming a line the flow has, both pass.
    expect((await runIvr(['lint', file], { env: { IVR_LINE_NUMBERS: '+15005550006=merchants' } })).code).toBe(0);
  });

  it('a setting wrong before any flow is read (TWILIO_SIGNATURE_VALIDATION, IVR_LINE_NUMBERS misspelt): its fix on a line of its own, as for the others, exit 1', async () => {
    const from = 'The app settings (from the environment, then local.settings.json) stop the app before any flow is read: ';
    expect(await runIvr(['lint'], { env: { TWILIO_SIGNATURE_VALIDATION: 'maybe' } })).toEqual({
      code: 1,
      stdout: '',
      stderr: `${from}TWILIO_SIGNATURE_VALIDATION is "maybe"\n  fix: set it to "on" (the default) or "off"\n`,
    });
    expect(await runIvr(['lint'], { env: { IVR_LINE_NUMBERS: '+15005550006:merchant' } })).toEqual({
      code: 1,
      stdout: '',
      stderr: `${from}IVR_LINE_NUMBERS has "+15005550006:merchant"\n  fix: write each entry as +E164NUMBER=line, e.g. +15005550006=consumer\n`,
    });
    // The app, started with it, says the same in one sentence.
    expect(() => readSettings({ TWILIO_SIGNATURE_VALIDATION: 'maybe' })).toThrow('TWILIO_SIGNATURE_VALIDATION is "maybe"; set it to "on" (the default) or "off"');
  });
});

describe('the call journal\'s, the chat-link SMS\'s and the log\'s settings are said as every other setting', { timeout: 30_000 }, () => {
  const from = 'The app settings (from the environment, then local.settings.json) stop the app before any flow is read: ';
  // Each: the settings, the problem lint prints, and its fix, which lint prints on a line of its own and
  // `ivr call` (as the app at start-up) after the problem, in one sentence: neither says it twice.
  it.each<[string, Record<string, string>, string, string]>([
    ['IVR_CALL_JOURNAL misspelt', { IVR_CALL_JOURNAL: 'maybe' }, 'IVR_CALL_JOURNAL is "maybe"', 'set it to "memory" or "table", or leave it unset (table when AzureWebJobsStorage is a storage connection string, memory otherwise)'],
    // Lint passed it while every call, and the app's start, refused it (found by fuzzing the settings).
    ['IVR_LOG_PHONE_NUMBERS misspelt', { IVR_LOG_PHONE_NUMBERS: 'none' }, 'IVR_LOG_PHONE_NUMBERS is "none"', 'set it to "masked" (the default) or "full"'],
    [
      'a table journal with an identity-based storage',
      { IVR_CALL_JOURNAL: 'table', AzureWebJobsStorage__accountName: 'klarnaivr' },
      'IVR_CALL_JOURNAL=table keeps the call journal in the storage account of AzureWebJobsStorage, which is not set',
      'give AzureWebJobsStorage a storage account connection string (DefaultEndpointsProtocol, AccountName and AccountKey, or TableEndpoint and SharedAccessSignature), or UseDevelopmentStorage=true for Azurite, not an identity-based connection (AzureWebJobsStorage__accountName), which the journal cannot use',
    ],
    [
      'an SMS sender that is none',
      { IVR_SMS_FROM: '02 1234 5678' },
      'IVR_SMS_FROM is "02 1234 5678"',
      'give a Twilio number that can send SMS (E.164, e.g. +393123456789), an alphanumeric sender ID of up to 11 letters and digits (e.g. Klarna), or a Messaging Service SID (MG...)',
    ],
    [
      'an SMS sender with no credentials to send with',
      { IVR_SMS_FROM: 'Klarna' },
      "IVR_SMS_FROM is set, so the app sends SMS with Twilio's REST API, and no credentials for it are set",
      'set TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or with TWILIO_API_KEY and TWILIO_API_SECRET), or unset IVR_SMS_FROM',
    ],
    [
      'an SMS sender with an account ID that is none',
      { IVR_SMS_FROM: 'Klarna', TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'x' },
      'TWILIO_ACCOUNT_SID is "AC123"',
      'it is 34 characters, AC then 32 hex digits, in the Twilio console (Account > API keys & tokens)',
    ],
    [
      'an SMS sender on unsigned webhooks',
      { IVR_SMS_FROM: 'Klarna', TWILIO_ACCOUNT_SID: `AC${'1a'.repeat(16)}`, TWILIO_AUTH_TOKEN: 'x', TWILIO_SIGNATURE_VALIDATION: 'off' },
      'IVR_SMS_FROM is set but Twilio signatures are not checked (no TWILIO_AUTH_TOKEN, or TWILIO_SIGNATURE_VALIDATION=off): anyone could then make this app text any mobile number at your cost',
      'set TWILIO_AUTH_TOKEN and keep TWILIO_SIGNATURE_VALIDATION=on, or unset IVR_SMS_FROM',
    ],
  ])('%s: lint prints the fix on a line of its own, ivr call after the problem, both exit 1', async (_label, env, problem, fix) => {
    expect(await runIvr(['lint'], { env })).toEqual({ code: 1, stdout: '', stderr: `${from}${problem}\n  fix: ${fix}\n` });
    expect(await runIvr(['call', '--at', '2026-12-07T10:00', '--press', 'hangup'], { env })).toEqual({ code: 1, stdout: '', stderr: `${problem}; ${fix}\n` });
  });
});

describe('a destination setting written the Italian way is given back in E.164, as the flow file\'s number is', { timeout: 30_000 }, () => {
  it('DEST_CONSUMER_OPERATOR_IT="02 9999 0000": lint and ivr call say to set it to +390299990000, exit 1', async () => {
    const env = { DEST_CONSUMER_OPERATOR_IT: '02 9999 0000' };
    const said = 'DEST_CONSUMER_OPERATOR_IT is "02 9999 0000", not in E.164; set it to +390299990000 (the same number, with its country code and no spaces)';
    const lint = await runIvr(['lint'], { env });
    expect(lint.stdout).toBe('');
    expect(lint.stderr).toBe(
      'The app would not start with flows/klarna-italia.json and these settings (from the environment, then local.settings.json): DEST_CONSUMER_OPERATOR_IT is "02 9999 0000", not in E.164\n' +
        '  fix: set it to +390299990000 (the same number, with its country code and no spaces)\n',
    );
    expect(lint.code).toBe(1);
    const call = await runIvr(['call', '--at', '2026-12-07T10:00', '--press', 'hangup'], { env });
    expect(call.stderr).toContain(said);
    // Followed, the setting passes.
    expect(await runIvr(['lint'], { env: { DEST_CONSUMER_OPERATOR_IT: '+390299990000' } })).toEqual({ code: 0, stdout: 'OK flows/klarna-italia.json\n', stderr: '' });
  });

  it('a setting that is no phone number keeps the example, said once by lint and by ivr call', async () => {
    const env = { DEST_CONSUMER_OPERATOR_EN: '123' };
    const lint = await runIvr(['lint'], { env });
    expect(lint.stderr).toBe(
      'The app would not start with flows/klarna-italia.json and these settings (from the environment, then local.settings.json): DEST_CONSUMER_OPERATOR_EN is "123"\n' +
        '  fix: give an E.164 number such as +390212345678\n',
    );
    expect(lint.code).toBe(1);
    const call = await runIvr(['call', '--to', '+390237921240', '--at', '2026-11-24T10:00', '--press', '1', '--press', '0'], { env });
    expect(call.stderr).toBe('DEST_CONSUMER_OPERATOR_EN is "123"; give an E.164 number such as +390212345678\n');
    expect(call.code).toBe(1);
  });
});

// A number in E.164's shape that no country's numbering plan has (+1234567 is too short for +1) passes the
// shape check, and Twilio refuses to <Dial> it (error 13224): every caller sent there would hear the apology.
// A warning, not a refusal, since libphonenumber's metadata may lag a new range; the exit code stays 0.
describe('ivr lint warns at a transfer number in no numbering plan, and passes the file', { timeout: 30_000 }, () => {
  const WARNING = "not a number of any country's numbering plan (libphonenumber): Twilio would refuse the transfer (error 13224); check it";

  it('DEST_CONSUMER_OPERATOR_IT=+1234567: a warning naming the setting and the number, exit 0; a real number, none', async () => {
    expect(await runIvr(['lint', 'flows/klarna-italia.json'], { env: { DEST_CONSUMER_OPERATOR_IT: '+1234567' } })).toEqual({
      code: 0,
      stdout: `OK flows/klarna-italia.json, with 1 warning:\n  warning: DEST_CONSUMER_OPERATOR_IT is +1234567, ${WARNING}\n`,
      stderr: '',
    });
    expect(await runIvr(['lint', 'flows/klarna-italia.json'], { env: { DEST_CONSUMER_OPERATOR_IT: '+390200000001' } })).toEqual({ code: 0, stdout: 'OK flows/klarna-italia.json\n', stderr: '' });
  });

  it("the flow's own number, not a placeholder: a warning naming its path", async () => {
    const file = path.join(copies, 'unplanned-desk.json');
    writeFileSync(file, readFileSync(path.join(DIR, 'valid-minimal.json'), 'utf8').replace('"number": "+390200000002"', '"number": "+6931234567"'));
    expect(await runIvr(['lint', file])).toEqual({ code: 0, stdout: `OK ${file}, with 1 warning:\n  warning: the flow's destinations.desk.number is +6931234567, ${WARNING}\n`, stderr: '' });
  });
});

describe('ivr lint warns where a prompt says other opening hours than "hours" keeps', { timeout: 30_000 }, () => {
  it('Friday closing moved to 16:00 while the closed messages still say "dal lunedì al venerdì, dalle 9 alle 17": a warning at each, exit 0', async () => {
    const file = fixedMenuSaying('friday', { ...NINE_TO_FIVE, fri: open('09:00', '16:00') }, SAID_NINE_TO_FIVE);
    const run = await lintShippedCopy(file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`OK ${file}, with 8 warnings:\n`);
    expect(run.stdout).toContain(
      '  warning at nodes.closed.prompt[0].it: says "dal lunedì al venerdì, dalle 9 alle 17" (mon-fri 09:00-17:00), but "hours.weekly" has 09:00-16:00 on fri\n' +
        '    fix: write "{hours}" in place of "dal lunedì al venerdì, dalle 9 alle 17": it says the hours "hours.weekly" keeps, "dal lunedì al giovedì, dalle 9 alle 17, e il venerdì, dalle 9 alle 16"; or correct "hours.weekly"\n',
    );
    expect(run.stdout).toContain('  warning at nodes.holiday-closed.prompt[0].en: says "Monday to Friday, from 9 am to 5 pm" (mon-fri 09:00-17:00), but "hours.weekly" has 09:00-16:00 on fri\n');
    // The merchant line's messages say the same hours, and are warned about too.
    expect(run.stdout).toContain('  warning at nodes.merchant-closed.prompt[0].it: says "dal lunedì al venerdì, dalle 9 alle 17" (mon-fri 09:00-17:00), but "hours.weekly" has 09:00-16:00 on fri\n');
  });

  // Monday to Thursday 9-18, Friday 9-17, Saturday 9-13: a single day said
  // ("il venerdì", "on Fridays", "di sabato", "le domeniche") is the day the
  // times after it apply to, not the span said earlier in the sentence.
  const LONGER_WEEK = { ...NINE_TO_FIVE, mon: open('09:00', '18:00'), tue: open('09:00', '18:00'), wed: open('09:00', '18:00'), thu: open('09:00', '18:00'), sat: open('09:00', '13:00') };

  it('hours said day by day as "hours.weekly" keeps them: no warning', async () => {
    const file = fixedMenuSaying('day-by-day', LONGER_WEEK, onBothLines({
      'closed.it': 'È attivo dal lunedì al giovedì, dalle 9 alle 18, e il venerdì dalle 9 alle 17.',
      'closed.en': 'It is open Monday to Thursday, from 9 am to 6 pm, and on Friday from 9 am to 5 pm, Italian time.',
      'holiday-closed.it': 'È attivo dal lunedì al giovedì dalle 9 alle 18, il venerdì dalle 9 alle 17 e di sabato dalle 9 alle 13.',
      'holiday-closed.en': 'It is open Monday to Thursday from 9 am to 6 pm, Fridays from 9 am to 5 pm and on Saturdays from 9 am to 1 pm, Italian time.',
    }));
    const run = await lintShippedCopy(file);
    expect(run).toEqual({ code: 0, stdout: `OK ${file}\n`, stderr: '' });
  });

  it('days the lines are closed, said before the hours and a comma, are not read as days of those hours: no warning', async () => {
    const file = fixedMenuSaying('closed-days-then-hours', NINE_TO_FIVE, {
      'closed.it': 'Il servizio è chiuso il sabato e la domenica, ed è attivo dalle 9 alle 17.',
      'closed.en': 'We are closed on Saturdays and Sundays, and open from 9 am to 5 pm.',
      'holiday-closed.it': 'Se chiami di domenica, ricorda che siamo aperti dalle 9 alle 17, dal lunedì al venerdì.',
      'holiday-closed.en': 'If you call on a Sunday, remember that we are open from 9 am to 5 pm, Monday to Friday.',
    });
    const run = await lintShippedCopy(file);
    expect(run).toEqual({ code: 0, stdout: `OK ${file}\n`, stderr: '' });
  });

  it('days said after the times, and English hours said without am or pm, are read as people mean them', async () => {
    // Friday moved to 09:00-16:00: "dalle 9 alle 17, dal lunedì al venerdì" is now wrong for Friday only,
    // where it was read as every day's hours (and passed, as Monday still keeps them).
    const friday = { ...NINE_TO_FIVE, fri: open('09:00', '16:00') };
    const file = fixedMenuSaying('days-after-times', friday, {
      'closed.it': 'È attivo dalle 9 alle 17, dal lunedì al venerdì.',
      'closed.en': 'It is open from 9 to 5, Monday to Friday, Italian time.',
      'holiday-closed.it': 'È attivo dal lunedì al giovedì dalle 9 alle 17.',
      'holiday-closed.en': 'It is open on Fridays from 9 to 4, Italian time.',
    });
    const run = await lintShippedCopy(file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`OK ${file}, with 2 warnings:\n`);
    expect(run.stdout).toContain('  warning at nodes.closed.prompt[0].it: says "dalle 9 alle 17, dal lunedì al venerdì" (mon-fri 09:00-17:00), but "hours.weekly" has 09:00-16:00 on fri\n');
    expect(run.stdout).toContain('  warning at nodes.closed.prompt[0].en: says "from 9 to 5, Monday to Friday" (mon-fri 09:00-17:00), but "hours.weekly" has 09:00-16:00 on fri\n');
  });

  it('two hours in one sentence, the days after the first: each its own days, no false warning; a wrong one still warned', async () => {
    const friday = { ...NINE_TO_FIVE, fri: open('09:00', '16:00'), sat: open('09:00', '12:00') };
    const right = fixedMenuSaying('two-parts', friday, {
      'closed.it': 'È attivo dalle 9 alle 17, dal lunedì al giovedì, e dalle 9 alle 16 il venerdì.',
      'closed.en': 'It is open from 9 to 5 Monday to Thursday, Fridays from 9 to 4, Italian time.',
      'holiday-closed.it': 'È attivo dalle 9 alle 17, dal lunedì al giovedì, il venerdì dalle 9 alle 16, e il sabato dalle 9 alle 12.',
      'holiday-closed.en': 'It is open from 9 to 5, Monday to Thursday, and from 9 to 4 on Fridays, Italian time.',
    });
    expect(await runIvr(['lint', right])).toEqual({ code: 0, stdout: `OK ${right}\n`, stderr: '' });
    const wrong = fixedMenuSaying('two-parts-wrong', friday, { 'closed.it': 'È attivo dalle 9 alle 17, dal lunedì al giovedì, e dalle 9 alle 17 il venerdì.' });
    const run = await lintShippedCopy(wrong);
    expect(run.stdout).toContain(`OK ${wrong}, with 1 warning:\n`);
    expect(run.stdout).toContain('  warning at nodes.closed.prompt[0].it: says "dalle 9 alle 17 il venerdì" (fri 09:00-17:00), but "hours.weekly" has 09:00-16:00 on fri\n');
  });

  it('days said before the second times are theirs, not the first times\' ("dalle 9 alle 17, il venerdì dalle 9 alle 16"); numbers of days are no hours', async () => {
    const file = fixedMenuSaying('next-owns-days', { ...NINE_TO_FIVE, fri: open('09:00', '16:00') }, {
      'closed.it': 'È attivo dalle 9 alle 17, il venerdì dalle 9 alle 16.',
      'closed.en': 'It is open from 9 am to 5 pm, on Fridays from 9 am to 4 pm. Refunds arrive between 3 and 5 working days.',
      'holiday-closed.it': 'Un rimborso arriva dalle 2 alle 3 settimane dopo il reso.',
      'holiday-closed.en': 'We may call you back between 2 and 3 times, within from 10 to 14 days.',
    });
    expect(await runIvr(['lint', file])).toEqual({ code: 0, stdout: `OK ${file}\n`, stderr: '' });
  });

  it('"dalle ore 9 alle ore 18", "9 am to 6 pm", "between 9 and 5" and "tutti i giorni" are read too', async () => {
    const file = fixedMenuSaying('more-forms', NINE_TO_FIVE, {
      'closed.it': 'È attivo dal lunedì al venerdì, dalle ore 9 alle ore 18.',
      'closed.en': 'It is open Monday to Friday, 9 am to 6 pm, Italian time.',
      'holiday-closed.it': 'È attivo tutti i giorni dalle 9 alle 17.',
      'holiday-closed.en': 'It is open Monday to Friday, between 9 and 6, Italian time.',
    });
    const run = await lintShippedCopy(file);
    expect(run.stdout).toContain(`OK ${file}, with 4 warnings:\n`);
    for (const warning of [
      'at nodes.closed.prompt[0].it: says "dal lunedì al venerdì, dalle ore 9 alle ore 18" (mon-fri 09:00-18:00)',
      'at nodes.closed.prompt[0].en: says "Monday to Friday, 9 am to 6 pm" (mon-fri 09:00-18:00)',
      'at nodes.holiday-closed.prompt[0].it: says "tutti i giorni dalle 9 alle 17" (mon-sun 09:00-17:00), but "hours.weekly" has closed all day on sat, sun',
      'at nodes.holiday-closed.prompt[0].en: says "Monday to Friday, between 9 and 6" (mon-fri 09:00-18:00)',
    ]) {
      expect(run.stdout).toContain(`  warning ${warning}`);
    }
  });

  it('"nei giorni feriali" is Monday to Saturday, as in Italy: a warning when the flow closes on Saturday, none when it keeps those hours', async () => {
    const file = fixedMenuSaying('giorni-feriali', NINE_TO_FIVE, {
      'closed.it': 'È attivo nei giorni feriali dalle 9 alle 17.',
      'holiday-closed.it': 'È attivo tutti i giorni feriali, dalle 9 alle 17.',
      'closed.en': 'It is open on weekdays, from 9 am to 5 pm, Italian time.',
    });
    const run = await lintShippedCopy(file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // "on weekdays" is Monday to Friday: no warning of its own.
    expect(run.stdout).toContain(`OK ${file}, with 2 warnings:\n`);
    expect(run.stdout).toContain(
      '  warning at nodes.closed.prompt[0].it: says "nei giorni feriali dalle 9 alle 17" (mon-sat 09:00-17:00), but "hours.weekly" has closed all day on sat\n' +
        '    fix: write "{hours}" in place of "nei giorni feriali dalle 9 alle 17": it says the hours "hours.weekly" keeps, "dal lunedì al venerdì, dalle 9 alle 17"; or correct "hours.weekly"\n',
    );
    expect(run.stdout).toContain('  warning at nodes.holiday-closed.prompt[0].it: says "tutti i giorni feriali, dalle 9 alle 17" (mon-sat 09:00-17:00), but "hours.weekly" has closed all day on sat\n');
    const saturday = fixedMenuSaying('giorni-feriali-saturday', { ...NINE_TO_FIVE, sat: open('09:00', '17:00') }, { 'closed.it': 'È attivo nei giorni feriali dalle 9 alle 17.' });
    expect(await runIvr(['lint', saturday])).toEqual({ code: 0, stdout: `OK ${saturday}\n`, stderr: '' });
  });

  it('days said excluded ("sabato escluso", "esclusi sabato e domenica", "tranne la domenica") are not counted: no warning where the rest keep the hours', async () => {
    const file = fixedMenuSaying('days-excluded', NINE_TO_FIVE, {
      'closed.it': 'È attivo dal lunedì al sabato, sabato escluso, dalle 9 alle 17.',
      'holiday-closed.it': 'È attivo tutti i giorni, esclusi sabato e domenica, dalle 9 alle 17.',
      'closed.en': 'It is open every day except Saturdays and Sundays, from 9 am to 5 pm, Italian time.',
      'holiday-closed.en': 'It is open from 9 am to 5 pm, Saturdays and Sundays excluded, Italian time.',
    });
    expect(await runIvr(['lint', file])).toEqual({ code: 0, stdout: `OK ${file}\n`, stderr: '' });
  });

  it('a day excluded takes only that day out: "tutti i giorni tranne la domenica" still says Saturday, and is warned about', async () => {
    const file = fixedMenuSaying('sunday-excluded', NINE_TO_FIVE, {
      'closed.it': 'È attivo tutti i giorni tranne la domenica, dalle 9 alle 17.',
      'holiday-closed.it': 'È attivo dalle 9 alle 17, domenica esclusa.',
    });
    const run = await lintShippedCopy(file);
    expect(run.stdout).toContain(`OK ${file}, with 2 warnings:\n`);
    expect(run.stdout).toContain('  warning at nodes.closed.prompt[0].it: says "tutti i giorni tranne la domenica, dalle 9 alle 17" (mon-sat 09:00-17:00), but "hours.weekly" has closed all day on sat\n');
    expect(run.stdout).toContain('  warning at nodes.holiday-closed.prompt[0].it: says "dalle 9 alle 17, domenica esclusa" (mon-sat 09:00-17:00), but "hours.weekly" has closed all day on sat\n');
    // A day said again after its exclusion is said, with the hours that follow it.
    const again = fixedMenuSaying('excluded-then-said', { ...NINE_TO_FIVE, sat: open('09:00', '13:00') }, { 'closed.it': 'È attivo tutti i giorni tranne il sabato e la domenica, e il sabato dalle 9 alle 12.' });
    const saturday = await lintShippedCopy(again);
    expect(saturday.stdout).toContain(`OK ${again}, with 1 warning:\n`);
    expect(saturday.stdout).toContain('  warning at nodes.closed.prompt[0].it: says "il sabato dalle 9 alle 12" (sat 09:00-12:00), but "hours.weekly" has 09:00-13:00 on sat\n');
  });

  it('an exclusion said first in the sentence ("tranne la domenica, siamo aperti tutti i giorni") is taken out of the days said after it: no warning', async () => {
    const file = fixedMenuSaying('excluded-first', { ...NINE_TO_FIVE, sat: open('09:00', '17:00') }, {
      'closed.it': 'Tranne la domenica, siamo aperti tutti i giorni dalle 9 alle 17.',
      'holiday-closed.it': 'Esclusa la domenica, è attivo tutti i giorni dalle 9 alle 17.',
      'closed.en': 'Except on Sundays, we are open every day from 9 am to 5 pm.',
    });
    expect(await runIvr(['lint', file])).toEqual({ code: 0, stdout: `OK ${file}\n`, stderr: '' });
    // A day named on its own after the exclusion is said again, with the hours after it; the days said
    // with the exclusion still lack it.
    const again = fixedMenuSaying('excluded-first-then-said', { ...NINE_TO_FIVE, sat: open('09:00', '17:00') }, {
      'closed.it': 'Tranne la domenica, siamo aperti tutti i giorni dalle 9 alle 17, e la domenica dalle 10 alle 12.',
      'holiday-closed.it': 'Esclusa la domenica, è attivo tutti i giorni dalle 9 alle 18.',
    });
    const run = await lintShippedCopy(again);
    expect(run.stdout).toContain(`OK ${again}, with 2 warnings:\n`);
    expect(run.stdout).toContain('  warning at nodes.closed.prompt[0].it: says "la domenica dalle 10 alle 12" (sun 10:00-12:00), but "hours.weekly" has closed all day on sun\n');
    expect(run.stdout).toContain('  warning at nodes.holiday-closed.prompt[0].it: says "tutti i giorni dalle 9 alle 18" (mon-sat 09:00-18:00), but "hours.weekly" has 09:00-17:00 on mon, tue, wed, thu, fri, sat\n');
  });

  it('an exclusion said right after the times ("tutti i giorni dalle 9 alle 17, tranne la domenica") is taken out of the days said before them', async () => {
    const file = fixedMenuSaying('excluded-after-times', { ...NINE_TO_FIVE, sat: open('09:00', '17:00') }, {
      'closed.it': 'Siamo aperti tutti i giorni dalle 9 alle 17, tranne la domenica.',
      'holiday-closed.it': 'È attivo tutti i giorni dalle 9 alle 17, domenica esclusa, e il sabato dalle 9 alle 17.',
      'closed.en': 'We are open every day from 9 to 5 except on Sundays.',
    });
    expect(await runIvr(['lint', file])).toEqual({ code: 0, stdout: `OK ${file}\n`, stderr: '' });
    // Saturday closed: still warned about, with the exclusion in the words to replace.
    const saturday = fixedMenuSaying('excluded-after-times-saturday', NINE_TO_FIVE, { 'closed.it': 'Siamo aperti tutti i giorni dalle 9 alle 17, tranne la domenica.' });
    const run = await lintShippedCopy(saturday);
    expect(run.stdout).toContain(`OK ${saturday}, with 1 warning:\n`);
    expect(run.stdout).toContain('  warning at nodes.closed.prompt[0].it: says "tutti i giorni dalle 9 alle 17, tranne la domenica" (mon-sat 09:00-17:00), but "hours.weekly" has closed all day on sat\n');
  });

  it('"feriale" on another noun ("periodo feriale", the holiday season; "orario feriale") names no days; "i feriali" and "giorno feriale" are Monday to Saturday', async () => {
    const file = fixedMenuSaying('periodo-feriale', { ...NINE_TO_FIVE, fri: open('09:00', '13:00') }, {
      'closed.it': 'Nel periodo feriale il servizio è attivo dalle 9 alle 13.',
      'holiday-closed.it': "Con l'orario feriale estivo siamo aperti dalle 9 alle 17.",
    });
    expect(await runIvr(['lint', file])).toEqual({ code: 0, stdout: `OK ${file}\n`, stderr: '' });
    const feriali = fixedMenuSaying('i-feriali', NINE_TO_FIVE, {
      'closed.it': 'Nei feriali è attivo dalle 9 alle 17.',
      'holiday-closed.it': 'Ogni giorno feriale è attivo dalle 9 alle 17.',
    });
    const run = await lintShippedCopy(feriali);
    expect(run.stdout).toContain(`OK ${feriali}, with 2 warnings:\n`);
    expect(run.stdout).toContain('  warning at nodes.closed.prompt[0].it: says "Nei feriali è attivo dalle 9 alle 17" (mon-sat 09:00-17:00), but "hours.weekly" has closed all day on sat\n');
    expect(run.stdout).toContain('  warning at nodes.holiday-closed.prompt[0].it: says "Ogni giorno feriale è attivo dalle 9 alle 17" (mon-sat 09:00-17:00), but "hours.weekly" has closed all day on sat\n');
  });

  it('the weekend is Saturday and Sunday: excluded ("escluso il fine settimana", "excluding weekends") or said ("nel fine settimana", "at weekends")', async () => {
    const weekend = { ...NINE_TO_FIVE, sat: open('10:00', '13:00'), sun: open('10:00', '13:00') };
    const right = fixedMenuSaying('weekend', weekend, {
      'closed.it': 'È attivo tutti i giorni, escluso il fine settimana, dalle 9 alle 17, e nel fine settimana dalle 10 alle 13.',
      'closed.en': 'It is open every day, excluding weekends, from 9 am to 5 pm, and at weekends from 10 am to 1 pm.',
      'holiday-closed.it': 'Il fine settimana è attivo dalle 10 alle 13, e dal lunedì al venerdì dalle 9 alle 17.',
      'holiday-closed.en': 'It is open from 9 am to 5 pm, weekends excluded.',
    });
    expect(await runIvr(['lint', right])).toEqual({ code: 0, stdout: `OK ${right}\n`, stderr: '' });
    // Saturday and Sunday closed: the weekend's hours said are warned about, a weekend said closed before a comma is not.
    const closed = fixedMenuSaying('weekend-closed', NINE_TO_FIVE, {
      'closed.it': 'Nel fine settimana è attivo dalle 10 alle 13.',
      'closed.en': 'It is open at the weekend from 10 am to 1 pm.',
      'holiday-closed.it': 'Il fine settimana siamo chiusi, ed è attivo dalle 9 alle 17.',
    });
    const run = await lintShippedCopy(closed);
    expect(run.stdout).toContain(`OK ${closed}, with 2 warnings:\n`);
    expect(run.stdout).toContain('  warning at nodes.closed.prompt[0].it: says "Nel fine settimana è attivo dalle 10 alle 13" (sat-sun 10:00-13:00), but "hours.weekly" has closed all day on sat, sun\n');
    expect(run.stdout).toContain('  warning at nodes.closed.prompt[0].en: says "at the weekend from 10 am to 1 pm" (sat-sun 10:00-13:00), but "hours.weekly" has closed all day on sat, sun\n');
  });

  it.each([
    ['from 9 to 5', '09:00', '17:00'],
    ['from 1 to 5 pm', '13:00', '17:00'],
    ['from 9 to 5 pm', '09:00', '17:00'],
    ['from 9 am to 1', '09:00', '13:00'],
  ])('"on Fridays %s" is read as %s-%s', async (times, from, to) => {
    const file = fixedMenuSaying(`english-${from}-${to}`.replace(/:/g, ''), { ...NINE_TO_FIVE, fri: open(from, to) }, { 'closed.en': `It is open on Fridays ${times}, Italian time.` });
    expect(await runIvr(['lint', file])).toEqual({ code: 0, stdout: `OK ${file}\n`, stderr: '' });
  });

  it('a single day said with hours it does not keep: a warning naming that day, though another day keeps those hours', async () => {
    const file = fixedMenuSaying('wrong-day', LONGER_WEEK, onBothLines({
      'closed.it': 'Il venerdì è attivo dalle 9 alle 18.',
      'closed.en': 'It is open on Sundays from 9 am to 1 pm, Italian time.',
      'holiday-closed.it': 'È attivo le domeniche dalle 9 alle 13.',
      'holiday-closed.en': 'It is open Monday to Thursday, from 9 am to 6 pm, and on Friday from 9 am to 6 pm, Italian time.',
    }));
    const run = await lintShippedCopy(file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`OK ${file}, with 8 warnings:\n`);
    for (const warning of [
      'at nodes.closed.prompt[0].it: says "Il venerdì è attivo dalle 9 alle 18" (fri 09:00-18:00), but "hours.weekly" has 09:00-17:00 on fri',
      'at nodes.closed.prompt[0].en: says "on Sundays from 9 am to 1 pm" (sun 09:00-13:00), but "hours.weekly" has closed all day on sun',
      'at nodes.holiday-closed.prompt[0].it: says "le domeniche dalle 9 alle 13" (sun 09:00-13:00), but "hours.weekly" has closed all day on sun',
      'at nodes.holiday-closed.prompt[0].en: says "on Friday from 9 am to 6 pm" (fri 09:00-18:00), but "hours.weekly" has 09:00-17:00 on fri',
      'at nodes.merchant-holiday-closed.prompt[0].en: says "on Friday from 9 am to 6 pm" (fri 09:00-18:00), but "hours.weekly" has 09:00-17:00 on fri',
    ]) {
      expect(run.stdout).toContain(`  warning ${warning}\n`);
    }
  });
});
