import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { liveApp, type LiveApp } from '../../src/server/liveApp';
import type { PlainHandler } from '../../src/http/plainHttp';
import { firstSayOf, SHIPPED_FLOW_FILE, shippedFlowWithWelcome, startOf } from '../support/shippedFlow';

// `npm start` serves the flow file as it is saved, however it is saved: the
// next call hears it. Editors and `sed -i` write a new file and rename it
// over the old one, `git checkout` too; some tools delete and create. A watch
// on the file itself goes deaf after the first rename (every later edit was
// silently ignored until a restart): each way of saving is tried twice here.

const original = readFileSync(SHIPPED_FLOW_FILE, 'utf8');
// The consumer line's first words as the shipped flow says them, and that flow saved with other first words.
const WELCOME = firstSayOf(startOf('consumer'), 'it');

function firstAnswer(handle: PlainHandler): Promise<string> {
  const body = new URLSearchParams({ CallSid: 'CA00000000000000000000000000000001', To: '+390237921240', From: '+393401234567' });
  return handle({ method: 'POST', url: 'http://localhost:7071/api/voice', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() }).then((r) => r.body);
}

/** Resolves once `check` holds, failing after `ms`. */
async function within(ms: number, check: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const saves = {
  'written in place': (file: string, text: string) => writeFileSync(file, text),
  'written aside and renamed over it (editors, sed -i, git checkout)': (file: string, text: string) => {
    const aside = `${file}.tmp${Math.random()}`;
    writeFileSync(aside, text);
    renameSync(aside, file);
  },
  'deleted, then created': (file: string, text: string) => {
    rmSync(file);
    writeFileSync(file, text);
  },
};

describe('the local host serves the flow file as saved', () => {
  let live: LiveApp | undefined;
  afterEach(() => live?.close());

  function start() {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-reload-')), 'flow.json');
    writeFileSync(file, original);
    const settings = readSettings({ IVR_FLOW_FILE: file, TWILIO_SIGNATURE_VALIDATION: 'off' });
    const reports = { info: [] as string[], error: [] as string[] };
    const quiet = { info() {}, warn() {}, error() {} };
    live = liveApp(() => createApp({ settings, logger: quiet }), file, { info: (m) => reports.info.push(m), error: (m) => reports.error.push(m) });
    return { file, reports, live };
  }

  for (const [way, save] of Object.entries(saves)) {
    it(`hears a flow ${way} on the very next call, and again at the next save`, async () => {
      const { file, live } = start();
      expect(await firstAnswer(live.handle)).toContain(WELCOME);
      save(file, shippedFlowWithWelcome('Primo salvataggio.'));
      expect(await firstAnswer(live.handle)).toContain('Primo salvataggio.');
      save(file, shippedFlowWithWelcome('Secondo salvataggio.'));
      expect(await firstAnswer(live.handle)).toContain('Secondo salvataggio.');
      save(file, shippedFlowWithWelcome('Terzo salvataggio.'));
      expect(await firstAnswer(live.handle)).toContain('Terzo salvataggio.');
    });

    it(`reports a flow ${way} within a second with no call at all`, async () => {
      const { file, reports, live } = start();
      for (const text of ['Uno.', 'Due.']) {
        const before = live.version();
        save(file, shippedFlowWithWelcome(text));
        await within(1_000, () => live.version() > before);
      }
      expect(reports.info).toHaveLength(2);
      expect(JSON.stringify(live.current().flow.nodes[startOf('consumer')])).toContain('Due.');
    });
  }

  it('takes a save that leaves the text as it was (a touch, an unchanged buffer saved) as no reload: nothing said, nothing rebuilt', async () => {
    const { file, reports, live } = start();
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later);
    saves['written aside and renamed over it (editors, sed -i, git checkout)'](file, original);
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // a sweep or two later
    expect(await firstAnswer(live.handle)).toContain(WELCOME);
    expect(reports.info).toEqual([]);
    expect(live.version()).toBe(1);
    // A save that changes it is heard as before.
    saves['written in place'](file, shippedFlowWithWelcome('Cambiato.'));
    expect(await firstAnswer(live.handle)).toContain('Cambiato.');
    expect(reports.info).toEqual([`Flow reloaded from ${file}`]);
  });

  it('reports a broken save once, with the file and the JSON path, keeps answering with the last good flow, and picks up the fix', async () => {
    const { file, reports, live } = start();
    saves['written aside and renamed over it (editors, sed -i, git checkout)'](file, original.replace(`"start": "${startOf('consumer')}"`, '"start": "benvenuto"'));
    await within(1_000, () => reports.error.length > 0);
    expect(await firstAnswer(live.handle)).toContain(WELCOME);
    expect(await firstAnswer(live.handle)).toContain(WELCOME);
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // a sweep or two later
    expect(reports.error).toHaveLength(1);
    expect(reports.error[0]).toContain(file);
    expect(reports.error[0]).toMatch(/still serving the last good one[\s\S]*lines\.consumer\.start, line \d+: refers to node "benvenuto"/);
    expect(live.problem()).toBe(reports.error[0]);

    saves['written aside and renamed over it (editors, sed -i, git checkout)'](file, shippedFlowWithWelcome('Corretto.'));
    expect(await firstAnswer(live.handle)).toContain('Corretto.');
    expect(live.problem()).toBeUndefined();
    expect(reports.info.at(-1)).toBe(`Flow fixed and reloaded from ${file}`);
  });

  it('keeps answering when the file cannot be looked at (a link pointing at itself), says why once, and serves the fix', async () => {
    const { file, reports, live } = start();
    // A link retargeted by mistake at itself: stat fails with ELOOP, not "missing". The host died of it, from its sweep.
    rmSync(file);
    symlinkSync(path.basename(file), file);
    expect(await firstAnswer(live.handle)).toContain(WELCOME);
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // a sweep or two later: still answering, said once
    expect(await firstAnswer(live.handle)).toContain(WELCOME);
    expect(reports.error).toHaveLength(1);
    expect(reports.error[0]).toMatch(/still serving the last good one[\s\S]*flow\.json: 1 problem\n {2}at \(file\): cannot be read: ELOOP[\s\S]*fix: check the path/);
    expect(live.problem()).toBe(reports.error[0]);
    rmSync(file);
    writeFileSync(file, shippedFlowWithWelcome('Di nuovo leggibile.'));
    expect(await firstAnswer(live.handle)).toContain('Di nuovo leggibile.');
    expect(live.problem()).toBeUndefined();
  });

  // Saving in place empties the file, then writes it. The fuzzer's saves through a running `npm start` were
  // caught in between now and then (2 of 80 on a busy machine): "is empty" reported, then "fixed" at once.
  it('a save caught half-made (the file emptied, its text written a moment later) is not reported as broken', async () => {
    const { file, reports, live } = start();
    writeFileSync(file, '');
    expect(await firstAnswer(live.handle)).toContain(WELCOME); // the request looks at the file while it is empty
    writeFileSync(file, shippedFlowWithWelcome('Salvato.'));
    expect(await firstAnswer(live.handle)).toContain('Salvato.');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reports.error).toEqual([]);
    expect(reports.info).toEqual([`Flow reloaded from ${file}`]);
  });

  it('keeps answering while the file is missing, says so once, and serves it again when it comes back', async () => {
    const { file, reports, live } = start();
    rmSync(file);
    expect(await firstAnswer(live.handle)).toContain(WELCOME);
    expect(await firstAnswer(live.handle)).toContain(WELCOME);
    expect(reports.error).toEqual([`${file} is missing (deleted or renamed); still serving the last good flow. Save the file again to reload it.`]);
    writeFileSync(file, shippedFlowWithWelcome('Di nuovo qui.'));
    expect(await firstAnswer(live.handle)).toContain('Di nuovo qui.');
  });
});
