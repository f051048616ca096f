import type { DiagramNodeKind, FlowGraph } from './flowGraph';

// Mermaid flowchart text: GitHub renders it in the README, so the menu is
// drawn on the repository's front page without an image to keep up to date.

const SHAPES: Record<DiagramNodeKind, [string, string]> = {
  line: ['(("', '"))'],
  menu: ['["', '"]'],
  say: ['["', '"]'],
  hours: ['{"', '"}'],
  'sms-offer': ['[/"', '"/]'],
  // Transfers and hang-ups end the call, so they share the "end state" shape and differ in colour.
  dial: ['(["', '"])'],
  hangup: ['(["', '"])'],
};

const STYLES: Record<DiagramNodeKind, string> = {
  line: 'fill:#ffd6e7,stroke:#17120f,color:#17120f',
  menu: 'fill:#ffffff,stroke:#17120f,color:#17120f',
  say: 'fill:#ffffff,stroke:#17120f,color:#17120f',
  hours: 'fill:#fff4c2,stroke:#8a6d00,color:#17120f',
  'sms-offer': 'fill:#e3ecff,stroke:#2b4c9a,color:#17120f',
  dial: 'fill:#d9f2e3,stroke:#1c7a43,color:#17120f',
  hangup: 'fill:#eeeeee,stroke:#555555,color:#17120f',
};

export function renderMermaid(graph: FlowGraph): string {
  const out = ['flowchart TD', '  %% Drawn by `ivr diagram` from the flow file: edit the flow and redraw, not this text.'];
  for (const node of graph.nodes) {
    const [open, close] = SHAPES[node.kind];
    out.push(`  ${mermaidId(node.id)}${open}${node.label.map(escapeText).join('<br/>')}${close}`);
  }
  for (const edge of graph.edges) {
    const label = edge.label ? `|"${escapeText(edge.label)}"|` : '';
    out.push(`  ${mermaidId(edge.from)} -->${label} ${mermaidId(edge.to)}`);
  }
  for (const kind of Object.keys(STYLES) as DiagramNodeKind[]) {
    const members = graph.nodes.filter((node) => node.kind === kind).map((node) => mermaidId(node.id));
    if (members.length === 0) continue;
    const className = kind.replace(/-(.)/g, (_, letter: string) => letter.toUpperCase()); // smsOffer: no dash in a class name
    out.push(`  classDef ${className} ${STYLES[kind]}`);
    out.push(`  class ${members.join(',')} ${className}`);
  }
  return `${out.join('\n')}\n`;
}

/** Flow ids have dashes, which Mermaid can read as part of an arrow; "line:x" has a colon. */
function mermaidId(id: string): string {
  return id.startsWith('line:') ? `line_${id.slice(5).replace(/-/g, '_')}` : `n_${id.replace(/-/g, '_')}`;
}

/**
 * Inside a quoted label Mermaid reads "#name;" as an entity code (https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters)
 * and puts the label into the page as HTML, where "&lt;" would show as "<": write #, &, quotes and angle brackets as
 * entity codes, # first, so the codes written after it are not escaped again.
 */
function escapeText(text: string): string {
  return text.replace(/#/g, '#35;').replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
