import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { projectDir } from '../support/runIvr';

// The README says roughly how many test files `npm test` runs, so a reader can judge the 10 to 15 minutes. A round
// number goes stale slowly, but it did (190 when there were 204): within a tenth of the files vitest runs, it holds.

/** The files vitest.config.mts includes: *.test.ts under test/ and src/. */
function testFiles(): number {
  return ['test', 'src'].flatMap((dir) => readdirSync(path.join(projectDir, dir), { recursive: true, encoding: 'utf8' })).filter((name) => name.endsWith('.test.ts')).length;
}

it('the README says about as many test files as npm test runs', () => {
  const readme = readFileSync(path.join(projectDir, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const said = /`npm test` runs some ([\d,]+) files/.exec(readme)?.[1];
  expect(said, 'README.md no longer says "`npm test` runs some N files"').toBeDefined();
  const files = testFiles();
  const n = Number(said!.replace(/,/g, ''));
  expect(Math.abs(files - n) / files, `README.md says some ${said} test files; npm test runs ${files}: round that instead`).toBeLessThanOrEqual(0.1);
});
