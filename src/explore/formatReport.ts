// The report of `ivr explore` for people: what was called, how many paths,
// how calls end, the longest path, and each defect with a command to replay it.

import type { ExploreReport, PathExample } from './types';

export function formatReport(report: ExploreReport): string {
  const out: string[] = [];
  out.push(`Explored "${report.flow}"${report.file ? ` (${report.file})` : ''}`);
  out.push('');
  out.push(`Lines ${report.lines.join(', ')} at ${report.instants.length} instant${report.instants.length === 1 ? '' : 's'}:`);
  const labelWidth = Math.max(...report.instants.map((i) => i.label.length));
  for (const instant of report.instants) {
    const walks = report.walks.filter((w) => w.instant.label === instant.label && w.instant.at === instant.at);
    const counts = walks.map((w) => `${w.line} ${w.paths} path${w.paths === 1 ? '' : 's'} (${w.situations} situation${w.situations === 1 ? '' : 's'})`);
    out.push(`  ${instant.label.padEnd(labelWidth)}  ${instant.at}  ${counts.join(', ')}`);
  }
  out.push('');
  out.push(`${report.pathsComplete ? '' : 'at least '}${report.paths} distinct paths, from ${report.calls} simulated calls (${report.requests} webhook requests) in ${report.elapsedMs} ms`);
  out.push('');
  out.push('How calls end:');
  const width = String(Math.max(...report.endings.map((e) => e.paths), 0)).length;
  for (const ending of report.endings) out.push(`  ${String(ending.paths).padStart(width)} path${ending.paths === 1 ? ' ' : 's'}  ${ending.description}`);
  if (report.longest) {
    const l = report.longest;
    out.push('');
    out.push(`Longest path: ${l.decisions} choice${l.decisions === 1 ? '' : 's'}, ${l.seconds} s of call, on the ${l.line} line at ${l.instant.label} (${l.instant.at})`);
    out.push(`  ${l.choices.join(', ') || '(none)'}  ->  ${l.reached}`);
    out.push(`  ${l.reproduce}`);
  }
  out.push('');
  if (report.defects.length === 0) {
    out.push('No defects.');
  } else {
    out.push(`${report.defects.length} defect${report.defects.length === 1 ? '' : 's'}:`);
    for (const defect of report.defects) {
      const seen = defect.example ? ` (on ${defect.occurrences} of ${report.walks.length} line-and-instant walks)` : '';
      out.push(`  ${defect.kind}: ${defect.message}${seen}`);
      if (defect.example) out.push(`    ${where(defect.example)}`, `    ${defect.example.reproduce}`);
    }
  }
  return out.join('\n');
}

function where(example: PathExample): string {
  const choices = example.choices.length > 0 ? example.choices.join(', ') : 'no choice at all';
  return `${example.line} line, ${example.instant.label} (${example.instant.at}): ${choices}`;
}
