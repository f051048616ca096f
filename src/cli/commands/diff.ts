import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/projectRoot';
import { drawFlow } from '../../diagram';
import { changedParts } from '../../diff/changedParts';
import { diffFlows, type FlowVersion, type NotCompared } from '../../diff/diffFlows';
import { git, gitSaid, gitTop } from '../../config/git';
import { playedByChangedSince } from '../../diff/codeAtRef';
import { formatDiff, formatDiffMarkdown } from '../../diff/formatDiff';
import { DEFAULT_WEEK, instantAt } from '../../explore';
import { loadFlowFile, loadPastFlowFile } from '../../flow/load';
import { parsePastFlow } from '../../flow/pastFlow';
import { warnOfPastFlow, type PastFlow } from '../../flow/pastFlowWarning';
import type { Flow } from '../../flow/schema';
import { FlowError } from '../../flow/problem';
import { readFlowJson } from '../../flow/flowJson';
import { decodeFlowText } from '../../flow/flowText';
import { shellWord } from '../../explore/reproduce';
import { offlineSettings } from '../offlineSettings';
import { applyLocalSettings } from '../../server/localSettings';
import { parseCommandLine, readOption, refuse, requireFlowFiles, type CommandSpec } from '../commandLine';
import { writeOutputFile } from '../outputFile';
import { escapeLeftByJson } from '../../text/terminalText';
import { fromHere } from '../../text/fromHere';

const USAGE = `Usage: ivr diff OLD NEW [options]
       ivr diff --git REF [FILE] [options]

Tells what a change of the flow does to callers, before it reaches them. Both
flows are explored as \`ivr explore\` does (every key, silence and way a
transfer ends, on every line, at open, closed, weekend and holiday instants,
plus every closure date and each side of every opening or closing time the
change touches, and 23:30 the evening before each of those days), their calls
paired by what the caller does, and each place where calls now go differently
or say other words is printed with the node where it starts, a before/after
line with the first sentence each side says differently, and \`ivr call\`
commands that play it. The flow files are compared by JSON path too.

  OLD NEW           two flow files
  --git REF         compare FILE (default: IVR_FLOW_FILE or
                    flows/klarna-italia.json) at git REF with the working tree;
                    only the flow comes from REF: both sides run this
                    checkout's code and holiday table, and the report names
                    the files of src/, functions/, flows/holidays/ and
                    package-lock.json that differ from REF
  --at ISO-8601     also compare at this instant (repeatable), e.g. 2026-11-24T10:00
  --week DATE       take the explore instants from the week of DATE (default ${DEFAULT_WEEK})
  --line NAME       compare only this line (repeatable)
  --json            the report as one JSON object
  --markdown        the report as Markdown, for a pull-request comment
  --svg FILE        also draw the new flow's map (as \`ivr diagram --format svg\`)
                    into FILE, with changed nodes and edges marked

Exit codes: 0 nothing a caller would notice changed (a change of notes,
descriptions or a node's id only), 1 some call goes differently or says other
words, or a line was added or removed, 2 wrong usage or an invalid flow (named as \`ivr lint\` names it), 3 with
--git, FILE is not at REF (a new flow file, or one renamed since): nothing
was compared. With --git the exit code speaks of the flow files only.`;

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
  let notCompared: NotCompared | undefined;
  try {
    if (values.git !== undefined) {
      const file = path.resolve(positionals[0] ?? settings.flowFile);
      const top = repositoryOf(values.git, file);
      before = atGitRef(values.git, file, top);
      after = fromFile(file, false);
      notCompared = codeNotCompared(values.git, top);
    } else {
      before = fromFile(path.resolve(positionals[0] as string), true);
      after = fromFile(path.resolve(positionals[1] as string), false);
    }
  } catch (err) {
    console.error(err instanceof FlowError ? err.message : `ivr diff: ${(err as Error).message}`);
    return err instanceof NotAtRef ? 3 : 2;
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
    ...(notCompared ? { notCompared } : {}),
  });
  if (values.svg) writeOutputFile(values.svg, drawFlow(after.flow, 'svg', { marks: changedParts(report) }));
  // Flow text in the JSON is a string JSON.stringify leaves a bidi override or a C1 control in: escaped, as ivr replay --json does.
  console.log(values.json ? escapeLeftByJson(JSON.stringify(report, null, 2)) : values.markdown ? formatDiffMarkdown(report, ranIn()) : formatDiff(report));
  return report.callersNotice ? 1 : 0;
}

/**
 * The files besides the flow that callers hear and that differ from the ref: the code and the holiday table
 * (see codeAtRef.ts), when the flow lives in this project's repository (a flow of another repository is
 * played by this code on both sides alike, and REF names none of this project's commits).
 */
function codeNotCompared(ref: string, flowTop: string): NotCompared | undefined {
  if (gitTop(projectRoot()) !== flowTop) return undefined;
  const files = playedByChangedSince(ref, projectRoot());
  return files.length > 0 ? { ref, files } : undefined;
}

/**
 * A side of the diff read from a file. The old side (`past`) is a flow callers went through, read as a past
 * flow: what only a deployed app refuses is printed as a warning. The new side is checked as for the app.
 */
function fromFile(file: string, past: boolean): FlowVersion {
  const shown = fromHere(file);
  const flow = past ? readPast(shown, loadPastFlowFile(file)) : loadFlowFile(file);
  return { flow, written: readFlowJson(decodeFlowText(readFileSync(file), file), file), label: shown, file: shown };
}

/** The flow file is not in the commit the ref names: a first flow, or one renamed since. Exit 3, so a workflow can say so and go on. */
class NotAtRef extends Error {}

/** The top folder of the git repository holding the flow file, where `ref` names a commit; an error (exit 2) naming both otherwise. */
function repositoryOf(ref: string, file: string): string {
  try {
    const top = path.resolve(git(['rev-parse', '--show-toplevel'], path.dirname(file)).trim());
    git(['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`], top);
    return top;
  } catch (err) {
    throw new Error(`cannot read ${fromHere(file)} at git ref "${ref}": ${gitSaid(err)}`);
  }
}

/** The flow file as it was at a git ref, read with `git show` in the repository at `top`. */
function atGitRef(ref: string, file: string, top: string): FlowVersion {
  const shown = fromHere(file);
  let text: string;
  const inRepo = path.relative(top, file).split(path.sep).join('/');
  try {
    text = git(['show', `${ref}:${inRepo}`], top);
  } catch (err) {
    throw new NotAtRef(
      `${shown} is not in ${ref} (${gitSaid(err)}): there is no earlier version of it to compare with, so nothing was compared. ` +
        `It is a new flow file, or one renamed or moved since ${ref}.\n` +
        `  fix: for a new flow, \`npx ivr lint ${shellWord(shown)}\` and \`npx ivr explore ${shellWord(shown)}\` check it and walk its calls; ` +
        `for a renamed one, compare it with the old file: \`mkdir -p out && git show ${shellWord(`${ref}:OLD/PATH.json`)} > out/old.json\`, then \`npx ivr diff out/old.json ${shellWord(shown)}\`.`,
    );
  }
  const label = `${ref}:${shown}`;
  // The commands that play a call on this version write it to a file first, with the same `git show`: in the
  // project's out/ (which git ignores; not one at the repository's top, when the project sits in a subfolder of
  // it), not a shared temporary folder where another user could have put a link.
  const outDir = path.relative(process.cwd(), path.join(projectRoot(), 'out')) || 'out';
  const copy = path.join(outDir, `ivr-diff-${ref.replace(/[^A-Za-z0-9._-]+/g, '-')}-${path.basename(file)}`);
  const folder = path.dirname(shown);
  const extract = `mkdir -p ${shellWord(outDir)} && ` + ['git', ...(folder === '.' ? [] : ['-C', folder]), 'show', `${ref}:./${path.basename(file)}`].map(shellWord).join(' ') + ` > ${shellWord(copy)}`;
  return { flow: readPast(label, parsePastFlow(text, label)), written: readFlowJson(text, label), label, file: copy, extract };
}

/** The flow of a past flow, its warnings printed on stderr. */
function readPast(label: string, past: PastFlow): Flow {
  warnOfPastFlow('diff', label, past.warnings);
  return past.flow;
}

/** Where the report's commands run from, in words: the repository's root, a folder in it, or (outside it) the folder itself. */
function ranIn(): string {
  const fromRoot = path.relative(projectRoot(), process.cwd());
  if (fromRoot === '') return "the repository's root";
  return fromRoot.startsWith('..') || path.isAbsolute(fromRoot) ? process.cwd() : `${fromRoot} in the repository`;
}
