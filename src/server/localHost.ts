import type http from 'node:http';
import { afterStartUp, createApp, destinationWarnings, unplannedWarnings } from '../app/createApp';
import type { Settings } from '../config/settings';
import { createDevPhone, withDevPhone, type DevPhone, type DevPhoneOptions } from '../devphone/devPhone';
import type { CallJournal } from '../journal/callJournal';
import type { Logger } from '../app/logger';
import { callLog } from './callLog';
import { createHttpHost } from './httpHost';
import { liveApp, type LiveApp } from './liveApp';
import { localSms, withSmsOutbox } from './localSms';
import { withPageHeaders } from './pageHeaders';
import { thisMachineOnly } from './thisMachineOnly';
import { readAtStart } from './readAtStart';
import { holidayTableFile } from '../schedule/holidayTable';

// What `npm start` serves, put together: the route table built from the flow
// file as it is now (liveApp), the dev phone calling with that same flow, both
// behind one node:http server. Tests build it the same way.

export interface LocalHost {
  server: http.Server;
  live: LiveApp;
  devPhone: DevPhone;
  /** Stops watching the flow, hangs up the dev phone's calls and closes every connection; resolves once the port is free. */
  close(): Promise<void>;
}

export interface LocalHostOptions {
  settings: Settings;
  /** One journal for the process, so calls under way keep their answers across flow reloads. */
  journal?: CallJournal;
  logger?: Logger;
  devPhone?: Pick<DevPhoneOptions, 'pollWaitMs' | 'idleMs'>;
  /** The local.settings.json the host read its settings from at start (or would have, had it been there): a save of it is said to need a restart. */
  settingsFile?: string;
}

/** Builds the app from the flow file (throws the flow's or a setting's error, as start-up should) and the server around it, not yet listening. */
export function createLocalHost(options: LocalHostOptions): LocalHost {
  const { settings, journal } = options;
  // Every ivr.call line the host writes, webhook and dev-phone calls alike, is also kept for the dev phone's report.
  const calls = callLog(options.logger ?? console);
  const logger = calls.logger;
  // The webhooks' chat-link SMS goes where IVR_LOCAL_SMS says, by default to the simulated Messages API
  // on a host with no Twilio credentials and no public origin (localSms.ts).
  const sms = localSms(settings, () => live.current().flow);
  // Said at start and again only when a reload changes them: every save of an unchanged flow is not news.
  const placeholders = sayWhenChanged(logger);
  const unplanned = sayWhenChanged(logger);
  let cancelCheck = () => {};
  const build = () => {
    const app = createApp({ settings: sms.settings, logger, ...(sms.sendSms ? { sendSms: sms.sendSms } : {}), ...(journal ? { journal } : {}) });
    placeholders(destinationWarnings(app));
    cancelCheck();
    cancelCheck = afterStartUp(() => unplanned(unplannedWarnings(app)));
    return app;
  };
  const live = liveApp(build, settings.flowFile, logger);
  const country = live.current().flow.hours.holidays.country;
  const readOnce = readAtStart(
    [
      ...(options.settingsFile ? [{ file: options.settingsFile, name: 'local.settings.json', stays: 'the host keeps the settings it read then' }] : []),
      { file: holidayTableFile(country), name: `flows/holidays/${country}.json`, stays: 'calls still hear the holidays it held then' },
    ],
    (note) => logger.warn(note),
  );
  const devPhone = createDevPhone({ settings, serving: live, logger, calls, restartNotes: readOnce.notes, ...(journal ? { journal } : {}), ...options.devPhone });
  const server = createHttpHost(withPageHeaders(thisMachineOnly(withSmsOutbox(withDevPhone(live.handle, devPhone), sms.outbox))), { logger });
  return {
    server,
    live,
    devPhone,
    close: () =>
      new Promise((resolve) => {
        live.close();
        readOnce.close();
        devPhone.close();
        cancelCheck();
        if (!server.listening) return resolve();
        server.close(() => resolve());
        // A dev-phone page's long poll would hold its connection for up to 25 s; a webhook answers in microseconds.
        server.closeAllConnections();
      }),
  };
}

/** Logs a list of warnings when it differs from the list logged last. */
function sayWhenChanged(logger: Logger): (warnings: string[]) => void {
  let said = '';
  return (warnings) => {
    if (warnings.join('\n') !== said) for (const warning of warnings) logger.warn(warning);
    said = warnings.join('\n');
  };
}
