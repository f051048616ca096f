#!/usr/bin/env node
import '../config/compileCache';
import { projectRoot } from '../config/projectRoot';
import { readSettings, type Settings } from '../config/settings';
import { listenPort, portInUseMessage } from './listenPort';
import { applyLocalSettings, localSettingsFile } from './localSettings';
import { localSmsDescription } from './localSms';
import { listen } from './httpHost';
import { createLocalHost, type LocalHost } from './localHost';
import { devPhoneOrigin, meansThisMachine } from './thisMachineOnly';
import { fullNumbersWarning, hostLogger, signaturesOffWarning } from '../app/createApp';
import { openCallJournal } from '../journal/openCallJournal';
import { callJournalDescription } from '../journal/journalSetting';
import type { CallJournal } from '../journal/callJournal';
import type { TableJournal } from '../journal/tableJournal';

// `npm start`: the same route table as the Azure functions, on node:http, for
// machines without Azure Functions Core Tools. Port 7071 like `func start`, or --port N as there (listenPort.ts).

async function main(): Promise<void> {
  let settingsFile: string | undefined;
  let host: LocalHost;
  let journal: CallJournal;
  let port: number;
  let settings: Settings;
  try {
    settingsFile = applyLocalSettings(projectRoot());
    // A wrong setting or flow stops start-up with its message; later flow edits that break it keep the last good one.
    // `npm start -- --port N` reaches here as the process's own arguments: start.mjs runs this module in its process.
    port = listenPort(process.argv.slice(2), process.env);
    settings = readSettings();
    // One masking logger for the app and its journal: the journal's warnings name CallSids and may quote a request.
    const logger = hostLogger(settings);
    journal = openCallJournal(settings, logger);
    host = createLocalHost({ settings, journal, logger, settingsFile: localSettingsFile(projectRoot()) });
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  // SIGTERM (npm, a process manager, `kill`) and SIGINT (Ctrl-C) free the port and end the process.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // A table journal's writes under way are let finish, so the calls answered so far keep their records.
    void host
      .close()
      .then(() => (journal as Partial<TableJournal>).flush?.())
      .then(() => process.exit(0));
    // Nothing should hold the close up; if something does, the port is still freed by exiting.
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  // Under npm the server is a grandchild (npm, then sh, then node): npm passes a SIGTERM to sh alone, and sh dies
  // without passing it on. So the server also stops once the process that started it is gone.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 250).unref();

  const ivr = host.live.current();
  const hostName = process.env.HOST ?? '127.0.0.1';
  let origin: string;
  try {
    origin = await listen(host.server, port, hostName);
  } catch (err) {
    const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    console.error(inUse ? portInUseMessage(port, hostName) : (err as Error).message);
    process.exit(1);
  }

  if (settingsFile) console.log(`Settings from ${settingsFile}`);
  console.log(`Flow: ${ivr.settings.flowFile} (saved edits are served from the next call on)`);
  console.log(`Klarna Italia IVR listening on ${origin}`);
  for (const route of ivr.routes) console.log(`  ${route.methods.join('|').padEnd(8)} ${origin}${route.path}`);
  const devPhone = devPhoneOrigin(origin);
  console.log(
    devPhone
      ? `Dev phone: open ${devPhone}/ in a browser to call the menu and see its map`
      : `Dev phone: not served on HOST=${hostName}: it answers only a browser on this machine at a loopback address; start with HOST=127.0.0.1 to use it`,
  );
  if (!meansThisMachine(hostName)) {
    console.warn(`WARNING: HOST=${hostName}: the webhooks under /api/ can be reached from other machines (SECURITY.md: keep HOST at 127.0.0.1); the dev phone still answers only this machine.`);
  }
  console.log(callJournalDescription(ivr.settings.callJournal));
  console.log(localSmsDescription(settings));
  const signaturesOff = signaturesOffWarning(ivr);
  if (signaturesOff) {
    console.warn(signaturesOff);
  } else if (!ivr.settings.authToken) {
    console.warn(
      '\n*** WARNING: TWILIO_AUTH_TOKEN is not set: this local host runs OPEN and answers unsigned requests. ***\n' +
        '*** Set TWILIO_AUTH_TOKEN (environment or local.settings.json) to check X-Twilio-Signature.       ***\n',
    );
  } else {
    // Behind a tunnel a wrong origin turns every call into a 403: say which one the signatures must match.
    const against = ivr.settings.publicBaseUrl
      ? `against ${ivr.settings.publicBaseUrl} (PUBLIC_BASE_URL)`
      : 'against the URL each request was sent to (behind a tunnel, set PUBLIC_BASE_URL to its https origin)';
    // During a rotation (SECURITY.md) the engineer must see both tokens are taken, and clear the secondary after.
    const tokens = ivr.settings.env.TWILIO_AUTH_TOKEN_SECONDARY?.trim() ? 'TWILIO_AUTH_TOKEN is set, and TWILIO_AUTH_TOKEN_SECONDARY is accepted too, for a rotation' : 'TWILIO_AUTH_TOKEN is set';
    console.log(`Twilio signatures are checked (${tokens}), ${against}.`);
  }
  const fullNumbers = fullNumbersWarning(ivr);
  if (fullNumbers) console.warn(fullNumbers);
}

void main();
