import { readFileSync } from 'node:fs';
import { IANAZone } from 'luxon';
import type { Flow } from './schema';
import { FlowError } from './problem';
import { defaultCheckedFlowCache, type CheckedFlowCache } from './checkedFlowCache';
import { parseFlow } from './validate';
import { decodeFlowText } from './flowText';
import { flowFolderFix } from './flowFolder';

export { parseFlow } from './validate';

/**
 * Reads, parses and checks a flow file; throws FlowError naming the file, each
 * JSON path and the fix. A text that already passed these checks is taken
 * from `cache` as they made it, without loading zod or checking it again.
 */
export function loadFlowFile(file: string, cache: CheckedFlowCache = defaultCheckedFlowCache()): Flow {
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
  if (checked && IANAZone.isValidZone(checked.hours.timeZone)) return checked;
  const flow = parseFlow(text, file);
  cache.write(file, text, flow);
  return flow;
}
