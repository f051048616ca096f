import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { reloadingApp } from '../../src/server/reloadingApp';
import type { PlainHandler } from '../../src/http/plainHttp';

const original = readFileSync(path.join(__dirname, '../../flows/klarna-italia.json'), 'utf8');
const WELCOME = 'Benvenuto nel servizio clienti di Klarna Italia.';

function firstAnswer(handle: PlainHandler): Promise<string> {
  const body = new URLSearchParams({ CallSid: 'CA00000000000000000000000000000001', To: '+390237921240', From: '+393401234567' });
  return handle({ method: 'POST', url: 'http://localhost:7071/api/voice', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() }).then((r) => r.body);
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('not reloaded within 5 s');
}

describe('the local host reloads an edited flow file', () => {
  let close = () => {};
  afterEach(() => close());

  it('serves the edited flow on the next call, and keeps the last good one when an edit breaks it', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-reload-')), 'flow.json');
    writeFileSync(file, original);
    const settings = readSettings({ IVR_FLOW_FILE: file, TWILIO_SIGNATURE_VALIDATION: 'off' });
    const errors: string[] = [];
    const quiet = { info() {}, warn() {}, error() {} };
    const app = reloadingApp(() => createApp({ settings, logger: quiet }), file, { info() {}, error: (m) => errors.push(m) });
    close = app.close;
    expect(await firstAnswer(app.handle)).toContain(WELCOME);

    writeFileSync(file, original.replace(WELCOME, 'Ciao, sei in Klarna.'));
    await eventually(async () => (await firstAnswer(app.handle)).includes('Ciao, sei in Klarna.'));

    writeFileSync(file, original.replace('"start": "consumer-welcome"', '"start": "benvenuto"'));
    await eventually(async () => errors.length > 0);
    expect(errors[0]).toMatch(/Flow not reloaded[\s\S]*lines\.consumer\.start: refers to node "benvenuto"/);
    expect(await firstAnswer(app.handle)).toContain('Ciao, sei in Klarna.');
  });
});
