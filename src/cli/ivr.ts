// The `ivr` command's program (main.ts starts it). Each subcommand lives in
// its own module, loaded only when it runs, so `ivr call` does not pay for
// what `ivr diagram` needs.

type Command = { summary: string; run: (argv: string[]) => Promise<number> };

const commands: Record<string, Command> = {
  call: { summary: 'simulate one call through the webhook code and print what the caller hears', run: (a) => require('./commands/call').callCommand(a) },
  test: { summary: 'run call-path scenarios (YAML/JSON, also ivr-tester format); --coverage', run: (a) => require('./commands/test').testCommand(a) },
  diagram: { summary: 'draw each line\'s flow as Mermaid text or an SVG picture', run: (a) => require('./commands/diagram').diagramCommand(a) },
  lint: { summary: 'check flow files as the app does at start-up: "OK <file>" or each problem with its JSON path and fix', run: (a) => require('./commands/lint').lintCommand(a) },
  schema: { summary: 'regenerate flows/flow.schema.json from the zod schema', run: () => require('./commands/schema').schemaCommand() },
  provision: { summary: 'point a Twilio number at the deployed app (voice URL, fallback, status callback); --dry-run', run: (a) => require('./commands/provision').provisionCommand(a) },
  explore: { summary: 'walk every path callers can take at representative instants and report paths, endings and defects', run: (a) => require('./commands/explore').exploreCommand(a) },
  diff: { summary: 'what a flow change does to callers: every call that goes differently, before it is deployed', run: (a) => require('./commands/diff').diffCommand(a) },
  replay: { summary: 'run recorded calls (ivr.call records) again against a flow and say which would go differently', run: (a) => require('./commands/replay').replayCommand(a) },
  report: { summary: 'draw ivr.call records as one HTML page: totals, the menu map with its traffic, hours, transfers, paths', run: (a) => require('./commands/report').reportCommand(a) },
  holidays: { summary: 'regenerate flows/holidays/<COUNTRY>.json from the pinned date-holidays package; --check', run: (a) => require('./commands/holidays').holidaysCommand(a) },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return ['Usage: ivr <command> [options]', '', 'Commands:', ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`), '', 'Run `ivr <command> --help` for its options.'].join('\n');
}

/** Runs `ivr ARGV`; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`ivr: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}
