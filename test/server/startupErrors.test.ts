import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm start` with a wrong setting must stop with the setting's own message,
// as it does for a wrong flow, not with a stack trace to read through.

const MAIN = path.join(__dirname, '../../dist/src/server/main.js');

describe('npm start with a wrong setting', () => {
  it('exits 1 with the message that names the setting and the fix, and no stack trace', () => {
    const run = spawnSync(process.execPath, [MAIN], {
      env: { ...process.env, IVR_CALL_JOURNAL: 'bogus', PORT: '0', HOST: '127.0.0.1' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('IVR_CALL_JOURNAL is "bogus"; set it to "memory" or "table"');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('a PORT that is not a port number is named with the fix, before anything listens', () => {
    const run = spawnSync(process.execPath, [MAIN], { env: { ...process.env, PORT: 'abc', HOST: '127.0.0.1' }, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT is "abc"; set it to a port number from 1 to 65535 (0 picks a free one), e.g. PORT=7072 npm start');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
