import { readdirSync } from 'node:fs';
import path from 'node:path';

// A folder given where a flow file belongs (`ivr lint flows/`, IVR_FLOW_FILE=flows):
// the fix names the flow files inside it, the JSON Schema for editors left out.

/** "name the flow file inside it: flows/klarna-italia.json" */
export function flowFolderFix(folder: string): string {
  let files: string[];
  try {
    files = flowFilesIn(folder);
  } catch {
    files = [];
  }
  if (files.length === 0) return 'name a flow file (.json); this folder holds none';
  return `name the flow file inside it: ${files.join(', ')}`;
}

/** The flow files in `folder`, in order: its .json files but the JSON Schema (as flows/ ships them, shipCheckedFlows.ts). */
export function flowFilesIn(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))
    .sort()
    .map((name) => path.join(folder, name));
}
