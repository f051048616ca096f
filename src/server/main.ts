#!/usr/bin/env node
import '../config/compileCache';
import { createApp } from '../app/createApp';
import { projectRoot } from '../config/projectRoot';
import { createDevPhone, withDevPhone } from '../devphone/devPhone';
import { readSettings } from '../config/settings';
import { applyLocalSettings } from './localSettings';
import { reloadingApp } from './reloadingApp';
import { createLocalHttpServer, listen } from './localHttpServer';
import { openCallJournal } from '../journal/openCallJournal';

// `npm start`: the same route table as the Azure functions, on our own HTTP/1.1 server, for
// machines without Azure Functions Core Tools. Port 7071 like `func start`.

async function main(): Promise<void> {
  const settingsFile = applyLocalSettings(projectRoot());
  let app: ReturnType<typeof reloadingApp>;
  try {
    // A wrong setting or flow stops start-up with its message; later flow edits that break it keep the last good one.
    const settings = readSettings();
    // One journal for the process, so calls under way keep their answers across flow reloads.
    const journal = openCallJournal(settings.callJournal, console);
    app = reloadingApp(() => createApp({ settings, journal }), settings.flowFile, console);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const ivr = app.current();
  const port = Number(process.env.PORT ?? 7071);
  const host = process.env.HOST ?? '127.0.0.1';
  // The dev phone page at "/" re-reads the flow file at each call, as the /api routes do after an edit.
  const devPhone = createDevPhone({ settings: ivr.settings });
  const server = createLocalHttpServer(withDevPhone(app.handle, devPhone));
  let origin: string;
  try {
    origin = await listen(server, port, host);
  } catch (err) {
    const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    console.error(inUse ? `Port ${port} on ${host} is in use; stop the other server or set PORT, e.g. PORT=7072 npm start` : (err as Error).message);
    process.exit(1);
  }

  if (settingsFile) console.log(`Settings from ${settingsFile}`);
  console.log(`Flow: ${ivr.settings.flowFile}`);
  console.log(`Klarna Italia IVR listening on ${origin}`);
  for (const route of ivr.routes) console.log(`  ${route.methods.join('|').padEnd(8)} ${origin}${route.path}`);
  console.log(`Dev phone: open ${origin}/ in a browser to call the menu and see its map`);
  if (!ivr.settings.validateSignatures) {
    console.warn('WARNING: TWILIO_SIGNATURE_VALIDATION=off: requests are NOT checked against X-Twilio-Signature.');
  } else if (!ivr.settings.authToken) {
    console.warn(
      '\n*** WARNING: TWILIO_AUTH_TOKEN is not set: this local host runs OPEN and answers unsigned requests. ***\n' +
        '*** Set TWILIO_AUTH_TOKEN (environment or local.settings.json) to check X-Twilio-Signature.       ***\n',
    );
  } else {
    console.log('Twilio signatures are checked (TWILIO_AUTH_TOKEN is set).');
  }
  const stop = () => {
    app.close();
    devPhone.close();
    server.close(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
