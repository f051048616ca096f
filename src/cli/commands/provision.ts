import path from 'node:path';
import { projectRoot } from '../../config/projectRoot';
import { checkLineNumbers, flowFileSetting, ONLY_OTHER_NUMBERS, ownNumberOfAnotherLine, parseLineNumbers, SettingsError } from '../../config/settings';
import { loadFlowFile } from '../../flow/load';
import { applyLocalSettings } from '../../server/localSettings';
import { CredentialsError, shortSid, twilioCredentials } from '../../twilio/credentials';
import { mapNumberInSettingsFile } from '../../twilio/lineNumbersSetting';
import { blockers, changesBetween, findNumber, LABELS, ProvisionError, targetConfig, updateNumber, type VoiceConfig } from '../../twilio/provision';
import { createRestClient } from '../../twilio/restClient';
import { classifyTwilioError, explainTwilioFailure } from '../../twilio/twilioFailure';
import { isE164 } from '../../config/phoneNumber';
import { parseCommandLine, refuse, type CommandSpec } from '../commandLine';

const HELP = `Usage: ivr provision NUMBER APP_URL [options]

Points a Twilio phone number at the deployed function app: the voice webhook
(POST APP_URL/api/voice), the fallback URL and the status callback
(POST APP_URL/api/voice/status). Prints what it changes.

  NUMBER               the Twilio number, E.164 (e.g. +390212345678)
  APP_URL              the function app's base URL, https
                       (e.g. https://my-ivr.azurewebsites.net)
  --dry-run            show the change, make none
  --line LINE          also map NUMBER to this line of the flow (consumer or
                       merchant) in local.settings.json, IVR_LINE_NUMBERS
  --fallback-url URL   where Twilio goes when the webhook fails or times out
                       (default: APP_URL/api/voice again, which rides out a
                       cold start)
  --allow-http         accept an http:// APP_URL (a local tunnel)
  --settings FILE      the settings file for --line (default local.settings.json)

  -h, --help           print this and do nothing else

Credentials, from the environment or local.settings.json: TWILIO_ACCOUNT_SID
with TWILIO_AUTH_TOKEN, or with TWILIO_API_KEY and TWILIO_API_SECRET.

Exit codes:
  0  done, or nothing to change, or the dry run shown
  1  Twilio or the account said no (the reason and what to do are printed)
  2  wrong usage: a number or URL that would not work, a line the flow does
     not have, no credentials, an unknown option; nothing was changed
`;

const PROVISION_COMMAND = {
  name: 'provision',
  usage: HELP,
  options: {
    'dry-run': { type: 'boolean', default: false },
    line: { type: 'string' },
    'fallback-url': { type: 'string' },
    'allow-http': { type: 'boolean', default: false },
    settings: { type: 'string' },
  },
  maxPositionals: 2,
} satisfies CommandSpec;

export interface ProvisionIo {
  env: Readonly<Record<string, string | undefined>>;
  out: (line: string) => void;
  err: (line: string) => void;
  /** local.settings.json, for --line. */
  settingsFile: string;
  /** Copied when settingsFile does not exist yet. */
  exampleFile: string;
  /** Waits between rate-limited retries; tests skip the wait. */
  sleep?: (ms: number) => Promise<void>;
}

/** `ivr provision`: exit 0 done (or nothing to do), 1 Twilio or the account said no, 2 wrong usage. */
export async function provisionCommand(argv: string[], given: Partial<ProvisionIo> = {}): Promise<number> {
  const root = projectRoot();
  if (!given.env) applyLocalSettings(root);
  const io: ProvisionIo = {
    env: given.env ?? process.env,
    out: given.out ?? ((line) => console.log(line)),
    err: given.err ?? ((line) => console.error(line)),
    settingsFile: given.settingsFile ?? path.join(root, 'local.settings.json'),
    exampleFile: given.exampleFile ?? path.join(root, 'local.settings.example.json'),
    sleep: given.sleep,
  };

  const args = parseCommandLine(argv, PROVISION_COMMAND, io);
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  const [number, appUrl] = positionals;
  if (!number || !appUrl) return refuse(PROVISION_COMMAND, "give the number and the app's URL, e.g. ivr provision +390212345678 https://my-ivr.azurewebsites.net", io);
  const dryRun = values['dry-run'] === true;
  const settingsFile = values.settings ? path.resolve(values.settings) : io.settingsFile;

  let target: VoiceConfig;
  try {
    if (!isE164(number)) throw new ProvisionError(`"${number}" is not an E.164 number: "+", the country code and the number, digits only, e.g. +390212345678`, 2);
    target = targetConfig(appUrl, { allowHttp: values['allow-http'], fallbackUrl: values['fallback-url'] });
    if (values.line !== undefined) checkLine(number, values.line, io, settingsFile);
  } catch (err) {
    return fail(io, err);
  }

  let credentials;
  try {
    credentials = twilioCredentials(io.env);
  } catch (err) {
    io.err(`ivr provision: ${(err as CredentialsError).message}`);
    return 2;
  }
  if (!credentials) {
    if (!dryRun) {
      io.err('ivr provision: no Twilio credentials. Set TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or with TWILIO_API_KEY and TWILIO_API_SECRET), in the environment or in local.settings.json.');
      return 2;
    }
    io.out(`Dry run for ${number} (no Twilio credentials, so nothing is compared with what Twilio has). It would set:`);
    for (const field of Object.keys(LABELS) as (keyof VoiceConfig)[]) io.out(`  ${LABELS[field]}: ${show(target[field])}`);
    if (values.line !== undefined) reportLine(io, settingsFile, number, values.line, true);
    customDomainHint(io, target);
    return 0;
  }

  const client = createRestClient(credentials, {
    rateLimitRetries: 3,
    sleep: io.sleep,
    onRateLimited: ({ waitMs, retry, of }) => io.err(`Twilio is rate limiting requests (HTTP 429); trying again in ${Math.ceil(waitMs / 1000)} s (retry ${retry} of ${of})`),
  });
  let doing = `looking up ${number} in account ${shortSid(credentials.accountSid)}`;
  try {
    const found = await findNumber(client, number);
    const problems = blockers(found);
    if (problems.length > 0) throw new ProvisionError(problems.join('\n'));
    const changes = changesBetween(found, target);
    io.out(`${found.phoneNumber} (${found.sid}${found.friendlyName && found.friendlyName !== found.phoneNumber ? `, "${found.friendlyName}"` : ''}) in account ${shortSid(credentials.accountSid)}`);
    if (changes.length === 0) {
      io.out(`  already set up: calls go to ${target.voiceUrl}; nothing to change.`);
    } else {
      for (const c of changes) io.out(`  ${c.label}: ${show(c.from)} -> ${show(c.to)}`);
      const same = (Object.keys(LABELS) as (keyof VoiceConfig)[]).filter((f) => !changes.some((c) => c.field === f));
      if (same.length > 0) io.out(`  unchanged: ${same.map((f) => LABELS[f]).join('; ')}`);
      if (dryRun) {
        io.out('Dry run: nothing was changed. Run again without --dry-run to apply.');
      } else {
        doing = `updating ${number}`;
        const updated = await updateNumber(client, found.sid, target);
        const differ = changesBetween(updated, target);
        if (differ.length > 0) {
          throw new ProvisionError(`Twilio saved other values than asked: ${differ.map((c) => `${c.label} is ${show(c.from)}`).join('; ')}. Check the number in the Twilio console.`);
        }
        io.out(`Updated: calls to ${number} now reach ${target.voiceUrl}.`);
      }
    }
  } catch (err) {
    if (err instanceof ProvisionError) return fail(io, err);
    io.err(`ivr provision: ${explainTwilioFailure(classifyTwilioError(err), doing)}${dryRun || doing.startsWith('looking') ? ' Nothing was changed.' : ' Running the command again is safe: it sets the same values.'}`);
    return 1;
  }
  if (values.line !== undefined) reportLine(io, settingsFile, number, values.line, dryRun);
  customDomainHint(io, target);
  return 0;
}

/**
 * Behind a proxy or a custom domain the app sees another host than the one
 * Twilio signs: said before the first call is refused. At the app's own
 * *.azurewebsites.net address only the scheme changes (Azure's front end ends
 * TLS), and the app tries the https form of the http URL it sees by itself.
 */
function customDomainHint(io: ProvisionIo, target: VoiceConfig): void {
  const host = new URL(target.voiceUrl).hostname;
  if (!host.endsWith('.azurewebsites.net')) {
    io.out(`If ${host} is a proxy or custom domain in front of the app, set PUBLIC_BASE_URL=${new URL(target.voiceUrl).origin} in the app settings, so Twilio's signatures match.`);
  }
}

/**
 * Refuses a --line the app would refuse in IVR_LINE_NUMBERS: a line the flow lacks, or another line for a line's
 * own number; and any setting the file would then hold that the app would not start with (an entry already
 * there may be wrong too: the command would otherwise hand it on, in the file and in the Azure command it prints).
 */
function checkLine(number: string, line: string, io: ProvisionIo, settingsFile: string): void {
  const flowFile = flowFileSetting(io.env);
  const flow = loadFlowFile(flowFile);
  if (!Object.hasOwn(flow.lines, line)) {
    throw new ProvisionError(`--line "${line}" is not a line of the flow; use one of: ${Object.keys(flow.lines).join(', ')}`, 2);
  }
  const another = ownNumberOfAnotherLine(flow, number, line, flowFile);
  if (another) throw new ProvisionError(`--line ${line} would map ${number} to line "${line}" in IVR_LINE_NUMBERS, but ${another}; ${ONLY_OTHER_NUMBERS}: leave out --line. Nothing was changed.`, 2);
  let after: string;
  try {
    ({ after } = mapNumberInSettingsFile(settingsFile, number, line, { dryRun: true, exampleFile: io.exampleFile }));
  } catch (err) {
    throw new ProvisionError(`${(err as Error).message}. Nothing was changed.`, 2);
  }
  try {
    checkLineNumbers(parseLineNumbers(after), flow, flowFile);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    throw new ProvisionError(`${settingsFile} would hold IVR_LINE_NUMBERS="${after}", which the app would not start with: ${err.problem}. Fix that entry in the file first${err.fix ? ` (${err.fix})` : ''}. Nothing was changed.`, 2);
  }
}

function reportLine(io: ProvisionIo, file: string, number: string, line: string, dryRun: boolean): void {
  const change = mapNumberInSettingsFile(file, number, line, { dryRun, exampleFile: io.exampleFile });
  const verb = dryRun ? 'would set' : 'set';
  if (!change.changed) io.out(`${file}: IVR_LINE_NUMBERS already maps ${number} to ${line}.`);
  else io.out(`${file}${change.created ? (dryRun ? ' (would be created)' : ' (created)') : ''}: ${verb} IVR_LINE_NUMBERS="${change.after}" (was ${change.before ? `"${change.before}"` : 'not set'}).`);
  io.out(`  That file is for the local host (npm start, func start), which reads it when it starts: restart a running one. On Azure: az functionapp config appsettings set --name <app> --resource-group <rg> --settings "IVR_LINE_NUMBERS=${change.after}"`);
}

function fail(io: ProvisionIo, err: unknown): number {
  if (err instanceof ProvisionError) {
    io.err(`ivr provision: ${err.message}`);
    return err.exitCode;
  }
  throw err;
}

function show(value: string): string {
  return value === '' ? '(not set)' : value;
}
