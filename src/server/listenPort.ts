import { SettingsError } from '../config/settingsError';

// The port `npm start` listens on. `func start --port 7072` is what a newcomer
// to Azure Functions knows, so `npm start -- --port 7072` does the same; the
// command line wins over PORT, as func's --port wins over local.settings.json.
// It is the one argument the local host takes: any other is refused, not
// ignored, so nobody waits on a port or an option that was never used.

const EXAMPLE = 'npm start -- --port 7072';
const PORTS = '1 to 65535 (0 picks a free one)';

/** The port to listen on: --port N, else PORT, else 7071 like `func start`; 0 picks a free one. */
export function listenPort(args: readonly string[], env: { PORT?: string; npm_config_port?: string }): number {
  // npm takes a --port written before `--` as its own option: `npm start --port 7072` passes on 7072 alone
  // (and sets npm_config_port=true), `npm start --port=7072` passes nothing on.
  if (env.npm_config_port !== undefined) {
    const port = [env.npm_config_port, ...args].find((arg) => /^\d{1,5}$/.test(arg)) ?? '7072';
    throw new SettingsError('npm start: npm took --port as its own option, so it never reached the app', `write npm start -- --port ${port}, with the -- before --port`);
  }
  let given: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = arg === '--port' ? args[++i] : arg.startsWith('--port=') ? arg.slice('--port='.length) : undefined;
    if (value === undefined && arg !== '--port') throw new SettingsError(`npm start: "${arg}" is not an argument it takes`, unknownArgumentFix(arg));
    if (value === undefined || value.startsWith('-')) throw new SettingsError('npm start: --port needs a port number', `e.g. ${EXAMPLE}`);
    if (given !== undefined) throw new SettingsError(`npm start: --port is given twice (${given} and ${value})`, 'give it once');
    given = value;
  }
  if (given !== undefined) return portNumber(given, `npm start: --port "${given}" is not a port number`, `give one from ${PORTS}, e.g. ${EXAMPLE}`);
  return portNumber(env.PORT?.trim() || '7071', `PORT is "${env.PORT}"`, `set it to a port number from ${PORTS}, e.g. PORT=7072 npm start (or ${EXAMPLE})`);
}

function portNumber(raw: string, problem: string, fix: string): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new SettingsError(problem, fix);
  return Number(raw);
}

/** What to do instead: a bare number (`npm start 7072`) is taken for the port it names. */
function unknownArgumentFix(arg: string): string {
  if (/^\d{1,5}$/.test(arg)) return `to listen on port ${arg}, write npm start -- --port ${arg}`;
  return `it takes only --port N (e.g. ${EXAMPLE}); set the other settings (HOST, the app settings) in the shell or in local.settings.json`;
}

/**
 * What `npm start` says when its port is taken: the port after it to try (the example must not be the very
 * port in use, 7072 when 7072 is), or 0, any free one, after the last port there is.
 */
export function portInUseMessage(port: number, hostName: string): string {
  const next = port < 65535 ? `npm start -- --port ${port + 1}` : 'npm start -- --port 0 (any free port)';
  return `Port ${port} on ${hostName} is in use; stop the other server or choose another port, e.g. ${next}`;
}
