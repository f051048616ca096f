import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { callIvr, loadFlowFile } from '../../src/testing';
import { fileInNewFolder } from '../support/newFolder';
import { SHIPPED_FLOW_FILE } from '../support/shippedFlow';

// The app's <Gather> sets finishOnKey="" (no finish key: one of its allowed
// values, https://www.twilio.com/docs/api_reference/TwiML/gather), so Twilio
// passes "#" on as Digits like any other key, and a menu may offer it: the
// flow checks accept it, and a caller who presses it goes where it leads.

const OPEN = '2026-11-24T10:00'; // a Tuesday, Europe/Rome
const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The shipped menu with its key 5 (what the call costs) moved to #, announced as "cancelletto" / "hash". */
function menuWithHash(): string {
  const flow = JSON.parse(readFileSync(SHIPPED_FLOW_FILE, 'utf8'));
  const menu = flow.nodes['consumer-menu'];
  const option = menu.options.find((o: { key: string }) => o.key === '5');
  option.key = '#';
  menu.prompt[0].it = menu.prompt[0].it.replace('questa chiamata, premi 5.', 'questa chiamata, premi cancelletto.');
  menu.prompt[0].en = menu.prompt[0].en.replace('this call costs, press 5.', 'this call costs, press hash.');
  return JSON.stringify(flow, null, 2);
}

describe('a menu offering #', () => {
  it('passes the flow checks, and a caller pressing # reaches its option, recorded as #', async () => {
    const { dir, file } = fileInNewFolder(os.tmpdir(), 'hash-menu.json', menuWithHash());
    folders.push(dir);
    const flow = loadFlowFile(file);
    const target = flow.nodes['consumer-menu']?.type === 'menu' ? flow.nodes['consumer-menu'].options.find((o) => o.key === '#')?.next : undefined;
    expect(target).toBe('consumer-call-cost');
    const c = await callIvr({ flow, at: OPEN, press: ['-', '#', 'hangup'] });
    const cost = flow.nodes['consumer-call-cost'];
    const answer = cost?.type === 'say' ? (cost.prompt[0] as Record<string, string> | undefined)?.it : undefined;
    expect(answer).toBeDefined();
    expect(c.heard).toContain(answer);
    expect(c.path.slice(-3)).toEqual(['consumer-call-cost', 'consumer-call-cost-hours', 'consumer-call-cost-options']);
    expect(c.record.inputs).toEqual(['none', '#']);
  });
});
