import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ivrDiagram } from '../support/ivrDiagram';
import { projectDir } from '../support/runIvr';

// The README draws the shipped menu: after an edit of the menu its picture
// must be drawn again, and this says so (it quotes the menu, as the docs do;
// how `ivr diagram` draws is tested in test/diagram/).

describe('the README shows the menu', () => {
  it('its Mermaid block under "## The menu" is exactly what `ivr diagram` draws from the flow', () => {
    const readme = readFileSync(path.join(projectDir, 'README.md'), 'utf8');
    const section = readme.split(/^## The menu$/m)[1];
    expect(section, 'README.md has no "## The menu" section').toBeDefined();
    const block = /```mermaid\n([\s\S]*?)```/.exec(section as string)?.[1];
    const drawn = ivrDiagram();
    expect(drawn.status, drawn.stderr).toBe(0);
    expect(block, 'README.md\'s menu diagram is out of date: run `npx ivr diagram` and paste its output into the ```mermaid block under "## The menu"').toBe(drawn.stdout);
  });
});
