import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../config/projectRoot';
import { drawFlow } from '../../diagram';
import { changedParts } from '../../diff/changedParts';
import { diffFlows, type FlowVersion } from '../../diff/diffFlows';
import { formatDiff, formatDiffMarkdown } from '../../diff/formatDiff';
import { DEFAULT_WEEK, instantAt } from '../../explore';
import { loadFlowFile, parseFlow } from '../../flow/load';
import { FlowError } from '../../flow/problem';
import { shellWord } from '../../explore/reproduce';
import { offlineSettings } from '../offlineSettings';
import { applyLocalSettings } from '../../server/localSettings';
import { parseCommandLine, readOption, refuse, requireFlowFiles, type CommandSpec } from '../commandLine';
import { writeOutputFile } from '../outputFile';

const USAGE = `Usage: ivr diff OLD NEW [options]
       ivr diff --git REF [FILE] [options]

Tells what a change of the flow does to callers, before it reaches them. Both
flows are explored as \`ivr explore\` does (every key, silence and way a
transfer ends, on every line, at open, closed, weekend and holiday instants,
plus every closure date and each side of every opening or closing time the
change touches, and 23:30 the evening before each of those days), their calls
paired by what the
caller does, and each place where calls now go differently or say other
words is printed with the node where it starts, a before/after line and an
\`ivr call\` command that plays it. The flow files are compared by JSON path too.

  OLD NEW           two flow files
  --git REF         compare FILE (default: IVR_FLOW_FILE or
                    flows/klarna-italia.json) at git REF with the working tree
  --at ISO-8601     also compare at this instant (repeatable), e.g. 2026-11-24T10:00
  --week DATE       take the explore instants from the week of DATE (default ${DEFAULT_WEEK})
  --line NAME       compare only this line (repeatable)
  --json            the report as one JSON object
  --markdown        the report as Markdown, for a pull-request comment
  --svg FILE        also draw the new flow's map (as \`ivr diagram --format svg\`)
                    into FILE, with changed nodes and edges marked

Exit codes: 0 nothing a caller would notice changed (a change of notes or
descriptions only), 1 some call goes differently or says other words,
2 wrong usage or an invalid flow (named as \`ivr lint\` names it).`;

const DIFF_COMMAND = {
  name: 'diff',
  usage: USAGE,
  options: {
    git: { type: 'string' },
    at: { type: 'string', multiple: true, default: [] },
    week: { type: 'string' },
    line: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    svg: { type: 'string' },
  },
  maxPositionals: 2,
} satisfies CommandSpec;

export async function diffCommand(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv, DIFF_COMMAND);
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  const wanted = values.git === undefined ? 2 : positionals.length <= 1 ? positionals.length : -1;
  if (positionals.length !== wanted || (values.json && values.markdown)) {
    return refuse(DIFF_COMMAND, values.json && values.markdown ? 'choose --json or --markdown, not both' : values.git === undefined ? 'give two flow files, OLD and NEW' : 'give at most one flow file with --git');
  }
  requireFlowFiles(positionals);
  applyLocalSettings(projectRoot());
  const settings = offlineSettings();
  let before: FlowVersion;
  let after: FlowVersion;
  try {
    if (values.git !== undefined) {
      const file = path.resolve(positionals[0] ?? settings.flowFile);
      before = atGitRef(values.git, file);
      after = fromFile(file);
    } else {
      before = fromFile(path.resolve(positionals[0] as string));
      after = fromFile(path.resolve(positionals[1] as string));
    }
  } catch (err) {
    console.error(err instanceof FlowError ? err.message : `ivr diff: ${(err as Error).message}`);
    return 2;
  }
  const timeZone = after.flow.hours.timeZone;
  // A bad --at is wrong usage (exit 2), as in ivr call and ivr explore, not a change callers notice (1).
  const extraInstants = readOption(() => (values.at as string[]).map((at) => instantAt(at, timeZone)));
  const report = await diffFlows({
    before,
    after,
    settings,
    ...(values.week ? { week: values.week } : {}),
    ...(values.line ? { lines: values.line } : {}),
    extraInstants,
  });
  if (values.svg) writeOutputFile(values.svg, drawFlow(after.flow, 'svg', { marks: changedParts(report) }));
  console.log(values.json ? JSON.stringify(report, null, 2) : values.markdown ? formatDiffMarkdown(report) : formatDiff(report));
  return report.callersNotice ? 1 : 0;
}

function fromFile(file: string): FlowVersion {
  const shown = path.relative(process.cwd(), file) || file;
  return { flow: loadFlowFile(file), label: shown, file: shown };
}

/** The flow file as it was at a git ref, read with `git show`. */
function atGitRef(ref: string, file: string): FlowVersion {
  const dir = path.dirname(file);
  let text: string;
  let top: string;
  try {
    top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    const inRepo = path.relative(top, file).split(path.sep).join('/');
    text = execFileSync('git', ['show', `${ref}:${inRepo}`], { cwd: top, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const said = (err as { stderr?: Buffer | string }).stderr?.toString().trim();
    throw new Error(`cannot read ${path.relative(process.cwd(), file) || file} at git ref "${ref}": ${said || (err as Error).message}`);
  }
  const shown = path.relative(process.cwd(), file) || file;
  const label = `${ref}:${shown}`;
  // The commands that play a call on this version write it to a file first, with the same `git show`: in the
  // project's out/ (which git ignores), not a shared temporary folder where another user could have put a link.
  const outDir = path.relative(process.cwd(), path.join(top, 'out')) || 'out';
  const copy = path.join(outDir, `ivr-diff-${ref.replace(/[^A-Za-z0-9._-]+/g, '-')}-${path.basename(file)}`);
  const folder = path.dirname(shown);
  const extract = `mkdir -p ${shellWord(outDir)} && ` + ['git', ...(folder === '.' ? [] : ['-C', folder]), 'show', `${ref}:./${path.basename(file)}`].map(shellWord).join(' ') + ` > ${shellWord(copy)}`;
  return { flow: parseFlow(text, label), label, file: copy, extract };
}

