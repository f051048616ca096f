import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';

// Every option docs/cli.md gives a command, in the tables under its "## `ivr
// NAME`" heading, is one the command takes: its --help names it. A row copied
// from another command's table (`ivr provision --param`, once) fails here
// rather than with "unknown option" for the user who follows it.

const page = readFileSync('docs/cli.md', 'utf8');
const sections = [...page.matchAll(/^## `ivr (\w+)`\n([\s\S]*?)(?=^## |(?![\s\S]))/gm)].map((m) => ({ command: m[1] as string, text: m[2] as string }));

describe('docs/cli.md documents only options the commands take', () => {
  it('finds the commands and their option tables', () => {
    expect(sections.map((s) => s.command)).toEqual(expect.arrayContaining(['call', 'test', 'explore', 'lint', 'provision', 'diff', 'replay', 'report']));
  });

  it.each(sections.map((s) => [s.command, s.text] as const))('ivr %s', async (command, text) => {
    const documented = [...text.matchAll(/^\| `(--[\w-]+)/gm)].map((m) => m[1] as string);
    if (documented.length === 0) return;
    const help = await runIvr([command, '--help']);
    expect(help.code, help.stderr).toBe(0);
    const missing = documented.filter((option) => !new RegExp(`(^|[\\s,\\[])${option}(?![\\w-])`, 'm').test(help.stdout));
    expect(missing, `docs/cli.md gives \`ivr ${command}\` options its --help does not name`).toEqual([]);
  });
});
