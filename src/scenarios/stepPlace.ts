// A scenario's steps are counted from 1 where a run fails ("step 3:"), as a
// reader counts them; a file that does not load names the same step so too,
// with the JSON path after it to find the exact key: "step 3 (steps[2].press)".

/** "steps[2].press" as "step 3 (steps[2].press)"; any other path as it is. */
export function stepPlace(path: string): string {
  const step = /^steps\[(\d+)\]/.exec(path);
  return step ? `step ${Number(step[1]) + 1} (${path})` : path;
}
