import { projectRoot } from '../../config/projectRoot';
import { readSettings } from '../../config/settings';
import { drawFlow, type DiagramFormat } from '../../diagram';
import { pastFlowFile } from '../pastFlowFile';
import { applyLocalSettings } from '../../server/localSettings';
import { parseCommandLine, requireFlowFiles, requireOneOf, UsageError, type CommandSpec } from '../commandLine';
import { writeOutputFile } from '../outputFile';

const USAGE = `Usage: ivr diagram [FILE] [options]

Draws the flow of each line: prompts as nodes, keys and outcomes as labelled
edges, opening-hours checks as decisions, transfers and hang-ups as end states.
FILE defaults to the flow the app uses (IVR_FLOW_FILE, else flows/klarna-italia.json).

  --format mermaid|svg  Mermaid text (default; GitHub renders it in Markdown)
                        or a standalone SVG picture
  --line NAME           draw only this line (repeatable; default: every line)
  --lang CODE           language of the prompt snippets (default: the flow's)
  -o, --output FILE     write the picture there instead of to standard output
  -h, --help            print this and do nothing else

Exit codes:
  0  drawn
  1  the flow or settings do not load
  2  wrong usage: more than one file, a file that is not there, an unknown
     format, line or language, an unknown option; nothing was drawn
`;

const DIAGRAM_COMMAND = {
  name: 'diagram',
  usage: USAGE,
  options: {
    format: { type: 'string', default: 'mermaid' },
    line: { type: 'string', multiple: true },
    lang: { type: 'string' },
    output: { type: 'string', short: 'o' },
  },
  maxPositionals: 1,
} satisfies CommandSpec;

export async function diagramCommand(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv, DIAGRAM_COMMAND);
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  requireFlowFiles(positionals);
  const format = values.format as DiagramFormat;
  if (format !== 'mermaid' && format !== 'svg') throw new UsageError(`--format "${values.format}": use mermaid or svg`);
  applyLocalSettings(projectRoot());
  // Drawing deploys nothing: a past flow (last week's, to see what callers went through) is drawn despite what only a deployed app refuses.
  const file = positionals[0] ?? readSettings().flowFile;
  const flow = pastFlowFile('diagram', file);
  requireOneOf('--line', values.line, Object.keys(flow.lines), 'a line of the flow');
  requireOneOf('--lang', values.lang, Object.keys(flow.languages), 'a language of the flow');
  const picture = drawFlow(flow, format, {
    ...(values.line ? { lines: values.line } : {}),
    ...(values.lang ? { language: values.lang } : {}),
  });
  if (values.output) writeOutputFile(values.output, picture);
  else process.stdout.write(picture);
  return 0;
}
