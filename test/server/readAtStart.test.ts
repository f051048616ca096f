import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readSettings } from '../../src/config/settings';
import { createLocalHost, type LocalHost } from '../../src/server/localHost';
import { readAtStart, type ReadAtStart } from '../../src/server/readAtStart';
import { SHIPPED_FLOW_FILE } from '../support/shippedFlow';

// `npm start` serves the flow file as saved (liveApp.test.ts), but reads
// local.settings.json and the holiday table once, at start. A save of either
// while it runs used to change nothing and say nothing: `ivr provision --line`
// maps a test number in local.settings.json, and the host went on answering
// that number as the default line. Now the host says a restart is needed, in
// its log and on the dev phone, until the file is back as it read it.

/** Resolves once `check` holds, failing after `ms`. */
async function within(ms: number, check: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const SETTINGS = JSON.stringify({ IsEncrypted: false, Values: { IVR_LOCAL_SMS: 'off' } }, null, 2);
const NOTE = 'local.settings.json changed after npm start read it: the host keeps the settings it read then. Restart npm start (Ctrl-C, then npm start) to use it.';

describe('files npm start reads only at start', () => {
  let watching: ReadAtStart | undefined;
  let host: LocalHost | undefined;
  afterEach(async () => {
    watching?.close();
    await host?.close();
  });

  function start(text: string | undefined) {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-read-at-start-')), 'local.settings.json');
    if (text !== undefined) writeFileSync(file, text);
    const said: string[] = [];
    watching = readAtStart([{ file, name: 'local.settings.json', stays: 'the host keeps the settings it read then' }], (note) => said.push(note));
    return { file, said, watching };
  }

  it('says a changed save once, within a second with nobody asking, and forgets it once the file is back as read', async () => {
    const { file, said, watching } = start(SETTINGS);
    // As an editor saves: written aside, renamed over it.
    writeFileSync(`${file}.tmp`, SETTINGS.replace('"off"', '"simulated"'));
    renameSync(`${file}.tmp`, file);
    await within(1_500, () => said.length > 0);
    expect(said).toEqual([NOTE]);
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // a sweep later: not said again
    expect(said).toEqual([NOTE]);
    expect(watching.notes()).toEqual([NOTE]);
    writeFileSync(file, SETTINGS);
    expect(watching.notes()).toEqual([]);
  });

  it('says nothing of a save that changes nothing (a touch, an unchanged buffer saved)', async () => {
    const { file, said, watching } = start(SETTINGS);
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    writeFileSync(file, SETTINGS);
    expect(watching.notes()).toEqual([]);
    expect(said).toEqual([]);
  });

  it('says a file created after the start (local.settings.json copied from the example)', () => {
    const { file, watching } = start(undefined);
    expect(watching.notes()).toEqual([]);
    writeFileSync(file, SETTINGS);
    expect(watching.notes()).toEqual([NOTE]);
  });

  it('the local host logs it as a warning and the dev phone shows it beside the flow, which still reloads as saved', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'ivr-read-at-start-host-'));
    const flowFile = path.join(folder, 'flow.json');
    copyFileSync(SHIPPED_FLOW_FILE, flowFile);
    const settingsFile = path.join(folder, 'local.settings.json');
    writeFileSync(settingsFile, SETTINGS);
    const warnings: string[] = [];
    const logger = { info() {}, error() {}, warn: (m: string) => warnings.push(m) };
    host = createLocalHost({ settings: readSettings({ IVR_FLOW_FILE: flowFile, TWILIO_SIGNATURE_VALIDATION: 'off' }), logger, settingsFile });
    const flowInfo = async () => (await (await host!.devPhone.fetch(new Request('http://127.0.0.1/devphone/flow'))).json()) as { restart?: string[]; version: number };
    expect((await flowInfo()).restart).toBeUndefined();

    writeFileSync(settingsFile, SETTINGS.replace('"off"', '"simulated"'));
    const info = await flowInfo();
    expect(info.restart).toEqual([NOTE]);
    expect(warnings.filter((w) => w === NOTE)).toHaveLength(1);
    // Not the flow's error: the flow serves as saved, and its edits are still heard.
    expect(info).not.toHaveProperty('error');
    writeFileSync(flowFile, readFileSync(flowFile, 'utf8').replace('"name": "', '"name": "Edited '));
    expect((await flowInfo()).version).toBe(info.version + 1);
  });
});
