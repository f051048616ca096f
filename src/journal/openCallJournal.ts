import type { Logger } from '../webhook/voiceWebhook';
import type { CallJournal } from './callJournal';
import type { CallJournalSetting } from './journalSetting';
import { memoryJournal } from './memoryJournal';
import { tableJournal } from './tableJournal';

/**
 * The journal the settings ask for, for the hosts (the function app and
 * `npm start`). Opened once per process at start-up: a table journal starts
 * loading its SDK now, and a memory journal outlives flow reloads.
 */
export function openCallJournal(setting: CallJournalSetting, logger: Logger): CallJournal {
  return setting.kind === 'table' ? tableJournal({ connectionString: setting.connectionString, logger }) : memoryJournal();
}
