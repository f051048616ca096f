/**
 * Resolves once `check` holds, looking again every 10 ms; fails after `ms` with `what` (a function is asked only
 * then, e.g. for a process's output so far). For an event a test cannot be told of directly (a request that
 * reached a point, a line a background task logs): a bounded wait for it, instead of a sleep that guesses its
 * length. The bound only ends a test that would otherwise hang; it is no speed target (those are `npm run bench`'s).
 */
export async function eventually(check: () => boolean | Promise<boolean>, what: string | (() => string), ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
