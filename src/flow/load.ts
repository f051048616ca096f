import { readFileSync } from 'node:fs';
import { IANAZone } from 'luxon';
import type { Flow } from './schema';
import { FlowError } from './problem';
import { defaultCheckedFlowCache, type CheckedFlowCache } from './checkedFlowCache';
import { parseFlow } from './validate';
import { parsePastFlow } from './pastFlow';
import type { PastFlow } from './pastFlowWarning';
import { decodeFlowText } from './flowText';
import { flowFolderFix } from './flowFolder';


/**
 * Reads, parses and checks a flow file; throws FlowError naming the file, each
 * JSON path and the fix. A text that already passed these checks is taken
 * from `cache` as they made it, without loading zod or checking it again.
 */
export function loadFlowFile(file: string, cache: CheckedFlowCache = defaultCheckedFlowCache()): Flow {
  return loadChecked(file, cache, (text) => ({ flow: parseFlow(text, file), warnings: [] })).flow;
}

/**
 * Reads a past flow file, one that calls went through (pastFlow.ts): what only a deployed app refuses comes
 * back as warnings, for the command to print; anything else throws FlowError as loadFlowFile does.
 */
export function loadPastFlowFile(file: string): PastFlow {
  return loadChecked(file, defaultCheckedFlowCache(), (text) => parsePastFlow(text, file));
}

function loadChecked(file: string, cache: CheckedFlowCache, parse: (text: string) => PastFlow): PastFlow {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const folder = (err as NodeJS.ErrnoException).code === 'EISDIR';
    throw new FlowError(file, [
      folder
        ? { path: '(file)', message: 'is a folder, not a flow file', fix: `${flowFolderFix(file)} (on the command line, or in IVR_FLOW_FILE)` }
        : { path: '(file)', message: `cannot be read: ${(err as Error).message}`, fix: 'check the path, or set IVR_FLOW_FILE to an existing flow file' },
    ]);
  }
  const text = decodeFlowText(bytes, file);
  const checked = cache.read(file, text);
  // Checked with another Node's time-zone data: the zone must exist in this one too (else the checks say why).
  if (checked && IANAZone.isValidZone(checked.hours.timeZone)) return { flow: checked, warnings: [] };
  const read = parse(text);
  // Only a flow that passed every check is remembered: one read despite warnings is checked again when loaded for the app.
  if (read.warnings.length === 0) cache.write(file, text, read.flow);
  return read;
}
