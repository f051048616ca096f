import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { projectRoot } from '../../config/projectRoot';
import { readSettings } from '../../config/settings';
import { drawFlow, type DiagramFormat } from '../../diagram';
import { loadFlowFile } from '../../flow/load';
import { applyLocalSettings } from '../../server/localSettings';

const HELP = `Usage: ivr diagram [FILE] [options]

Draws the flow of each line: prompts as nodes, keys and outcomes as labelled
edges, opening-hours checks as decisions, transfers and hang-ups as end states.
FILE defaults to the flow the app uses (IVR_FLOW_FILE, else flows/klarna-italia.json).

  --format mermaid|svg  Mermaid text (default; GitHub renders it in Markdown)
                        or a standalone SVG picture
  --line NAME           draw only this line (repeatable; default: every line)
  --lang CODE           language of the prompt snippets (default: the flow's)
  --output FILE         write the picture there instead of to standard output
`;

export async function diagramCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'mermaid' },
      line: { type: 'string', multiple: true },
      lang: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = values.format as DiagramFormat;
  if (format !== 'mermaid' && format !== 'svg') throw new Error(`--format "${values.format}": use mermaid or svg`);
  if (positionals.length > 1) throw new Error(`ivr diagram takes one flow file, got ${positionals.length}: ${positionals.join(' ')}`);
  applyLocalSettings(projectRoot());
  const flow = loadFlowFile(positionals[0] ?? readSettings().flowFile);
  if (values.lang !== undefined && !(values.lang in flow.languages)) {
    throw new Error(`--lang "${values.lang}": the flow speaks ${Object.keys(flow.languages).join(', ')}`);
  }
  const picture = drawFlow(flow, format, {
    ...(values.line ? { lines: values.line } : {}),
    ...(values.lang ? { language: values.lang } : {}),
  });
  if (values.output) writeFileSync(values.output, picture);
  else process.stdout.write(picture);
  return 0;
}
