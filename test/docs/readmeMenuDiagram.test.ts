import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ivrDiagram } from '../support/ivrDiagram';
import { projectDir } from '../support/runIvr';
import { lineEdits } from './lineEdits';

// The README draws the shipped menu: after an edit of the menu its picture
// must be drawn again, and this says so (it quotes the menu, as the docs do;
// how `ivr diagram` draws is tested in test/diagram/).

const REDRAW = 'run `npx ivr diagram` and paste its output into the ```mermaid block under "## The menu"';

/** The Mermaid block under "## The menu", and the README line of its first line. */
function readmeDiagram(readme: string): { text: string; firstLine: number } | undefined {
  const section = readme.search(/^## The menu$/m);
  if (section < 0) return undefined;
  const fence = readme.indexOf('```mermaid\n', section);
  if (fence < 0) return undefined;
  const start = fence + '```mermaid\n'.length;
  const end = readme.indexOf('```', start);
  return { text: readme.slice(start, end), firstLine: readme.slice(0, start).split('\n').length };
}

/** '' when the README's picture is the one drawn; else what to do, and each line to add or remove, at its README line. */
function diagramOutOfDate(readme: string, drawn: string): string {
  const diagram = readmeDiagram(readme);
  if (diagram === undefined) return `README.md has no \`\`\`mermaid block under "## The menu": ${REDRAW}`;
  const edits = lineEdits(diagram.text, drawn, 'README.md', diagram.firstLine);
  if (edits.length === 0) return '';
  return [`README.md's menu diagram is out of date with the flow: ${REDRAW}. It differs in these lines:`, ...edits.map((edit) => `  ${edit}`)].join('\n');
}

describe('the README shows the menu', () => {
  it('its Mermaid block under "## The menu" is exactly what `ivr diagram` draws from the flow', () => {
    const drawn = ivrDiagram();
    expect(drawn.status, drawn.stderr).toBe(0);
    const outOfDate = diagramOutOfDate(readFileSync(path.join(projectDir, 'README.md'), 'utf8'), drawn.stdout);
    if (outOfDate) expect.fail(outOfDate);
  });

  it('out of date after a key is added: the lines the README lacks read "add", the ones it should lose "remove", at README lines', () => {
    const readme = readFileSync(path.join(projectDir, 'README.md'), 'utf8');
    const diagram = readmeDiagram(readme);
    if (diagram === undefined) return expect.fail('README.md has no ```mermaid block under "## The menu"');
    // The picture drawn after an editor's change: one node's words reworded, one key added.
    const lines = diagram.text.split('\n');
    const menuAt = lines.findIndex((line) => line.includes('n_consumer_menu -->|"9"|'));
    const callCostAt = lines.findIndex((line) => line.startsWith('  n_consumer_call_cost['));
    expect(menuAt, 'the README\'s picture has no key 9 at the consumer menu').toBeGreaterThan(0);
    const added = '  n_consumer_menu -->|"6"| n_consumer_refund';
    const reworded = '  n_consumer_call_cost["consumer-call-cost<br/>Other words"]';
    const drawn = lines.map((line, i) => (i === callCostAt ? reworded : line));
    drawn.splice(menuAt, 0, added);
    const message = diagramOutOfDate(readme, drawn.join('\n'));
    expect(message).toBe(
      [
        'README.md\'s menu diagram is out of date with the flow: run `npx ivr diagram` and paste its output into the ```mermaid block under "## The menu". It differs in these lines:',
        `  README.md:${diagram.firstLine + callCostAt}: remove ${lines[callCostAt]}`,
        `  README.md:${diagram.firstLine + callCostAt + 1}: add    ${reworded}`,
        `  README.md:${diagram.firstLine + menuAt}: add    ${added}`,
      ].join('\n'),
    );
  });
});
