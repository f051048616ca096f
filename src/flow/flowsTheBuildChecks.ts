import path from 'node:path';
import { projectRoot } from '../config/projectRoot';
import { samePath } from '../config/samePath';
import { flowFilesIn } from './flowFolder';

// The build (shipCheckedFlows.ts), which `npm start` and `npm run package`
// run first, checks every flow file in flows/, not only the one the app
// serves: `npm run package` deploys the whole folder, and IVR_FLOW_FILE may
// name any of its files there, so a flow in it that does not load is a
// deployment that may never start. A draft saved beside the flow therefore
// stops `npm start`; `ivr lint` without a file checks the same files, and
// both say why a flow that is not the served one matters.

/** flows/, the folder of flows the build checks and a deployment takes. */
export function flowsFolder(): string {
  return path.join(projectRoot(), 'flows');
}

/** Whether `file` is in flows/ itself (not a folder under it), where the build checks it and a deployment has it. */
export function inFlowsFolder(file: string): boolean {
  return samePath(path.dirname(path.resolve(file)), flowsFolder());
}

/** What `npm start` checks: the flow it serves, then every other flow file in flows/ (the build's). */
export function flowsStartChecks(served: string): string[] {
  const files = [path.resolve(served), ...flowFilesIn(flowsFolder())];
  return files.filter((file, i) => files.findIndex((other) => samePath(other, file)) === i);
}

/**
 * Said after the error of a flow in flows/ that is not the one served (each
 * named as the user knows it): why it stops the build even so, and the fix.
 */
export function notTheServedFlow(file: string, served: string): string {
  return `${file} is not the flow the app serves (that is ${served}), but every flow file in flows/ is checked at build, as npm run package deploys them all: fix it, or move it out of flows/`;
}

/** Said under a served flow outside flows/ that passes: a deployment would not have it. */
export function outsideFlowsFolder(file: string): string {
  return `note: ${file} is outside flows/, the only folder of flows npm run package deploys: move it into flows/ and set IVR_FLOW_FILE=flows/${path.basename(file)} before deploying it`;
}
