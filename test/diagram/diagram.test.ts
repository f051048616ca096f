import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { drawFlow, flowGraph, lineNodeId } from '../../src/diagram';
import { parseFlow } from '../../src/flow/validate';
import { FIXED_FLOW_FILE, fixedFlow } from '../support/fixedMenu';
import { ivrDiagram } from '../support/ivrDiagram';

// The menu as a picture: what a person reading the diagram would see (which
// key leads where, which checks decide, where calls end). Drawn from a fixed
// copy of the menu (test/support/fixedMenu.ts), whose keys, hours and words
// the labels below quote: an editor's change of the shipped menu does not
// reach them. The README's copy of the shipped menu's diagram is checked by
// test/docs/readmeMenuDiagram.test.ts.

const flow = fixedFlow();

function edge(graph: ReturnType<typeof flowGraph>, from: string, to: string): string | undefined {
  return graph.edges.find((e) => e.from === from && e.to === to)?.label;
}

describe('the flow as a graph', () => {
  const consumer = flowGraph(flow, { lines: ['consumer'] });

  it('starts each line at its number and its start node', () => {
    const both = flowGraph(flow);
    expect(both.nodes.filter((n) => n.kind === 'line').map((n) => n.label)).toEqual([
      ['consumer line', '+390237921240'],
      ['merchant line', '+390237921250'],
    ]);
    expect(edge(both, lineNodeId('merchant'), 'merchant-welcome')).toBe('');
  });

  it('labels each key of the consumer menu with where it leads', () => {
    expect(edge(consumer, 'consumer-menu', 'consumer-chat')).toBe('1');
    expect(edge(consumer, 'consumer-menu', 'consumer-complaints')).toBe('3');
    expect(edge(consumer, 'consumer-menu', 'consumer-to-merchant')).toBe('9');
    // Two ways to the same place are one edge: key 2, and the third failed try.
    expect(edge(consumer, 'consumer-menu', 'consumer-operator-hours')).toBe('2, 3 failed tries');
    expect(edge(consumer, 'consumer-menu', 'consumer-menu')).toBe('*, none / wrong: repeat');
    // 1 at the welcome goes by the English welcome, every other answer straight to the hours check.
    expect(edge(consumer, 'consumer-welcome', 'consumer-welcome-en')).toBe('1 → en');
    expect(edge(consumer, 'consumer-welcome', 'consumer-hours')).toBe('none / other');
    expect(edge(consumer, 'consumer-welcome-en', 'consumer-hours')).toBe('');
  });

  it('draws the opening-hours check as a decision with open, closed and holiday ways out', () => {
    expect(consumer.nodes.find((n) => n.id === 'consumer-hours')).toMatchObject({ kind: 'hours', label: ['consumer-hours', 'open Mon–Fri 09:00–17:00?'] });
    expect(edge(consumer, 'consumer-hours', 'consumer-menu')).toBe('open');
    expect(edge(consumer, 'consumer-hours', 'closed')).toBe('closed');
    expect(edge(consumer, 'consumer-hours', 'holiday-closed')).toBe('holiday');
  });

  it('draws the check made again before a transfer, whose closed and holiday ways out are one edge', () => {
    expect(edge(consumer, 'consumer-operator-hours', 'consumer-operator')).toBe('open');
    expect(edge(consumer, 'consumer-operator-hours', 'closed')).toBe('closed, holiday');
  });

  it('ends calls at transfers and hang-ups; a transfer that fails goes on', () => {
    expect(consumer.nodes.find((n) => n.id === 'consumer-operator')).toMatchObject({
      kind: 'dial',
      label: ['consumer-operator', 'transfer to', 'consumer-operator-it (it)', 'consumer-operator-en (en)'],
    });
    expect(edge(consumer, 'consumer-operator', 'operator-unavailable')).toBe('busy / no answer / failed');
    expect(consumer.nodes.find((n) => n.id === 'goodbye')?.kind).toBe('hangup');
    expect(consumer.edges.filter((e) => e.from === 'goodbye')).toEqual([]);
  });

  it('names each prompt by its id and its first words, with the whole text kept for a tooltip', () => {
    const chat = consumer.nodes.find((n) => n.id === 'consumer-chat');
    expect(chat?.label).toEqual(['consumer-chat', 'Puoi parlare con noi anche', 'in chat, dal sito web o…']);
    expect(chat?.fullText).toMatch(/^Puoi parlare con noi anche in chat[\s\S]*premi asterisco\.$/);
    const english = flowGraph(flow, { lines: ['consumer'], language: 'en' }).nodes.find((n) => n.id === 'consumer-chat');
    expect(english?.label[1]).toBe('You can also talk to us by');
  });

  it('draws only the nodes a line can reach', () => {
    const merchant = flowGraph(flow, { lines: ['merchant'] }).nodes.map((n) => n.id);
    expect(merchant).toContain('merchant-menu');
    expect(merchant).toContain('merchant-holiday-closed');
    expect(merchant).toContain('goodbye');
    // 9 in the merchant menu leads on to the consumer menu; the consumer line's welcomes it never passes.
    expect(merchant).toContain('consumer-menu');
    expect(merchant).not.toContain('consumer-welcome');
    expect(merchant).not.toContain('consumer-welcome-en');
  });
});

describe('Mermaid text', () => {
  it('survives prompts Mermaid would misread (#, quotes, angle brackets)', () => {
    const data = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    data.nodes.goodbye.prompt = [{ it: 'Premi "#" <subito>', en: 'Press "#" <now>' }];
    const text = drawFlow(parseFlow(JSON.stringify(data)), 'mermaid', { lines: ['consumer'] });
    expect(text).toContain('n_goodbye(["goodbye<br/>Premi #quot;#35;#quot; #lt;subito#gt;"])');
  });

  it('shows a prompt that writes an HTML entity as written: "&lt;b&gt;" is not drawn as "<b>"', () => {
    const data = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    data.nodes.goodbye.prompt = [{ it: 'Scrivi &lt;b&gt; & basta', en: 'Write &lt;b&gt; & done' }];
    const text = drawFlow(parseFlow(JSON.stringify(data)), 'mermaid', { lines: ['consumer'] });
    const label = /^ {2}n_goodbye\(\["(.*)"\]\)$/m.exec(text)?.[1];
    expect(label).toBe('goodbye<br/>Scrivi #amp;lt;b#amp;gt; #amp; basta');
    // What the reader sees: Mermaid turns each entity code "#name;" into the HTML entity "&name;" and puts the label
    // into the page as HTML (https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters), where
    // the browser reads each entity once.
    const html = (label as string).replace(/#(\d+);/g, '&#$1;').replace(/#(\w+);/g, '&$1;');
    const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
    const shown = html.replace(/&(#\d+|\w+);/g, (_, name: string) => (name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (entities[name] ?? `&${name};`)));
    expect(shown.split('<br/>')).toEqual(['goodbye', 'Scrivi &lt;b&gt; & basta']);
  });

  it('uses a decision shape for hours and end-state shapes for transfers and hang-ups', () => {
    const text = drawFlow(flow, 'mermaid');
    expect(text.startsWith('flowchart TD\n')).toBe(true);
    expect(text).toContain('n_consumer_hours{"consumer-hours<br/>open Mon–Fri 09:00–17:00?"}');
    expect(text).toContain('n_consumer_operator(["consumer-operator<br/>transfer to<br/>consumer-operator-it (it)<br/>consumer-operator-en (en)"])');
    expect(text).toMatch(/^ {2}class n_goodbye hangup$/m);
  });
});

describe('SVG picture', () => {
  const parse = (svg: string) => new DOMParser().parseFromString(svg, 'image/svg+xml');

  it('is well-formed, titled, and has one marked group per node and per edge', () => {
    const svg = drawFlow(flow, 'svg', { lines: ['consumer'] });
    const doc = parse(svg);
    const root = doc.documentElement as unknown as Element;
    expect(root.tagName).toBe('svg');
    expect(root.getAttribute('role')).toBe('img');
    expect(doc.getElementsByTagName('title')[0]?.textContent).toBe('Klarna Italia customer service: call flow of the consumer line');
    const groups = Array.from(doc.getElementsByTagName('g') as unknown as ArrayLike<Element>);
    const nodeIds = groups.map((g) => g.getAttribute('data-node')).filter(Boolean);
    const graph = flowGraph(flow, { lines: ['consumer'] });
    expect(nodeIds.sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    const edges = groups.filter((g) => g.getAttribute('data-from')).map((g) => `${g.getAttribute('data-from')}>${g.getAttribute('data-to')}`);
    expect(edges.sort()).toEqual(graph.edges.map((e) => `${e.from}>${e.to}`).sort());
  });

  it('escapes prompt text', () => {
    const data = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    data.nodes.goodbye.prompt = [{ it: 'A & B <ciao>', en: 'A & B <bye>' }];
    const svg = drawFlow(parseFlow(JSON.stringify(data)), 'svg');
    expect(parse(svg).documentElement).toBeTruthy();
    expect(svg).toContain('A &amp; B &lt;ciao&gt;');
  });

  it('`ivr diagram FILE --format svg --line merchant --output` writes the picture of that file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-diagram-'));
    const data = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    data.nodes['merchant-menu'].options.push({ key: '7', next: 'goodbye' });
    // A key the menu offers must be announced in each language (ivr lint refuses it otherwise).
    data.nodes['merchant-menu'].prompt[0].it += ' Per terminare la chiamata, premi 7.';
    data.nodes['merchant-menu'].prompt[0].en += ' To end the call, press 7.';
    writeFileSync(path.join(dir, 'flow.json'), JSON.stringify(data));
    const result = ivrDiagram([path.join(dir, 'flow.json'), '--format', 'svg', '--line', 'merchant', '--output', path.join(dir, 'merchant.svg')]);
    expect(result.status, result.stderr).toBe(0);
    const svg = readFileSync(path.join(dir, 'merchant.svg'), 'utf8');
    expect(svg).toContain('data-from="merchant-menu" data-to="goodbye"');
    expect(svg).not.toContain('data-node="consumer-welcome"');
  });

  it('a broken flow file is refused with its path and fix, not drawn', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-diagram-'));
    const data = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    data.nodes['merchant-menu'].options[0].next = 'nowhere';
    writeFileSync(path.join(dir, 'flow.json'), JSON.stringify(data));
    const result = ivrDiagram([path.join(dir, 'flow.json')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('nodes.merchant-menu.options[0].next');
    expect(result.stdout).toBe('');
  });
});
