import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { projectDir } from '../support/runIvr';

// The README is short and sends its detail to pages in docs/: a page that is
// not in its "More documentation" table can only be found by a link buried
// in some section, or not at all.

it('the README\'s "More documentation" table names every page in docs/', () => {
  const readme = readFileSync(path.join(projectDir, 'README.md'), 'utf8');
  const from = readme.indexOf('\n## More documentation');
  expect(from, 'README.md has no "## More documentation" section').toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', from + 1);
  const table = readme.slice(from, end < 0 ? undefined : end);
  const listed = [...table.matchAll(/^\| \[[^\]]+\]\((docs\/[^)#]+\.md)\)/gm)].map((m) => m[1]);
  const pages = readdirSync(path.join(projectDir, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);
  expect(pages.filter((page) => !listed.includes(page)), 'add a row to README.md\'s "More documentation" table for each').toEqual([]);
});
