import { loadFlowFile } from '../../flow/load';
import { FlowError } from '../../flow/problem';

// `ivr lint FILE...`: the same checks the function app runs at start-up, so a
// flow that passes here is one the app will start with, and one that fails
// here is one the app refuses.

const USAGE = `Usage: ivr lint FILE...

Checks flow files as the function app does at start-up: UTF-8 text without a
byte order mark, JSON syntax (with line and column), names given twice in one
object or reserved by JavaScript (__proto__, constructor, prototype), nesting
depth, the schema (JSON path, what belongs there, what was found), and the
flow's sense: references to nodes, destinations and languages, keys (offered
and announced in every language), prompts in every language, not blank and
short enough for Twilio's <Say>, reachable nodes, menus with an exit, hours,
dates and numbers.
Prints "OK <file>" or every problem with its fix. Exit code 0 if all pass, 1 if not.`;

export async function lintCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const files = argv.filter((arg) => !arg.startsWith('-'));
  const unknown = argv.filter((arg) => arg.startsWith('-'));
  if (files.length === 0 || unknown.length > 0) {
    console.error(unknown.length > 0 ? `ivr lint: unknown option ${unknown.join(', ')}\n\n${USAGE}` : USAGE);
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    try {
      loadFlowFile(file);
      console.log(`OK ${file}`);
    } catch (err) {
      if (!(err instanceof FlowError)) throw err;
      console.error(err.message);
      failed++;
    }
  }
  return failed === 0 ? 0 : 1;
}
