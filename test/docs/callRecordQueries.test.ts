import { describe, expect, it } from 'vitest';
import { codeBlocks, projectPages } from './markdown';

// The Kusto queries of docs/call-records.md as a reader applies them. KQL
// cannot run here, and Microsoft's own parser (@kusto/language-service-next)
// is 32 MB, too heavy a dependency for this one page; so this checks the
// shape that once went wrong: "replace the last two lines" with a variant
// left the leading `calls` line in place, and the query ended in two tabular
// expressions, which Logs refuses ("Expected: ;", KS005). A query is `let`
// statements ending in ";" and then one tabular expression, whose lines after
// its first continue it with "|" (or are indented).

const page = projectPages().find((p) => p.name === 'docs/call-records.md')!;
const queries = codeBlocks(page).filter((b) => b.lang === 'kusto');
const WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };

/** The problems of a query's last statement: every line after its first must continue it. */
function tabularProblems(query: string): string[] {
  const statements = query.trimEnd().split(/;\s*\n/);
  const last = (statements[statements.length - 1] as string).split('\n');
  return last.slice(1).filter((line) => !/^\s*(\||$)/.test(line) && !/^\s/.test(line)).map((line) => `"${line}" begins a second tabular expression`);
}

describe('the Kusto queries of docs/call-records.md', () => {
  it('each end in one tabular expression', () => {
    expect(queries.length).toBeGreaterThan(1);
    for (const query of queries) expect(tabularProblems(query.code), query.where).toEqual([]);
  });

  it('each variant of the day, applied as the page says, gives one query with one tabular expression', () => {
    const instruction = /Replace the last (\w+) lines(?:, from `(\w+)` on,)?[^:]*:\n\n((?:- .*\n)+)/.exec(page.text);
    expect(instruction, 'the page no longer says how to apply the variants').not.toBeNull();
    const [, count = '', from, list = ''] = instruction as RegExpExecArray;
    const n = WORDS[count] as number;
    const before = page.text.slice(0, instruction!.index);
    const query = queries.filter((q) => before.includes(q.code)).pop()!;
    const kept = query.code.trimEnd().split('\n').slice(0, -n);
    const replaced = query.code.trimEnd().split('\n').slice(-n);
    if (from) expect(replaced[0], `the lines replaced begin at \`${from}\``).toBe(from);
    const variants = [...list.matchAll(/^- [^`]*`([^`]+)`/gm)].map((m) => m[1] as string);
    expect(variants.length).toBe(3);
    for (const variant of variants) expect(tabularProblems([...kept, variant].join('\n')), variant).toEqual([]);
  });

  it('give the line that runs them in a Log Analytics workspace, where the table is AppTraces (TimeGenerated, Message)', () => {
    // https://learn.microsoft.com/azure/azure-monitor/reference/tables/apptraces
    expect(page.text).toContain('`let traces = AppTraces | project timestamp = TimeGenerated, message = Message;`');
    expect(queries.some((q) => /^AppTraces\n/.test(q.code) && q.code.includes('TimeGenerated') && q.code.includes('Message has'))).toBe(true);
  });
});
