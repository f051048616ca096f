import type { Logger } from '../app/logger';
import type { CallJournal } from './callJournal';
import type { Settings } from '../config/settings';
import { memoryJournal } from './memoryJournal';
import { tableJournal } from './tableJournal';

/**
 * The journal the settings ask for, for the hosts (the function app and
 * `npm start`). Opened once per process at start-up: a table journal starts
 * loading its SDK now, and a memory journal outlives flow reloads.
 */
export function openCallJournal(settings: Pick<Settings, 'callJournal' | 'sms'>, logger: Logger): CallJournal {
  const setting = settings.callJournal;
  // The SMS send's timeout tells how long a claimed, unsettled SMS may still be under way on another instance.
  return setting.kind === 'table'
    ? tableJournal({ connectionString: setting.connectionString, logger, ...(settings.sms ? { smsTimeoutMs: settings.sms.timeoutMs } : {}) })
    : memoryJournal({ logger });
}
