import { FlowError } from '../../src/flow/problem';
import type { Flow } from '../../src/flow/schema';

/** The FlowError a load throws; fails the test if it throws something else or accepts the flow. */
export function flowErrorOf(load: () => Flow): FlowError {
  try {
    load();
  } catch (err) {
    if (err instanceof FlowError) return err;
    throw err;
  }
  throw new Error('the broken flow was accepted');
}
