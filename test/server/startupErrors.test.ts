import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { portInUseMessage } from '../../src/server/listenPort';

// `npm start` with a wrong setting must stop with the setting's own message,
// as it does for a wrong flow, not with a stack trace to read through.

const MAIN = path.join(__dirname, '../../dist/src/server/main.js');

describe('npm start with a wrong setting', () => {
  it('exits 1 with the message that names the setting and the fix, and no stack trace', () => {
    const run = spawnSync(process.execPath, [MAIN], {
      env: { ...process.env, IVR_CALL_JOURNAL: 'bogus', PORT: '0', HOST: '127.0.0.1' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('IVR_CALL_JOURNAL is "bogus"; set it to "memory" or "table"');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('a setting of the chat-link SMS or the call journal: its problem and its fix in one sentence, as every setting, exit 1', () => {
    const start = (env: Record<string, string>) =>
      spawnSync(process.execPath, [MAIN], {
        // Blank, so neither the shell's nor a local.settings.json's credentials fill them in.
        env: { ...process.env, TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', TWILIO_API_KEY: '', TWILIO_API_SECRET: '', IVR_CALL_JOURNAL: '', PORT: '0', HOST: '127.0.0.1', ...env },
        encoding: 'utf8',
        timeout: 20_000,
      });
    const sms = start({ IVR_SMS_FROM: 'Klarna' });
    expect(sms.status).toBe(1);
    expect(sms.stderr).toBe("IVR_SMS_FROM is set, so the app sends SMS with Twilio's REST API, and no credentials for it are set; set TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or with TWILIO_API_KEY and TWILIO_API_SECRET), or unset IVR_SMS_FROM\n");
    const journal = start({ IVR_CALL_JOURNAL: 'table', AzureWebJobsStorage: '' });
    expect(journal.status).toBe(1);
    expect(journal.stderr).toBe(
      'IVR_CALL_JOURNAL=table keeps the call journal in the storage account of AzureWebJobsStorage, which is not set; ' +
        'give AzureWebJobsStorage a storage account connection string (DefaultEndpointsProtocol, AccountName and AccountKey, or TableEndpoint and SharedAccessSignature), or UseDevelopmentStorage=true for Azurite, not an identity-based connection (AzureWebJobsStorage__accountName), which the journal cannot use\n',
    );
  });

  it('a PUBLIC_BASE_URL with a query: what is past the origin and the fix, exit 1, instead of a 403 to every request', () => {
    const run = spawnSync(process.execPath, [MAIN], { env: { ...process.env, PUBLIC_BASE_URL: 'https://my-ivr.azurewebsites.net?x=1', PORT: '0', HOST: '127.0.0.1' }, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('PUBLIC_BASE_URL is "https://my-ivr.azurewebsites.net?x=1", which has a query after the origin; give only the origin Twilio calls, e.g. https://my-ivr.azurewebsites.net\n');
  });

  it('a PORT that is not a port number is named with the fix, before anything listens', () => {
    const run = spawnSync(process.execPath, [MAIN], { env: { ...process.env, PORT: 'abc', HOST: '127.0.0.1' }, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT is "abc"; set it to a port number from 1 to 65535 (0 picks a free one), e.g. PORT=7072 npm start');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it.each([
    [['--port', 'abc'], 'npm start: --port "abc" is not a port number; give one from 1 to 65535 (0 picks a free one), e.g. npm start -- --port 7072'],
    [['--port'], 'npm start: --port needs a port number; e.g. npm start -- --port 7072'],
    [['--port=7072', '--port', '7073'], 'npm start: --port is given twice (7072 and 7073); give it once'],
    [['7072'], 'npm start: "7072" is not an argument it takes; to listen on port 7072, write npm start -- --port 7072'],
  ])('npm start -- %j: exit 1 with the mistake and what to write, before anything listens', (args, message) => {
    const run = spawnSync(process.execPath, [MAIN, ...args], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', npm_config_port: undefined }, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`${message}\n`);
    expect(run.stdout).toBe('');
  });
});

describe('npm start on a port in use', () => {
  it('exits 1 suggesting the port after the one in use, never that port itself', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as net.AddressInfo).port;
    try {
      const run = spawnSync(process.execPath, [MAIN], { env: { ...process.env, PORT: String(taken), HOST: '127.0.0.1' }, encoding: 'utf8', timeout: 20_000 });
      expect(run.status).toBe(1);
      expect(run.stderr.split('\n')).toContain(`Port ${taken} on 127.0.0.1 is in use; stop the other server or choose another port, e.g. npm start -- --port ${taken + 1}`);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('suggests 7073 when 7072 is in use, any free port after the last one, and says what docs/troubleshooting.md quotes for 7071', () => {
    expect(portInUseMessage(7072, '127.0.0.1')).toBe('Port 7072 on 127.0.0.1 is in use; stop the other server or choose another port, e.g. npm start -- --port 7073');
    expect(portInUseMessage(65535, '127.0.0.1')).toBe('Port 65535 on 127.0.0.1 is in use; stop the other server or choose another port, e.g. npm start -- --port 0 (any free port)');
    const page = readFileSync(path.join(__dirname, '../../docs/troubleshooting.md'), 'utf8');
    expect(page).toContain(`\`\`\`text\n${portInUseMessage(7071, '127.0.0.1')}\n\`\`\``);
  });
});
