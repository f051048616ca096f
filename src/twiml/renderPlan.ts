import type { Plan } from '../engine/plan';
import type { CallState } from '../engine/callState';
import { buildTwiml } from './buildTwiml';

// A menu answers the same few documents over and over: writing one (escaping
// every prompt, building the action URLs) costs ~5 µs, finding it here ~1 µs.
// So each distinct answer is built once and served from memory afterwards.
//
// The key is the whole plan as data, so whatever the engine puts in an action
// (prompts, language, tries, holiday name, destination) a different plan can
// never get another plan's document, however actions evolve. It is not a
// string: the plan is walked value by value down a tree of Maps, which spares
// building and hashing a 1 KB JSON key on every request (3-5 µs); the prompt
// texts are the flow's own strings, whose hashes V8 keeps.

/** Enough for every answer of a large flow; past it the table starts afresh, so memory stays bounded. */
export const MAX_CACHED_DOCUMENTS = 4096;
const MAX_NODES = 64 * MAX_CACHED_DOCUMENTS;

type UrlFor = (state: CallState) => string;
type Branch = Map<unknown, Branch>;

// Markers that open an object or an array and close either: with them the
// walk of two different plans can never be the same sequence of steps.
const OBJECT = Symbol('{');
const ARRAY = Symbol('[');
const END = Symbol('end');

interface Table {
  root: Branch;
  documents: WeakMap<Branch, string>;
  count: number;
  nodes: number;
}

const tables = new WeakMap<UrlFor, Table>();

/**
 * Turns the engine's plan into TwiML; `urlFor` makes the action URL that
 * carries a call state and must depend on the state alone. Byte for byte
 * what `buildTwiml` writes, which test/twiml holds equal to twilio's helper
 * for every node of every flow.
 */
export function renderPlan(plan: Plan, urlFor: UrlFor): string {
  let table = tables.get(urlFor);
  if (!table) {
    table = { root: new Map(), documents: new WeakMap(), count: 0, nodes: 0 };
    tables.set(urlFor, table);
  }
  const leaf = leafOf(table, plan);
  if (!leaf) return buildTwiml(plan, urlFor);
  let xml = table.documents.get(leaf);
  if (xml === undefined) {
    xml = buildTwiml(plan, urlFor);
    table.documents.set(leaf, xml);
    table.count++;
  }
  if (table.count > MAX_CACHED_DOCUMENTS || table.nodes > MAX_NODES) {
    table.root = new Map();
    table.documents = new WeakMap();
    table.count = 0;
    table.nodes = 0;
  }
  return xml;
}

/** The branch a plan's walk ends at (made on the way when new); undefined for data that is not plain. */
function leafOf(table: Table, plan: Plan): Branch | undefined {
  let branch = table.root;
  const step = (value: unknown): void => {
    let next = branch.get(value);
    if (!next) {
      next = new Map();
      branch.set(value, next);
      table.nodes++;
    }
    branch = next;
  };
  const walk = (value: unknown): boolean => {
    if (value === null || typeof value !== 'object') {
      step(value);
      return true;
    }
    if (Array.isArray(value)) {
      step(ARRAY);
      for (const item of value) if (!walk(item)) return false;
    } else {
      // A Date or class instance would walk as an empty object: never cached.
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      step(OBJECT);
      for (const key of Object.keys(value)) {
        step(key);
        if (!walk((value as Record<string, unknown>)[key])) return false;
      }
    }
    step(END);
    return true;
  };
  return walk(plan) ? branch : undefined;
}
