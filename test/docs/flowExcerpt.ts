import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { isDeepStrictEqual } from 'node:util';
import { jsonPath } from '../../src/flow/problem';
import type { CodeBlock } from './markdown';

// A `json flow-excerpt` block quotes part of flows/klarna-italia.json. After a
// deliberate change to the flow, every quote the change made stale is listed
// at once, at its docs line and JSON path, so one pass fixes them all.

type Segment = string | number;

/**
 * Every place the block says other than `flow`, as "docs/flow-file.md:93: hours.weekly.mon is ... here, ...
 * in the flow file". Objects may leave keys out; arrays are quoted whole.
 */
export function excerptDifferences(block: CodeBlock, flow: unknown): string[] {
  const tree = parseTree(block.code);
  const lineOf = (at: Segment[]): number => {
    const node: Node | undefined = tree && findNodeAtLocation(tree, at);
    const offset = node?.parent?.type === 'property' ? node.parent.offset : (node?.offset ?? 0);
    return block.line + 1 + (block.code.slice(0, offset).match(/\n/g)?.length ?? 0);
  };
  const found: string[] = [];
  const differ = (at: Segment[], why: string) => found.push(`${block.page}:${lineOf(at)}: ${jsonPath(at)} ${why}`);
  const walk = (part: unknown, whole: unknown, at: Segment[]): void => {
    if (isObject(part)) {
      if (!isObject(whole)) return void differ(at, `is an object here, ${shown(whole)} in the flow file`);
      for (const [key, value] of Object.entries(part)) {
        if (Object.hasOwn(whole, key)) walk(value, whole[key], [...at, key]);
        else differ([...at, key], 'is not in the flow file');
      }
    } else if (!isDeepStrictEqual(part, whole)) {
      differ(at, `is ${shown(part)} here, ${shown(whole)} in the flow file`);
    }
  };
  walk(JSON.parse(block.code), flow, []);
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function shown(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
