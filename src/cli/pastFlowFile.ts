import type { Flow } from '../flow/schema';
import { loadPastFlowFile } from '../flow/load';
import { warnOfPastFlow } from '../flow/pastFlowWarning';
import { fromHere } from '../text/fromHere';

/**
 * The flow in `file`, read as a flow calls went through (flow/pastFlow.ts) by `ivr COMMAND`: what only a
 * deployed app refuses is printed as a warning on stderr; anything else throws FlowError, as loading does.
 */
export function pastFlowFile(command: string, file: string): Flow {
  const { flow, warnings } = loadPastFlowFile(file);
  warnOfPastFlow(command, fromHere(file), warnings);
  return flow;
}
