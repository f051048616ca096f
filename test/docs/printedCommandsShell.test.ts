import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { projectDir } from '../support/runIvr';

// The commands ivr prints for pasting set a setting in front (`IVR_FLOW_FILE=out/fri.json npx ivr
// call ...`), quote in single quotes and write files with `mkdir -p` and `>`: bash and zsh run them
// (test/diff and test/explore run them with sh), cmd.exe and PowerShell do not. `ivr call` has no
// option that would name the flow instead, so the docs say which shells they are for, and how to
// run one in PowerShell; they said "in any shell", and a Windows user pasting one got
// "'IVR_FLOW_FILE' is not recognized".

const pages = ['README.md', ...readdirSync(path.join(projectDir, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const text = (page: string) => readFileSync(path.join(projectDir, page), 'utf8').replace(/\s+/g, ' ');

it('the docs say the commands ivr prints are for bash or zsh (Git Bash or WSL on Windows), and how to run one in PowerShell', () => {
  const cli = text('docs/cli.md');
  expect(cli).toContain('**The commands it prints.** `npx ivr` runs in any terminal');
  expect(cli).toMatch(/are for bash or zsh: they set a setting in front of the command .* On Windows, paste them into Git Bash \(installed with Git for Windows\) or WSL; in PowerShell, set the setting first \(`\$env:IVR_FLOW_FILE = 'out\/fri\.json'`\)/);
  for (const page of pages) expect(text(page), page).not.toMatch(/in any shell/i);
});
