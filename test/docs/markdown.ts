import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// Just enough Markdown for checking the project's own pages: fenced code
// blocks with their info string, inline code spans, links and heading anchors.

export const projectDir = path.join(__dirname, '../..');

export interface Page {
  /** Path from the project folder, e.g. "docs/cli.md". */
  name: string;
  text: string;
}

export interface CodeBlock {
  page: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The first word of the info string: "ts", "sh", "json"... ("" when none). */
  lang: string;
  /** The other words of the info string, e.g. ["no-run"]. */
  tags: string[];
  /** The block's text, without the indentation of its fence. */
  code: string;
  /** Where the block is, for messages: "README.md:48". */
  where: string;
}

/** README.md and every Markdown page under docs/. */
export function projectPages(): Page[] {
  const docs = (dir: string): string[] =>
    readdirSync(path.join(projectDir, dir)).flatMap((name) => {
      const rel = path.posix.join(dir, name);
      if (statSync(path.join(projectDir, rel)).isDirectory()) return docs(rel);
      return name.endsWith('.md') ? [rel] : [];
    });
  return ['README.md', ...docs('docs')].map((name) => ({ name, text: readFileSync(path.join(projectDir, name), 'utf8') }));
}

export function codeBlocks(page: Page): CodeBlock[] {
  const lines = page.text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(.*)$/.exec(lines[i] as string);
    if (!open) continue;
    const indent = (open[1] as string).length;
    const [lang = '', ...tags] = (open[2] as string).trim().split(/\s+/).filter(Boolean);
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j] as string)) body.push((lines[j++] as string).slice(indent));
    if (j === lines.length) throw new Error(`${page.name}:${i + 1}: a code block is never closed`);
    blocks.push({ page: page.name, line: i + 1, lang, tags, code: body.join('\n'), where: `${page.name}:${i + 1}` });
    i = j;
  }
  return blocks;
}

/** The page's text outside fenced code blocks. */
export function prose(page: Page): string {
  return page.text.replace(/^\s*```[\s\S]*?^\s*```\s*$/gm, '');
}

/** Inline code spans of the page's prose (a span may wrap onto the next line). */
export function inlineCode(page: Page): string[] {
  return [...prose(page).matchAll(/`([^`]+)`/g)].map((m) => (m[1] as string).replace(/\s*\n\s*/g, ' '));
}

/** Link targets of the page's prose: [text](target). */
export function links(page: Page): string[] {
  return [...prose(page).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
}

/** The anchors GitHub gives the page's headings: lower case, punctuation dropped, spaces to dashes. */
export function anchors(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.replace(/^\s*```[\s\S]*?^\s*```\s*$/gm, '').matchAll(/^#{1,6}\s+(.+)$/gm)) {
    found.add((m[1] as string).trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));
  }
  return found;
}

/** The lines of a shell block, `\`-continued lines joined, each with its trailing `# comment` apart. */
export function shellLines(code: string): { command: string; comment: string }[] {
  return code
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => {
      const comment = /(^|\s)#(\s.*)?$/.exec(line);
      return { command: (comment ? line.slice(0, comment.index) : line).trim(), comment: comment?.[2]?.trim() ?? '' };
    })
    .filter((line) => line.command !== '');
}

/** The commands of a shell block: each line cut at `&&`, `;` and `|` into the commands it runs. */
export function shellCommands(code: string): string[] {
  return shellLines(code)
    .flatMap(({ command }) => command.split(/\s*(?:&&|;|\|\|?)\s*/))
    .filter(Boolean);
}

/** A command line's leading variable assignments (`DEST_X=+39… npx ivr call …`), as the shell hands them to the command, and the command after them. */
export function shellEnv(line: string): { env: Record<string, string>; command: string } {
  const env: Record<string, string> = {};
  let command = line;
  for (let m = /^([A-Z_][A-Z0-9_]*)=(\S*)\s+/.exec(command); m; m = /^([A-Z_][A-Z0-9_]*)=(\S*)\s+/.exec(command)) {
    env[m[1] as string] = m[2] as string;
    command = command.slice(m[0].length);
  }
  return { env, command };
}

/** Splits a command line into words as a shell would for the plain commands of these pages; quotes are removed. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  for (const m of command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) words.push((m[1] ?? m[2] ?? m[3]) as string);
  return words;
}

/**
 * The text of the `text` block of `page` ("docs/cli.md") that starts with `starts`: what the page shows a command
 * printing, for the test that makes that output to compare. Throws when the page has no such block.
 */
export function textBlock(page: string, starts: string): string {
  const found = projectPages().find((p) => p.name === page);
  const block = found && codeBlocks(found).find((b) => b.lang === 'text' && b.code.startsWith(starts));
  if (!block) throw new Error(`${page} has no text block that starts "${starts}"`);
  return block.code;
}

/**
 * Why a block's text is not what a command printed, or undefined when it is: its lines one after another as
 * printed, where a line of "…" alone skips printed lines and a "…" in a line stands for the text left out there.
 * `varies` matches what differs from run to run (the time a command took): any text is taken in its place.
 */
export function notPrinted(block: string, printed: string, varies?: RegExp): string | undefined {
  const lines = printed.split('\n');
  // The block's runs of lines between the lines of "…" alone, each line as a pattern.
  const runs = block.split(/^\s*…\s*$/m).map((run) => run.split('\n').filter((line, i, all) => line !== '' || (i > 0 && i < all.length - 1)));
  const pattern = (line: string) => {
    const marked = varies ? line.replace(varies, '\u0000') : line;
    return new RegExp(`^${marked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[…\u0000]/g, '.*')}$`);
  };
  let from = 0;
  for (const run of runs.filter((r) => r.length > 0)) {
    const patterns = run.map(pattern);
    const matchedAt = (i: number) => {
      let j = 0;
      while (j < patterns.length && patterns[j]!.test(lines[i + j] ?? '')) j++;
      return j;
    };
    const at = lines.findIndex((_, i) => i >= from && matchedAt(i) === patterns.length);
    if (at < 0) {
      // The longest start of the run printed somewhere, to name the first of its lines that is not.
      const matched = Math.max(0, ...lines.map((_, i) => (i >= from ? matchedAt(i) : 0)));
      return `this line of the block is not printed${matched > 0 ? ` after the ${matched} before it` : ''} (from printed line ${from + 1} on):\n${run[matched]}`;
    }
    from = at + patterns.length;
  }
  return undefined;
}
