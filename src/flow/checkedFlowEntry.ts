import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Flow } from './schema';

// One remembered check, stored the same way by the node_modules cache
// (checkedFlowCache.ts) and by the entries the build ships in dist/
// (shippedCheckedFlows.ts): a header line with the format, the key and the
// digest of what follows, then the flow as the checks made it, as JSON. The
// key is made of the flow's exact text and the fingerprint of the validation
// code, so an entry answers only for the text and code that made it; the
// digest makes a damaged or truncated entry read as none.

const FORMAT = 'ivr-checked-flow/1';

/** The key of the check of exactly `text` by exactly the validation code `fingerprint` names. */
export function entryKey(text: string, fingerprint: string): string {
  return sha256(`${FORMAT}\0${fingerprint}\0${text}`);
}

/** An entry holding `flow` under `key`; undefined for a flow JSON cannot carry exactly, which must then be checked every time. */
export function entryText(key: string, flow: Flow): string | undefined {
  const json = JSON.stringify(flow);
  // Only a flow that comes back from JSON exactly as checked may stand in for it.
  if (!isDeepStrictEqual(JSON.parse(json), flow)) return undefined;
  return `${FORMAT} ${key} ${sha256(json)}\n${json}`;
}

/** The flow `stored` holds under `key`; undefined for another key, another format or a damaged entry. */
export function flowFromEntry(stored: string, key: string): Flow | undefined {
  const newline = stored.indexOf('\n');
  if (newline < 0) return undefined;
  const [format, storedKey, digest] = stored.slice(0, newline).split(' ');
  if (format !== FORMAT || storedKey !== key) return undefined;
  const json = stored.slice(newline + 1);
  if (sha256(json) !== digest) return undefined;
  try {
    const flow: unknown = JSON.parse(json);
    return flow !== null && typeof flow === 'object' && !Array.isArray(flow) ? (flow as Flow) : undefined;
  } catch {
    return undefined;
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
