// The report of `ivr diff` for people: on the terminal, or as Markdown for a
// pull-request comment. Changes are grouped by line and by the node where
// calls first part, each with a before/after line and commands that play it.

import type { FlowChange } from './flowChanges';
import type { CallChange, DiffReport } from './diffFlows';

export function formatDiff(report: DiffReport): string {
  const out = [`ivr diff ${report.before} -> ${report.after}`, report.summary];
  for (const [title, calls] of groups(report.calls)) {
    out.push('', `${title}:`);
    for (const call of calls) {
      out.push(`  ${describeChoice(call)} (${instantsOf(call)})${call.kind === 'wording' ? ', words only' : ''}`);
      out.push(`    before: ${call.before}`, `    after:  ${call.after}`);
      if (call.reproduce.before) out.push(`    before: ${call.reproduce.before}`);
      if (call.reproduce.after) out.push(`    after:  ${call.reproduce.after}`);
    }
  }
  if (report.unpairedLines.length > 0) out.push('', `Not compared (a line of one flow only): ${report.unpairedLines.join(', ')}`);
  if (report.flowChanges.length > 0) {
    out.push('', 'In the flow file:');
    for (const change of report.flowChanges) out.push(`  ${describeFlowChange(change)}`);
  }
  return out.join('\n');
}

export function formatDiffMarkdown(report: DiffReport): string {
  const out = [`### Menu change: \`${report.before}\` → \`${report.after}\``, '', `**${report.summary}**`];
  for (const [title, calls] of groups(report.calls)) {
    out.push('', `#### ${title}`, '', '| caller | when | before | after |', '|---|---|---|---|');
    for (const call of calls) {
      out.push(`| ${cell(describeChoice(call))}${call.kind === 'wording' ? ' (words only)' : ''} | ${cell(instantsOf(call))} | ${cell(call.before)} | ${cell(call.after)} |`);
    }
    const commands = calls.flatMap((c) => (c.reproduce.after ? [c.reproduce.after] : []));
    if (commands.length > 0) out.push('', 'Hear them:', '', '```sh', ...commands, '```');
  }
  if (report.unpairedLines.length > 0) out.push('', `Not compared (a line of one flow only): ${report.unpairedLines.join(', ')}`);
  if (report.flowChanges.length > 0) {
    out.push('', '<details><summary>In the flow file</summary>', '');
    for (const change of report.flowChanges) out.push(`- ${cell(describeFlowChange(change))}`);
    out.push('', '</details>');
  }
  return out.join('\n');
}

function groups(calls: CallChange[]): Map<string, CallChange[]> {
  const byPlace = new Map<string, CallChange[]>();
  for (const call of calls) {
    const title = `${call.line} line, at ${call.at}`;
    byPlace.set(title, [...(byPlace.get(title) ?? []), call]);
  }
  return byPlace;
}

function describeChoice(call: CallChange): string {
  const last = call.choices.at(-1);
  if (last === undefined) return 'the call itself';
  const key = last === 'silence' ? 'silence' : last.startsWith('dial ') ? `transfer ends ${last.slice(5)}` : `key ${last}`;
  return call.choices.length > 1 ? `${key}, after ${call.choices.slice(0, -1).join(', ')}` : key;
}

function instantsOf(call: CallChange): string {
  return call.instants.map((i) => i.label).join(', ');
}

function describeFlowChange(change: FlowChange): string {
  const show = (value: unknown) => {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  };
  if (change.change === 'added') return `added    ${change.path}: ${show(change.after)}`;
  if (change.change === 'removed') return `removed  ${change.path}: ${show(change.before)}`;
  return `changed  ${change.path}: ${show(change.before)} -> ${show(change.after)}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
