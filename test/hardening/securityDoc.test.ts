import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { maskPhoneNumbers } from '../../src/app/maskingLogger';
import { readSettings } from '../../src/config/settings';
import { MAX_BODY_BYTES } from '../../src/http/plainHttp';
import { HTTP_HOST_DEFAULTS } from '../../src/server/httpHost';
import { MAX_STEPS_PER_CALL } from '../../src/journal/callJournal';
import { MAX_INPUT_CHARACTERS } from '../../src/webhook/callRecords';
import { klarnaFlow } from './support';

// SECURITY.md must match the code: every setting the code reads is in its
// table, every route is named, the numbers it quotes are the code's numbers,
// and the secrets it names are kept empty in the example settings.

const doc = readFileSync('SECURITY.md', 'utf8');
const settingsTable = doc.slice(doc.indexOf('## App settings'), doc.indexOf('## What the app logs'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('SECURITY.md matches the code', () => {
  it('names every app setting the app reads', () => {
    const read = new Set<string>();
    for (const file of [...sourceFiles('src'), ...sourceFiles('functions')]) {
      if (file.startsWith(path.join('src', 'cli'))) continue; // the CLI's own options are not app settings
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/env(?:\.|\[')([A-Z][A-Z0-9_]+)/g)) read.add(name as string);
    }
    expect(read.size).toBeGreaterThan(10);
    for (const name of read) expect(settingsTable, name).toContain(`\`${name}\``);
    for (const destination of Object.values(klarnaFlow.destinations)) expect(destination.setting).toMatch(/^DEST_/); // the DEST_… row
  });

  it('keeps the secrets it names empty in local.settings.example.json', () => {
    const example = JSON.parse(readFileSync('local.settings.example.json', 'utf8')) as { Values: Record<string, string> };
    const secrets = [...settingsTable.matchAll(/^\| `([A-Za-z_]+)` \| \*\*Secret\*\*/gm)].map((m) => m[1] as string);
    expect(secrets).toEqual(['TWILIO_AUTH_TOKEN', 'TWILIO_AUTH_TOKEN_SECONDARY', 'TWILIO_API_SECRET', 'AzureWebJobsStorage']);
    for (const name of secrets) expect(example.Values[name], name).toBe('');
    expect(example.Values.IVR_LOG_PHONE_NUMBERS).toBe('masked');
  });

  it('names every route of the route table with its methods', () => {
    const app = createApp({ settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off' }), flow: klarnaFlow, logger: { info() {}, warn() {}, error() {} } });
    for (const route of app.routes) expect(doc).toContain(`\`${route.methods.join('|')} ${route.path}\``);
  });

  it('quotes the body limit and the masking as the code does them', () => {
    expect(doc).toContain(`**${MAX_BODY_BYTES / 1024} KiB**`);
    expect(doc).toContain(`\`+390237921240\` → \`${maskPhoneNumbers('+390237921240')}\``);
  });

  it('quotes the bounds of an ivr.call line and the SMS offer\'s prefixes as the code and the flow have them', () => {
    expect(doc).toContain(`at most ${MAX_STEPS_PER_CALL} answers of a call, and of each the first ${MAX_INPUT_CHARACTERS}\n  characters`);
    const offer = klarnaFlow.nodes['chat-link-sms'] as { mobilePrefixes?: string[] };
    expect(doc).toContain(`\`mobilePrefixes\`\n(${offer.mobilePrefixes?.map((prefix) => `\`${prefix}\``).join(', ')}, Italian mobiles`);
  });

  it('says what the local host relies on node:http for, naming its file and the timeouts the code sets', () => {
    const local = doc.slice(doc.indexOf('- The local host ('), doc.indexOf('\n- ', doc.indexOf('- The local host (') + 1));
    const file = /^- The local host \(`([^`]+)`\) is node:http/.exec(local)?.[1];
    expect(file && existsSync(file), file).toBe(true);
    expect(local).toContain(`within ${HTTP_HOST_DEFAULTS.headersTimeoutMs / 1000} s`);
    expect(local).toContain(`within ${HTTP_HOST_DEFAULTS.requestTimeoutMs / 1000} s`);
    expect(local).toContain(`after ${HTTP_HOST_DEFAULTS.keepAliveTimeoutMs / 1000} s`);
  });

  it('points at a README section on the holiday calendar that names the pinned version', () => {
    const readme = readFileSync('README.md', 'utf8');
    const pinned = (JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }).dependencies['date-holidays'];
    expect(doc).toContain('(README.md#holiday-calendar)');
    const section = readme.slice(readme.indexOf('\n## Holiday calendar'));
    expect(section).toContain(`"date-holidays": "${pinned}"`);
  });
});
