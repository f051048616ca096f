import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_FLOW_FILE, readSettings } from '../../src/config/settings';
import type { DevPhone } from '../../src/devphone/devPhone';
import { listen } from '../../src/server/httpHost';
import { createLocalHost, type LocalHostOptions } from '../../src/server/localHost';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

// The local server as `npm start` composes it (route table + dev phone on
// node:http, the flow file watched), on 127.0.0.1 port 0, with its own copy of
// the flow file so a test can edit the flow between calls. What the server
// logs (the ivr.call lines, reload reports) is kept in `logs`.

/**
 * The dev phone tests' flow: the fixed copy of the menu (test/support/fixedMenu.ts), which editors leave alone.
 * Those tests time and quote what the page shows of its prompts and hours (a key 5 s into the welcome, the goodbye
 * at 0:52), and a reworded welcome or a new closing time in flows/klarna-italia.json must fail only the menu's own
 * tests, not the dev phone's.
 */
export const DEV_PHONE_TEST_FLOW = FIXED_FLOW_FILE;

export interface LocalServer {
  origin: string;
  flowFile: string;
  /** The local.settings.json the host would have read at start (none is written): a test saves one to see the host say to restart. */
  settingsFile: string;
  devPhone: DevPhone;
  logs: { info: string[]; warn: string[]; error: string[] };
  close(): Promise<void>;
}

/** Starts the server on a copy of `flow` (the shipped flow unless told); `devPhone` shortens the dev phone's waits. */
export async function startLocalServer(
  env: Record<string, string> = {},
  flow = DEFAULT_FLOW_FILE,
  devPhone: LocalHostOptions['devPhone'] = {},
): Promise<LocalServer> {
  const flowFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'devphone-')), 'flow.json');
  copyFileSync(flow, flowFile);
  const settings = readSettings({ IVR_FLOW_FILE: flowFile, ...env });
  const logs = { info: [] as string[], warn: [] as string[], error: [] as string[] };
  const logger = { info: (m: string) => logs.info.push(m), warn: (m: string) => logs.warn.push(m), error: (m: string) => logs.error.push(m) };
  const settingsFile = path.join(path.dirname(flowFile), 'local.settings.json');
  const host = createLocalHost({ settings, logger, settingsFile, devPhone: { pollWaitMs: 2_000, ...devPhone } });
  const origin = await listen(host.server, 0, '127.0.0.1');
  return { origin, flowFile, settingsFile, devPhone: host.devPhone, logs, close: host.close };
}
