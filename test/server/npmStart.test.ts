import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';

// `npm start` as a user runs it: with an up-to-date build it builds nothing
// and serves at once; SIGTERM or SIGINT, to npm or to the server itself,
// leaves nothing running and the port free. (npm passes a SIGTERM only to the
// shell it started, which dies without passing it on: the server used to stay
// behind, holding the port.)

const ROOT = path.join(__dirname, '../..');
const NPM = process.env.npm_execpath;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
}

/** Starts a command in a process group of its own, on a free port (PORT), or on `port` with `env` when the command names it; resolves once the host says it is listening. */
async function start(command: string, args: string[], given?: { port: number; env: Record<string, string> }): Promise<Started> {
  const port = given?.port ?? (await freePort());
  const env = given?.env ?? { PORT: String(port) };
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env, HOST: '127.0.0.1', TWILIO_SIGNATURE_VALIDATION: 'off' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  try {
    await eventually(() => output.includes('listening on'), () => `no "listening on":\n${output}`, 20_000);
  } catch (err) {
    // Not left running after the test: the whole group, npm and the server it started.
    process.kill(-child.pid!, 'SIGKILL');
    throw err;
  }
  return { child, port, output: () => output };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

/** Whether any process of the group is left (npm, its shell, the server). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function firstAnswer(port: number): Promise<number> {
  const body = new URLSearchParams({ CallSid: 'CA00000000000000000000000000000001', To: '+390237921240', From: '+393401234567' });
  const response = await fetch(`http://127.0.0.1:${port}/api/voice`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return response.status;
}

/** When each thing a build writes was last written (its note of what it built from, the CLI bundle, the shipped flow checks): a build rewrites them all. */
function builtOutputs(): Record<string, number> {
  const files = ['dist/.build-inputs', 'dist/ivr.bundle.js', ...readdirSync(path.join(ROOT, 'dist/checked-flows')).map((name) => `dist/checked-flows/${name}`)];
  return Object.fromEntries(files.map((file) => [file, statSync(path.join(ROOT, file)).mtimeMs]));
}

/** `npm start ARGS`, as typed in a terminal. */
const npm = (args: string[]): [string, string[]] => (NPM ? [process.execPath, [NPM, ...args]] : ['npm', args]);
const npmStart = () => start(...npm(['start']));

describe('npm start', () => {
  beforeAll(() => {
    // As after `npm install`: the build is up to date.
    const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/buildIfChanged.mjs')], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status).toBe(0);
  }, 300_000);

  it('with an up-to-date build, builds nothing: says nothing and leaves the build as it was', () => {
    // How quickly it finds the build up to date is the bench's (`npm run bench`: `npm start` to its first answer).
    const before = builtOutputs();
    const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts/buildIfChanged.mjs')], { cwd: ROOT, encoding: 'utf8' });
    expect(check.status).toBe(0);
    expect(check.stdout + check.stderr).toBe('');
    expect(builtOutputs()).toEqual(before);
  });

  // `kill <npm>` or a process manager sends SIGTERM to npm alone; Ctrl-C in a terminal sends SIGINT to the whole group.
  for (const [signal, to] of [['SIGTERM', 'npm'], ['SIGINT', 'the terminal\'s process group']] as const) {
    it(`serves, and a ${signal} to ${to} leaves no process and the port free`, async () => {
      const host = await npmStart();
      try {
        expect(host.output()).not.toMatch(/building|> klarna-italia-ivr@[\d.]+ build/i);
        expect(await firstAnswer(host.port)).toBe(200);
        if (to === 'npm') host.child.kill(signal);
        else process.kill(-host.child.pid!, signal);
        await eventually(() => portIsFree(host.port), `port ${host.port} still taken`, 5_000);
        await eventually(() => !groupAlive(host.child.pid!), () => `processes left:\n${spawnSync('ps', ['-o', 'pid,ppid,args', '-g', String(host.child.pid)], { encoding: 'utf8' }).stdout}`, 5_000);
      } finally {
        if (groupAlive(host.child.pid!)) process.kill(-host.child.pid!, 'SIGKILL');
      }
    }, 30_000);
  }

  it('npm start -- --port N listens on N, as func start --port N does, over a PORT set in the shell', async () => {
    const port = await freePort();
    const host = await start(...npm(['start', '--', '--port', String(port)]), { port, env: { PORT: '7079' } });
    try {
      expect(host.output()).toContain(`Klarna Italia IVR listening on http://127.0.0.1:${port}\n`);
      expect(await firstAnswer(port)).toBe(200);
    } finally {
      process.kill(-host.child.pid!, 'SIGKILL');
    }
  }, 30_000);

  // npm takes a --port written before `--` as its own option (npm_config_port), and passes the number on alone, or nothing.
  it('npm start --port N, without the --, and npm start --cors: exit 1, naming what to write instead, before listening', () => {
    const run = (args: string[]) => spawnSync(...npm(args), { cwd: ROOT, env: { ...process.env, PORT: '0', HOST: '127.0.0.1' }, encoding: 'utf8', timeout: 20_000 });
    for (const noDashes of [run(['start', '--port', '7072']), run(['start', '--port=7072'])]) {
      expect(noDashes.status).toBe(1);
      expect(noDashes.stderr).toContain('npm start: npm took --port as its own option, so it never reached the app; write npm start -- --port 7072, with the -- before --port\n');
      expect(noDashes.stdout).not.toContain('listening on');
    }
    const other = run(['start', '--', '--cors', '*']);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('npm start: "--cors" is not an argument it takes; it takes only --port N (e.g. npm start -- --port 7072); set the other settings (HOST, the app settings) in the shell or in local.settings.json\n');
    expect(other.stdout).not.toContain('listening on');
  }, 30_000);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops on a ${signal} to the server itself, exiting 0`, async () => {
      const host = await start(process.execPath, [path.join(ROOT, 'dist/src/server/main.js')]);
      try {
        const exit = new Promise<number | null>((resolve) => host.child.on('exit', (code) => resolve(code)));
        host.child.kill(signal);
        expect(await exit).toBe(0);
        expect(await portIsFree(host.port)).toBe(true);
      } finally {
        if (groupAlive(host.child.pid!)) process.kill(-host.child.pid!, 'SIGKILL');
      }
    }, 30_000);
  }
});
