import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app/createApp';
import { DEFAULT_FLOW_FILE, readSettings } from '../../src/config/settings';
import { createDevPhone, withDevPhone, type DevPhone } from '../../src/devphone/devPhone';
import { createLocalHttpServer, listen } from '../../src/server/localHttpServer';

// The local server as `npm start` composes it (route table + dev phone on
// node:http), on 127.0.0.1 port 0, with its own copy of the flow file so a
// test can edit the flow between calls.

export interface LocalServer {
  origin: string;
  flowFile: string;
  devPhone: DevPhone;
  close(): Promise<void>;
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

export async function startLocalServer(env: Record<string, string> = {}): Promise<LocalServer> {
  const flowFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'devphone-')), 'flow.json');
  copyFileSync(DEFAULT_FLOW_FILE, flowFile);
  const settings = readSettings({ IVR_FLOW_FILE: flowFile, ...env });
  const ivr = createApp({ settings, logger: quiet });
  const devPhone = createDevPhone({ settings, pollWaitMs: 2_000 });
  const server = createLocalHttpServer(withDevPhone(ivr.handle, devPhone));
  const origin = await listen(server, 0, '127.0.0.1');
  return {
    origin,
    flowFile,
    devPhone,
    close: () =>
      new Promise((resolve) => {
        devPhone.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
