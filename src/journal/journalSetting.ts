/**
 * Which call journal the hosts use, from IVR_CALL_JOURNAL and the function
 * app's own storage connection (AzureWebJobsStorage).
 *
 * - `memory`: this process's memory. Exact on one instance (the local host,
 *   `func start`, a single-instance app); on several instances a status
 *   callback that lands on another one than the call's answers finds no path.
 * - `table`: Azure Table Storage through AzureWebJobsStorage, shared by all
 *   instances.
 *
 * Unset, it is `table` when AzureWebJobsStorage is a storage account's
 * connection string (a deployed app), `memory` otherwise, including
 * `UseDevelopmentStorage=true`: `func start` users do not all run Azurite, and
 * one local instance has no need of a shared journal. Set
 * IVR_CALL_JOURNAL=table to use Azurite anyway.
 */
import { SettingsError } from '../config/settingsError';

/** The Azure table a table journal keeps calls' answers in. */
export const JOURNAL_TABLE_NAME = 'IvrCallJournal';

export type CallJournalSetting = { kind: 'memory' } | { kind: 'table'; connectionString: string };

export function callJournalSettingFrom(env: Readonly<Record<string, string | undefined>>): CallJournalSetting {
  const chosen = env.IVR_CALL_JOURNAL?.trim().toLowerCase() || undefined;
  const connectionString = env.AzureWebJobsStorage?.trim() ?? '';
  const storage = storageKind(connectionString);
  if (chosen === undefined) return storage === 'account' ? { kind: 'table', connectionString } : { kind: 'memory' };
  if (chosen === 'memory') return { kind: 'memory' };
  if (chosen !== 'table') {
    throw new SettingsError(`IVR_CALL_JOURNAL is "${env.IVR_CALL_JOURNAL}"`, 'set it to "memory" or "table", or leave it unset (table when AzureWebJobsStorage is a storage connection string, memory otherwise)');
  }
  if (storage === 'none') {
    throw new SettingsError(
      `IVR_CALL_JOURNAL=table keeps the call journal in the storage account of AzureWebJobsStorage, which is ${connectionString ? 'not a connection string the journal can use' : 'not set'}`,
      'give AzureWebJobsStorage a storage account connection string (DefaultEndpointsProtocol, AccountName and AccountKey, or TableEndpoint and SharedAccessSignature), or UseDevelopmentStorage=true for Azurite, ' +
        'not an identity-based connection (AzureWebJobsStorage__accountName), which the journal cannot use',
    );
  }
  return { kind: 'table', connectionString };
}

/** What AzureWebJobsStorage holds: a storage account's connection string, Azurite's shorthand, or nothing the journal can use. */
function storageKind(value: string): 'account' | 'development' | 'none' {
  if (/(^|;)\s*UseDevelopmentStorage=true\s*(;|$)/i.test(value)) return 'development';
  const has = (key: string) => new RegExp(`(^|;)\\s*${key}=[^;]+`, 'i').test(value);
  // As the SDK reads them: an account key with its protocol, or a table endpoint with a SAS.
  if ((has('DefaultEndpointsProtocol') && has('AccountName') && has('AccountKey')) || (has('TableEndpoint') && has('SharedAccessSignature'))) return 'account';
  return 'none';
}

/**
 * Said by a deployed app at start-up when its storage is set the way the
 * journal cannot use, identity-based (AzureWebJobsStorage__accountName, as
 * Microsoft recommends for the host's own storage), and nobody chose memory:
 * the memory journal it falls back to loses a call's path whenever Twilio's
 * status callback reaches another instance than the call's answers did.
 */
export function identityStorageWarning(env: Readonly<Record<string, string | undefined>>, setting: CallJournalSetting): string | undefined {
  if (setting.kind !== 'memory' || env.IVR_CALL_JOURNAL?.trim() || !Object.keys(env).some((name) => name.startsWith('AzureWebJobsStorage__'))) return undefined;
  return (
    'WARNING: AzureWebJobsStorage is set by identity (AzureWebJobsStorage__…), which the call journal cannot use, so it keeps calls in memory: ' +
    'with more than one instance, ivr.call lines lose their path ("pathMissing": "not-recorded"). ' +
    'Give the app a setting AzureWebJobsStorage with the storage account\'s connection string, or set IVR_CALL_JOURNAL=memory to keep this on purpose.'
  );
}

/** What `npm start` says at start-up of where its calls' records come from: an operator needs to know whether answers outlive a restart. */
export function callJournalDescription(setting: CallJournalSetting): string {
  const record = 'Call records: one ivr.call line per call in this app\'s log, when Twilio\'s status callback says it is over';
  if (setting.kind === 'memory') return `${record}; each call's answers wait in this process's memory until then, so a restart loses the calls under way (IVR_CALL_JOURNAL=memory)`;
  const account = /(^|;)\s*AccountName=([^;]+)/i.exec(setting.connectionString)?.[2] ?? /(^|;)\s*TableEndpoint=([^;]+)/i.exec(setting.connectionString)?.[2] ?? 'the storage account';
  return `${record}; each call's answers wait in the table ${JOURNAL_TABLE_NAME} of ${account.trim()} (IVR_CALL_JOURNAL=table, AzureWebJobsStorage)`;
}
