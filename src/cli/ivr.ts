// The `ivr` command's program (main.ts starts it). Each subcommand lives in
// its own module, loaded only when it runs, so `ivr call` does not pay for
// what `ivr diagram` needs.
//
// Exit codes, the same for every subcommand: 0 it did its job and found
// nothing wrong, 1 it ran and found something wrong (a failed call, a failing
// scenario or flow, a defect), 2 it was run wrongly (an unknown option, a bad
// value, a missing file) and changed nothing. Each command's --help says what
// 0 and 1 mean for it.

import { theClosest, USAGE_ERROR, UsageError } from './commandLine';

type Command = { summary: string; run: (argv: string[]) => Promise<number> };

const commands: Record<string, Command> = {
  call: { summary: 'simulate one call through the webhook code and print what the caller hears', run: (a) => require('./commands/call').callCommand(a) },
  test: { summary: 'run call-path scenarios (YAML/JSON, also ivr-tester format); --coverage', run: (a) => require('./commands/test').testCommand(a) },
  diagram: { summary: 'draw each line\'s flow as Mermaid text or an SVG picture', run: (a) => require('./commands/diagram').diagramCommand(a) },
  lint: { summary: 'check flow files as the app does at start-up: "OK <file>" or each problem with its JSON path and fix', run: (a) => require('./commands/lint').lintCommand(a) },
  schema: { summary: 'regenerate flows/flow.schema.json from the zod schema', run: (a) => require('./commands/schema').schemaCommand(a) },
  provision: { summary: 'point a Twilio number at the deployed app (voice URL, fallback, status callback); --dry-run', run: (a) => require('./commands/provision').provisionCommand(a) },
  explore: { summary: 'walk every path callers can take at representative instants and report paths, endings and defects', run: (a) => require('./commands/explore').exploreCommand(a) },
  diff: { summary: 'what a flow change does to callers: every call that goes differently, before it is deployed', run: (a) => require('./commands/diff').diffCommand(a) },
  replay: { summary: 'run recorded calls (ivr.call records) again against a flow and say which would go differently', run: (a) => require('./commands/replay').replayCommand(a) },
  report: { summary: 'draw ivr.call records as one HTML page: totals, the menu map with its traffic, hours, transfers, paths', run: (a) => require('./commands/report').reportCommand(a) },
  holidays: { summary: 'regenerate flows/holidays/<COUNTRY>.json from the pinned date-holidays package; --check', run: (a) => require('./commands/holidays').holidaysCommand(a) },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return [
    'Usage: ivr <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `ivr <command> --help` for its options and exit codes.',
    'Exit codes: 0 done, nothing wrong; 1 something wrong found (a failed call, a',
    'failing scenario or flow); 2 wrong usage (an unknown option, a bad value, a',
    'missing file), nothing changed.',
  ].join('\n');
}

/** Runs `ivr ARGV`; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  // `ivr help call` is `ivr call --help`.
  const [name, args] = first === 'help' && rest.length > 0 ? [rest[0] as string, ['--help']] : [first, rest];
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    if (name) console.log(usage());
    else console.error(usage());
    return name ? 0 : USAGE_ERROR;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    console.error(`ivr: unknown command "${name}"${theClosest(name, Object.keys(commands))}\n\n${usage()}`);
    return USAGE_ERROR;
  }
  try {
    return await command.run(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`ivr ${name}: ${err.message} (see \`ivr ${name} --help\`)`);
    return USAGE_ERROR;
  }
}
