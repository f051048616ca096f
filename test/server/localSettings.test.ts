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

  it('saved with a byte order mark and CRLF line ends (Notepad, Windows PowerShell 5.1) is read as it is', () => {
    writeFileSync(path.join(root, 'local.settings.json'), '\uFEFF{\r\n  "Values": {\r\n    "TWILIO_ACCOUNT_SID": "AC-from-notepad"\r\n  }\r\n}\r\n');
    const env: NodeJS.ProcessEnv = {};
    applyLocalSettings(root, env);
    expect(env).toEqual({ TWILIO_ACCOUNT_SID: 'AC-from-notepad' });
  });

  it('that is not JSON is named, with the line, the column and the fix in plain words', () => {
    const file = path.join(root, 'local.settings.json');
    // Saved from Windows: a BOM, CRLF, and a comma deleted between two settings.
    writeFileSync(file, '\uFEFF{\r\n  "Values": {\r\n    "TWILIO_ACCOUNT_SID": "AC0123"\r\n    "PORT": "7071"\r\n  }\r\n}\r\n');
    expect(() => applyLocalSettings(root, {})).toThrow(
      `${file} is not valid JSON at line 4, column 5: a comma is missing between two items of the object Values, before "PORT"\n` +
        '  fix: add a comma at the end of line 3; or delete the file (local.settings.example.json shows what goes in it), then run again',
    );
  });

  it('that is empty says so, and how to fill it', () => {
    const file = path.join(root, 'local.settings.json');
    writeFileSync(file, '\r\n');
    expect(() => applyLocalSettings(root, {})).toThrow(
      `${file} is empty (it holds only spaces and blank lines): there is no JSON in it\n  fix: put its content back, or delete the file (local.settings.example.json shows what goes in it), then run again`,
    );
  });
});
