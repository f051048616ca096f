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
  if (callStateFaults(query, flow).length > 0) return undefined;
  const state = { line: query.get('line')!, node: query.get('node')!, language: query.get('lang')!, tries: Number(query.get('tries')) };
  return query.get('sms') === '1' ? { ...state, smsSent: true } : state;
}

/** A parameter of a request's call state that this flow would not have written: its name, its value as sent (null when missing), and what is wrong. */
export interface CallStateFault {
  param: 'line' | 'node' | 'lang' | 'tries' | 'sms';
  value: string | null;
  problem: string;
}

/**
 * What is wrong with the call state in a request's query, each parameter with its own words (a log that
 * blamed the node for a bad retry count sent the reader to the flow); none for a state decodeCallState reads.
 */
export function callStateFaults(query: URLSearchParams, flow: Flow): CallStateFault[] {
  const faults: CallStateFault[] = [];
  const fault = (param: CallStateFault['param'], problem: string) => faults.push({ param, value: query.get(param), problem });
  const line = query.get('line');
  const node = query.get('node');
  const language = query.get('lang');
  const tries = query.get('tries');
  const sms = query.get('sms');
  if (!line) fault('line', 'is missing');
  else if (!Object.hasOwn(flow.lines, line)) fault('line', `is not a line of the flow (${Object.keys(flow.lines).join(', ')})`);
  if (!node) fault('node', 'is missing');
  else if (!Object.hasOwn(flow.nodes, node)) fault('node', 'is not in the flow');
  // Only a line and a node the flow both has can be a pair it never makes.
  else if (line && Object.hasOwn(flow.lines, line) && !nodesOfLine(flow, line).has(node)) fault('node', `is not reached by calls on line ${JSON.stringify(line)}`);
  if (!language) fault('lang', 'is missing');
  else if (!Object.hasOwn(flow.languages, language)) fault('lang', `is not a language of the flow (${Object.keys(flow.languages).join(', ')})`);
  if (tries === null) fault('tries', 'is missing');
  else if (!/^[0-9]$/.test(tries)) fault('tries', 'is not a count of failed tries');
  if (sms !== null && sms !== '1') fault('sms', 'is not "1", the mark of an SMS sent');
  return faults;
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
