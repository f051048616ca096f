import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { lineNumberEntries } from '../config/settings';

// IVR_LINE_NUMBERS in local.settings.json ("+E164=line,..."): which menu a
// number that is not the flow's own reaches, e.g. a Twilio test number.

/**
 * The setting with `number` mapped to `line`, other entries kept in their order. Read as the app reads it
 * (spaces around "=" too), so that the number's earlier entry is replaced, never left beside the new one.
 */
function withLineNumber(current: string, number: string, line: string): string {
  const entries = lineNumberEntries(current).map(({ entry }) => entry).filter((entry) => !entry.startsWith(`${number}=`));
  return [...entries, `${number}=${line}`].join(',');
}

export interface SettingsFileChange {
  before: string;
  after: string;
  /** The file did not exist and is (or would be) created. */
  created: boolean;
  changed: boolean;
}

/**
 * Maps `number` to `line` in a local.settings.json (creating it from `exampleFile`
 * when missing), keeping every other value; with `dryRun`, only says what it would do.
 */
export function mapNumberInSettingsFile(file: string, number: string, line: string, options: { dryRun: boolean; exampleFile?: string }): SettingsFileChange {
  const created = !existsSync(file);
  const source = created ? (options.exampleFile && existsSync(options.exampleFile) ? options.exampleFile : undefined) : file;
  let settings: { Values?: Record<string, unknown> } & Record<string, unknown>;
  try {
    settings = source ? JSON.parse(readFileSync(source, 'utf8')) : { IsEncrypted: false, Values: {} };
  } catch (err) {
    throw new Error(`${source} is not valid JSON (${(err as Error).message}); fix it, then run again`);
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) throw new Error(`${source} does not hold a JSON object`);
  const values = typeof settings.Values === 'object' && settings.Values !== null ? settings.Values : {};
  const before = typeof values.IVR_LINE_NUMBERS === 'string' ? values.IVR_LINE_NUMBERS : '';
  const after = withLineNumber(before, number, line);
  const changed = created || before !== after;
  if (changed && !options.dryRun) {
    writeFileSync(file, `${JSON.stringify({ ...settings, Values: { ...values, IVR_LINE_NUMBERS: after } }, null, 2)}\n`);
  }
  return { before, after, created, changed };
}
