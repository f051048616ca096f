// The report of `ivr diff` for people: on the terminal, or as Markdown for a
// pull-request comment. Changes are grouped by line and by the node where
// calls first part, each with a before/after line and commands that play it.
// Choices at one node that change the same way (every wrong key of a menu
// now hears the new goodbye) are one entry naming them all, with the commands
// of the first: one reworded sentence would otherwise fill screens.

import type { FlowChange } from './flowChanges';
import type { CallChange, DiffReport } from './diffFlows';

export function formatDiff(report: DiffReport): string {
  const out = [`ivr diff ${report.before} -> ${report.after}`, report.summary];
  for (const [title, calls] of groups(report.calls)) {
    out.push('', `${title}:`);
    for (const [call, alike] of sameChange(calls)) {
      out.push(`  ${describeChoices(alike)} (${instantsOf(call)})${call.kind === 'wording' ? ', words only' : ''}`);
      out.push(`    before: ${call.before}`, `    after:  ${call.after}`);
      // Labelled apart from the words above: with --git only the new flow is a file, and a second "after:" read as a third state.
      if (call.reproduce.before) out.push(`    hear before: ${call.reproduce.before}`);
      if (call.reproduce.after) out.push(`    hear after:  ${call.reproduce.after}`);
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
    const merged = sameChange(calls);
    for (const [call, alike] of merged) {
      out.push(`| ${cell(describeChoices(alike))}${call.kind === 'wording' ? ' (words only)' : ''} | ${cell(instantsOf(call))} | ${cell(call.before)} | ${cell(call.after)} |`);
    }
    const commands = [...merged.keys()].flatMap((c) => (c.reproduce.after ? [c.reproduce.after] : []));
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

/** The calls of one group that differ only in the caller's last choice, under the first of them. */
function sameChange(calls: CallChange[]): Map<CallChange, CallChange[]> {
  const byChange = new Map<string, CallChange[]>();
  for (const call of calls) {
    const key = JSON.stringify([call.kind, call.before, call.after, instantsOf(call), call.choices.slice(0, -1)]);
    byChange.set(key, [...(byChange.get(key) ?? []), call]);
  }
  return new Map([...byChange.values()].map((alike) => [alike[0] as CallChange, alike]));
}

/** "keys 1, 3 or silence, after 2": the last choices of calls alike, after what they share. */
function describeChoices(alike: CallChange[]): string {
  const first = alike[0] as CallChange;
  if (first.choices.length === 0) return 'the call itself';
  const lasts = alike.map((call) => call.choices.at(-1) as string);
  const keys = lasts.filter((c) => c !== 'silence' && !c.startsWith('dial '));
  const dials = lasts.filter((c) => c.startsWith('dial ')).map((c) => c.slice(5));
  const parts = [
    ...(keys.length > 0 ? [`${keys.length === 1 ? 'key' : 'keys'} ${keys.join(', ')}`] : []),
    ...(dials.length > 0 ? [`transfer ends ${dials.join(', ')}`] : []),
    ...(lasts.includes('silence') ? ['silence'] : []),
  ];
  const choice = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}` : (parts[0] as string);
  return first.choices.length > 1 ? `${choice}, after ${first.choices.slice(0, -1).join(', ')}` : choice;
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
