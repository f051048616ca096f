import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyLocalSettings } from '../../src/server/localSettings';

// local.settings.json, read by npm start and the ivr commands as `func start`
// reads it. `ivr provision --line` writes it and people edit it by hand, so a
// slip in it is told with the file's name and the fix, not as a bare
// JSON.parse message (or, from npm start, a stack trace).

const root = mkdtempSync(path.join(tmpdir(), 'ivr-local-settings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('local.settings.json', () => {
  it('puts its Values in the environment, where the environment has none', () => {
    writeFileSync(path.join(root, 'local.settings.json'), JSON.stringify({ Values: { TWILIO_ACCOUNT_SID: 'AC-from-file', PORT: '7100' } }));
    const env: NodeJS.ProcessEnv = { PORT: '7200' };
    expect(applyLocalSettings(root, env)).toBe(path.join(root, 'local.settings.json'));
    expect(env).toEqual({ TWILIO_ACCOUNT_SID: 'AC-from-file', PORT: '7200' });
  });

  it('that is not JSON is named, with the fix', () => {
    writeFileSync(path.join(root, 'local.settings.json'), '{ "Values": { "TWILIO_ACCOUNT_SID": "AC0123" } ');
    expect(() => applyLocalSettings(root, {})).toThrow(
      new RegExp(`^${path.join(root, 'local.settings.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON \\(.+\\); fix it \\(or delete it: local.settings.example.json shows what goes in it\\), then run again$`),
    );
  });
});
