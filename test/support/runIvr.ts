import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';

// The built `ivr` as users run it (npm test builds first), with app settings
// from the test only: settings in the shell are dropped, and blanks stop a
// developer's local.settings.json from filling them back in (it only fills
// settings the environment lacks), so no real credential is ever used here.

export const projectDir = path.join(__dirname, '../..');
const cli = path.join(projectDir, 'dist/src/cli/main.js');

const APP_SETTING = /^(TWILIO_|IVR_|DEST_|PUBLIC_BASE_URL|HTTPS?_PROXY)/;
const BLANK = Object.fromEntries(
  ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_KEY', 'TWILIO_API_SECRET', 'IVR_SMS_FROM', 'IVR_LINE_NUMBERS', 'PUBLIC_BASE_URL'].map((k) => [k, '']),
);

export interface IvrRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `ivr ARGS` (or `node -e CODE` when args[0] is "-e"), with `input` on stdin, in the project folder or `cwd`.
 * `bothStreams`: stderr goes to the pipe stdout writes to (`2>&1`), so `stdout` holds both as a terminal shows them.
 */
export function runIvr(args: string[], options: { env?: Record<string, string>; input?: string; cwd?: string; bothStreams?: boolean } = {}): Promise<IvrRun> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !APP_SETTING.test(k)));
    const command = [process.execPath, ...(args[0] === '-e' ? args : [cli, ...args])];
    const [file, ...rest] = options.bothStreams ? ['sh', '-c', 'exec "$0" "$@" 2>&1', ...command] : command;
    const child = spawn(file as string, rest, { env: { ...clean, ...BLANK, ...options.env }, cwd: options.cwd ?? projectDir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A command that reads no input may be done before its stdin is written, on a busy machine: the pipe is then
    // closed (EPIPE), which says nothing of the command; what it printed and its exit code do.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Fails unless `run` exited with `code`, the failure showing what it said (stderr, then the end of stdout): not
 * "expected 1 to be 2" alone, but why the command exited as it did.
 */
export function expectExit(run: IvrRun, code: number): void {
  expect(run.code, `exited ${run.code}, said:\n${run.stderr}${run.stdout ? `--- stdout (end) ---\n${run.stdout.slice(-2000)}` : ''}`).toBe(code);
}
