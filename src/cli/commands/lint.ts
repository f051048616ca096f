import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/projectRoot';
import { samePath } from '../../config/samePath';
import { readSettings, resolveAgainstFlow, SettingsError, unplannedDestinations, type Settings } from '../../config/settings';
import { loadFlowFile } from '../../flow/load';
import { FlowError, problemSaid } from '../../flow/problem';
import { problemLinesIn } from '../../flow/problemLines';
import { closureWarnings, flowToday } from '../../flow/closureWarnings';
import { spokenHoursWarnings } from '../../flow/spokenHours';
import { keyLanguageWarnings } from '../../flow/keyLanguageWarnings';
import { holidayNameWarnings } from '../../flow/holidayNameWarnings';
import { smsLengthWarnings } from '../../flow/smsLengthWarnings';
import { flowsStartChecks, inFlowsFolder, notTheServedFlow, outsideFlowsFolder } from '../../flow/flowsTheBuildChecks';
import { applyLocalSettings } from '../../server/localSettings';
import { parseCommandLine, requireFlowFiles, type CommandSpec } from '../commandLine';
import { onGitHubActions, warningCommands } from '../githubAnnotation';

// `ivr lint [FILE...]`: the same checks the function app runs at start-up, so a
// flow that passes here is one the app will start with, and one that fails
// here is one the app refuses. That includes the app settings read against the
// flow (resolveAgainstFlow, as createApp runs it): a number in IVR_LINE_NUMBERS
// mapped to a line the flow lacks, a destination setting that is no number.
// Without a file it checks what `npm start` checks: the served flow, and every
// other flow file in flows/, which the build checks before it starts
// (flowsTheBuildChecks.ts), so a broken draft there is found here too.
// One thing fails here that the app starts with: a destination setting that
// rings the app, whose every transfer the app refuses (start-up warns of it).

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
dates and numbers. The app settings (environment, then local.settings.json)
are checked against each flow as start-up checks them: IVR_LINE_NUMBERS must
name lines the flow has, and send no line's own number to another line, and
destination settings must be E.164 numbers that do not ring the app (the app
starts with one that does, but refuses every transfer there: lint fails it).
It warns (and passes the file) at a transfer number (a destination setting, or
the flow's own number unless "placeholder") that libphonenumber finds in no
country's numbering plan (Twilio would refuse the transfer), where a prompt
says opening hours ("dal lunedì al venerdì, dalle 9 alle 17") that "hours"
does not keep, at a closure already over (by today's date in the flow's time
zone), at a closure of more than 31 days in a row, at a one-day closure on a
holiday (callers would hear the closure's name instead of the holiday's), at a
language whose words for "press" it cannot read (its menus' keys are not
checked; it reads Italian, English, German, French, Spanish and Slovenian), at
a text that asks for keys only in another language of the flow ("premi 1" in
an "en" text), at a language flows/holidays/<COUNTRY>.json has no names in
(run \`npx ivr holidays\`), at a holiday date-holidays has no name for in a
language (callers would hear it in another; add it to
hours.holidays.spokenNames), and at an SMS message that, its links filled in,
takes more than one text message, each billed (over 160 GSM-7 characters, or
70 when a character outside GSM-7 makes Twilio send it in UCS-2). Without a
FILE it checks what \`npm start\` checks: the flow the app loads
(IVR_FLOW_FILE, default flows/klarna-italia.json), and every other flow file
in flows/, which the build checks too, as \`npm run package\` deploys them
all. Prints "OK <file>" or every problem with its fix; a note says when the
flow the app loads is outside flows/, which a deployment does not have. On GitHub Actions (GITHUB_ACTIONS=true) each warning
is also printed as a \`::warning file=…,line=…::\` workflow command, an
annotation at its line.

  -h, --help   print this and do nothing else

Exit codes:
  0  every file passes
  1  a file has a problem, or the settings do not fit it (each one is printed
     with its fix), a destination setting that rings the app included
  2  wrong usage: a file that is not there, a folder (named on the command
     line or in IVR_FLOW_FILE), an unknown option`,
  options: {},
  maxPositionals: Infinity,
} satisfies CommandSpec;

export async function lintCommand(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv, LINT_COMMAND);
  if (typeof args === 'number') return args;
  requireFlowFiles(args.positionals);
  applyLocalSettings(projectRoot());
  let settings: Settings;
  try {
    settings = readSettings();
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    console.error(`The app settings (${SETTINGS_FROM}) stop the app before any flow is read: ${told(err)}`);
    return 1;
  }
  const served = shownPath(settings.flowFile);
  const isServed = (file: string) => samePath(file, settings.flowFile);
  const files = args.positionals.length > 0 ? args.positionals : flowsStartChecks(settings.flowFile).map(shownPath);
  let failed = 0;
  let missing = false;
  for (const file of files) {
    try {
      const flow = loadFlowFile(file);
      // A destination setting that rings this app: the app starts (and says so), but refuses every transfer there.
      const { ringing } = resolveAgainstFlow(settings, flow, file);
      if (ringing.length > 0) {
        console.error(`The app would start with ${file} and these settings (${SETTINGS_FROM}), but refuse every transfer to ${ringing.join(', ')}\n  fix: set ${ringing.length === 1 ? 'that setting' : 'each of those settings'} to the operators' real number`);
        failed++;
        continue;
      }
      const unplanned = unplannedDestinations(settings, flow);
      // Warnings do not fail the file: the app starts with it.
      const today = flowToday(flow);
      const warnings = problemLinesIn(file, [...spokenHoursWarnings(flow), ...closureWarnings(flow, today), ...keyLanguageWarnings(flow), ...holidayNameWarnings(flow, today), ...smsLengthWarnings(flow)]);
      // A transfer number in no numbering plan is said as start-up says it, the setting (or the flow's path) first.
      const said = [...warnings.map((w) => problemSaid(w, 'warning at')), ...unplanned.map((number) => `  warning: ${number}`)];
      console.log(said.length === 0 ? `OK ${file}` : `OK ${file}, with ${said.length} warning${said.length === 1 ? '' : 's'}:\n${said.join('\n')}`);
      if (isServed(file) && !inFlowsFolder(file)) console.log(`  ${outsideFlowsFolder(file)}`);
      if (onGitHubActions()) for (const command of warningCommands(file, warnings)) console.log(command);
    } catch (err) {
      if (err instanceof FlowError) {
        console.error(err.message);
        if (!isServed(file) && inFlowsFolder(file)) console.error(`  ${notTheServedFlow(file, served)}`);
        // IVR_FLOW_FILE naming no file, or a folder, is the mistake a FILE argument that is not there is
        // (refused before any file is read): exit 2 as for it, with loading's words, whose fix names the setting.
        missing ||= !existsSync(file) || statSync(file).isDirectory();
      } else if (err instanceof SettingsError) console.error(`The app would not start with ${file} and these settings (${SETTINGS_FROM}): ${told(err)}`);
      else throw err;
      failed++;
    }
  }
  return missing ? 2 : failed === 0 ? 0 : 1;
}

/** Where the app settings come from when lint (or the app, run locally) reads them: said once, before the problem. */
const SETTINGS_FROM = 'from the environment, then local.settings.json';

/** A setting's problem with its fix on a line of its own, said once; an error given no fix apart is printed as it is. */
function told(err: SettingsError): string {
  return err.fix === undefined ? err.message : `${err.problem}\n  fix: ${err.fix}`;
}

/** The app's flow file as the user knows it: relative to here when it is inside, else as the setting gives it (not "../../../tmp/flow.json"). */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
