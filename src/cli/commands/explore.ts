import path from 'node:path';
import { projectRoot } from '../../config/projectRoot';
import { samePath } from '../../config/samePath';
import { DEFAULT_FLOW_FILE } from '../../config/settings';
import { loadFlowFile } from '../../flow/load';
import { offlineSettings } from '../offlineSettings';
import { applyLocalSettings } from '../../server/localSettings';
import { DEFAULT_WEEK, exploreFlow, formatReport, instantAt, representativeInstants } from '../../explore';
import { parseCommandLine, requireFlowFiles, readOption, requireOneOf, type CommandSpec } from '../commandLine';
import { fromHere } from '../../text/fromHere';

const USAGE = `Usage: ivr explore [FILE] [options]

Walks every path callers can take through a flow: every key 0-9, *, # and
silence at every prompt, and every way each transfer can end (answered, busy,
no answer, failed), on every line, at representative instants taken from the
flow's opening hours (open, closed, the weekend, a public holiday). Calls run
in-process through the real webhook code, with the simulator playing Twilio.

Reports the distinct paths, how calls end, the longest path, and every defect:
  no-goodbye      a call ends with neither a goodbye nor a transfer
  app-error       the app failed inside and answered its apology
  dead-key        a prompt says "press N" (premi N) but N leads nowhere
  no-way-out      somewhere no key, silence or dial outcome ever ends the call
  unreached-node  a flow node no call reaches at the explored instants
  unchecked-transfer  a key at a menu leads to a transfer with no hours
                  check between: pressed after closing, it is put through
                  (a destination answered at any hour says "anyHour": true)

  FILE              flow file (default: IVR_FLOW_FILE, or flows/klarna-italia.json)
  --at ISO-8601     also call at this instant (repeatable); without an offset it
                    is read in the flow's time zone, e.g. 2026-11-24T10:00
  --week DATE       take the representative instants from the week of DATE
                    (default ${DEFAULT_WEEK}, a week with a public holiday)
  --line NAME       explore only this line (repeatable; default: every line)
  --json            print the report as one JSON object
  -h, --help        print this and do nothing else

Exit codes:
  0  no defect
  1  a defect, or the flow or settings do not load
  2  wrong usage: more than one file, a file that is not there, a bad --at,
     --week or --line, an unknown option; nothing was explored
`;

const EXPLORE_COMMAND = {
  name: 'explore',
  usage: USAGE,
  options: {
    at: { type: 'string', multiple: true },
    week: { type: 'string' },
    line: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
  },
  maxPositionals: 1,
} satisfies CommandSpec;

/** `ivr explore`: exit code 1 on any defect, so CI can run it on our flows. */
export async function exploreCommand(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv, EXPLORE_COMMAND);
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  requireFlowFiles(positionals);
  applyLocalSettings(projectRoot());
  const file = positionals[0] ? path.resolve(positionals[0]) : undefined;
  const settings = offlineSettings(file ? { IVR_FLOW_FILE: file } : {});
  const flow = loadFlowFile(settings.flowFile);
  requireOneOf('--line', values.line, Object.keys(flow.lines), 'a line of the flow');
  const report = await exploreFlow({
    flow,
    settings,
    // A flow other than ours (a FILE, or IVR_FLOW_FILE): the header names it and the replay commands
    // set IVR_FLOW_FILE, so they replay this flow when pasted in a shell that does not have it set.
    ...(!samePath(settings.flowFile, DEFAULT_FLOW_FILE) ? { file: fromHere(settings.flowFile) } : {}),
    ...(values.line ? { lines: values.line } : {}),
    instants: readOption(() => representativeInstants(flow.hours, values.week ?? DEFAULT_WEEK)),
    extraInstants: readOption(() => (values.at ?? []).map((at) => instantAt(at, flow.hours.timeZone))),
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.defects.length > 0 ? 1 : 0;
}
