import { describe, expect, it } from 'vitest';
import { readSettings, SettingsError } from '../../src/config/settings';
import { callJournalDescription } from '../../src/journal/journalSetting';

// Which journal the hosts open, from IVR_CALL_JOURNAL and AzureWebJobsStorage,
// and the start-up errors that say what to set.

const ACCOUNT = 'DefaultEndpointsProtocol=https;AccountName=klarnaivr;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net';
const SAS = 'TableEndpoint=https://klarnaivr.table.core.windows.net/;SharedAccessSignature=sv=2022-11-02&sig=abc';
const journal = (env: Record<string, string>) => readSettings(env).callJournal;

describe('IVR_CALL_JOURNAL', () => {
  it('unset: table when AzureWebJobsStorage is a storage account connection string (a deployed app)', () => {
    expect(journal({ AzureWebJobsStorage: ACCOUNT })).toEqual({ kind: 'table', connectionString: ACCOUNT });
    expect(journal({ AzureWebJobsStorage: SAS })).toEqual({ kind: 'table', connectionString: SAS });
  });

  it.each([
    ['no AzureWebJobsStorage', {}],
    ['an empty one', { AzureWebJobsStorage: '' }],
    ['Azurite\'s UseDevelopmentStorage=true', { AzureWebJobsStorage: 'UseDevelopmentStorage=true' }],
    ['an identity-based connection', { AzureWebJobsStorage__accountName: 'klarnaivr' }],
  ])('unset, with %s: memory', (_label, env) => {
    expect(journal(env)).toEqual({ kind: 'memory' });
  });

  it('memory on purpose, even with a storage account', () => {
    expect(journal({ IVR_CALL_JOURNAL: 'memory', AzureWebJobsStorage: ACCOUNT })).toEqual({ kind: 'memory' });
  });

  it('table with UseDevelopmentStorage=true: Azurite', () => {
    expect(journal({ IVR_CALL_JOURNAL: 'Table', AzureWebJobsStorage: 'UseDevelopmentStorage=true' })).toEqual({ kind: 'table', connectionString: 'UseDevelopmentStorage=true' });
  });

  it('table without a usable connection string stops start-up, saying what to give', () => {
    expect(() => readSettings({ IVR_CALL_JOURNAL: 'table' })).toThrow(SettingsError);
    expect(() => readSettings({ IVR_CALL_JOURNAL: 'table' })).toThrow(/AzureWebJobsStorage, which is not set; give AzureWebJobsStorage a storage account connection string/);
    expect(() => readSettings({ IVR_CALL_JOURNAL: 'table', AzureWebJobsStorage: 'AccountName=x' })).toThrow(/not a connection string the journal can use/);
  });

  it('anything else stops start-up', () => {
    expect(() => readSettings({ IVR_CALL_JOURNAL: 'redis' })).toThrow(/IVR_CALL_JOURNAL is "redis"; set it to "memory" or "table"/);
  });
});

describe('what npm start says of the call records at start-up', () => {
  it('names the memory journal, and that a restart loses the calls under way', () => {
    expect(callJournalDescription({ kind: 'memory' })).toBe(
      "Call records: one ivr.call line per call in this app's log, when Twilio's status callback says it is over; each call's answers wait in this process's memory until then, so a restart loses the calls under way (IVR_CALL_JOURNAL=memory)",
    );
  });

  it('names the table and the storage account, never the key', () => {
    const said = callJournalDescription({ kind: 'table', connectionString: 'DefaultEndpointsProtocol=https;AccountName=ivrcalls;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net' });
    expect(said).toContain('wait in the table IvrCallJournal of ivrcalls (IVR_CALL_JOURNAL=table, AzureWebJobsStorage)');
    expect(said).not.toContain('c2VjcmV0');
  });
});
