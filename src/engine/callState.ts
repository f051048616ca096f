import type { Flow } from '../flow/schema';
import { reachableFrom } from '../flow/successors';

/**
 * Where a call is in the menu. It travels in the action URLs Twilio calls
 * back, so any instance can answer any request with no shared store.
 */
export interface CallState {
  line: string;
  node: string;
  language: string;
  /** Failed attempts at the current menu. */
  tries: number;
  /** An SMS was sent (or tried) in this call: carried here so no instance sends a second one. */
  smsSent?: boolean;
}

export function encodeCallState(state: CallState): string {
  const query = new URLSearchParams({
    line: state.line,
    node: state.node,
    lang: state.language,
    tries: String(state.tries),
  });
  if (state.smsSent) query.set('sms', '1');
  return query.toString();
}

/** The state carried by a request's query, or undefined when it is missing, unknown to this flow or tampered with. */
export function decodeCallState(query: URLSearchParams, flow: Flow): CallState | undefined {
  const line = query.get('line');
  const node = query.get('node');
  const language = query.get('lang');
  const tries = query.get('tries');
  if (!line || !node || !language || tries === null) return undefined;
  if (!Object.hasOwn(flow.lines, line) || !Object.hasOwn(flow.languages, language) || !nodesOfLine(flow, line).has(node)) return undefined;
  if (!/^[0-9]$/.test(tries)) return undefined;
  const sms = query.get('sms');
  if (sms !== null && sms !== '1') return undefined;
  return sms === '1' ? { line, node, language, tries: Number(tries), smsSent: true } : { line, node, language, tries: Number(tries) };
}

const lineNodes = new WeakMap<Flow, Map<string, Set<string>>>();

/** The nodes a call on `line` can be at: a state pairing one line with another line's node was not made by this app. Worked out once per flow. */
export function nodesOfLine(flow: Flow, line: string): Set<string> {
  let byLine = lineNodes.get(flow);
  if (!byLine) lineNodes.set(flow, (byLine = new Map()));
  let nodes = byLine.get(line);
  if (!nodes) byLine.set(line, (nodes = reachableFrom(flow.nodes, [(flow.lines[line] as Flow['lines'][string]).start])));
  return nodes;
}
