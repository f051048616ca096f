import { describe, expect, it } from 'vitest';
import { simulatedCalls } from '../../bench/inProcess';

// `npm run bench` times whole calls that end in a transfer, as a deployed
// app's do (its operator numbers set). Should the app stop putting those
// calls through (as when it began refusing to transfer a call to the number
// it came in on, and the bench's calls had no operator numbers), the bench
// would time another path, or stop half-way: this keeps the two in step.

describe("the bench's simulated calls", { timeout: 30_000 }, () => {
  it.each(['off', 'on'] as const)('end in a transfer, signatures %s', async (signatures) => {
    const run = await simulatedCalls(0.05, signatures);
    expect(run.calls).toBeGreaterThan(0);
  });
});
