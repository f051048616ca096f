import path from 'node:path';
import { projectRoot } from '../../config/projectRoot';
import { readSettings } from '../../config/settings';
import { loadFlowFile } from '../../flow/load';
import { FlowError } from '../../flow/problem';
import { applyLocalSettings } from '../../server/localSettings';
import { parseCommandLine, requireExisting, type CommandSpec } from '../commandLine';

// `ivr lint [FILE...]`: the same checks the function app runs at start-up, so a
// flow that passes here is one the app will start with, and one that fails
// here is one the app refuses.

const LINT_COMMAND = {
  name: 'lint',
  usage: `Usage: ivr lint [FILE...]

Checks flow files as the function app does at start-up: UTF-8 text without a
byte order mark, JSON syntax (with line and column), names given twice in one
object or reserved by JavaScript (__proto__, constructor, prototype), nesting
depth, the schema (JSON path, what belongs there, what was found), and the
flow's sense: references to nodes, destinations and languages, keys (offered
and announced in every language), prompts in every language, not blank and
short enough for Twilio's <Say>, reachable nodes, menus with an exit, hours,
dates and numbers.
Without a FILE it checks the flow the app loads (IVR_FLOW_FILE, default
flows/klarna-italia.json). Prints "OK <file>" or every problem with its fix.

  -h, --help   print this and do nothing else

Exit codes:
  0  every file passes
  1  a file has a problem (each one is printed with its fix)
  2  wrong usage: a file that is not there, an unknown option`,
  options: {},
  maxPositionals: Infinity,
} satisfies CommandSpec;

export async function lintCommand(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv, LINT_COMMAND);
  if (typeof args === 'number') return args;
  requireExisting(args.positionals);
  const files = args.positionals.length > 0 ? args.positionals : [appFlowFile()];
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

/** The flow the app would load here, as the other commands find it, named relative to where ivr runs. */
function appFlowFile(): string {
  applyLocalSettings(projectRoot());
  const file = readSettings().flowFile;
  return path.relative(process.cwd(), file) || file;
}
