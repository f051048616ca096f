import '../src/config/compileCache';
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { afterStartUp, createApp, destinationWarnings, fullNumbersWarning, hostLogger, signaturesOffWarning, unplannedWarnings } from '../src/app/createApp';
import { methodHasBody } from '../src/http/plainHttp';
import { readSettings } from '../src/config/settings';
import { openCallJournal } from '../src/journal/openCallJournal';
import { callJournalDescription, identityStorageWarning } from '../src/journal/journalSetting';
import { smsOffLine } from '../src/twilio/smsSettings';

// Azure Functions entry (v4 programming model): creates the app, registers its
// shared route table, and says at start-up what a deployment's log must show.
// Creating the app loads and checks the flow file and settings, so a wrong one
// stops the function app at start-up; deployed, so does an unset auth token
// (requireAuthToken). The start-up lines: where calls wait for their record,
// the SMS offer off, placeholder and unplanned destinations, and settings that
// leave callers' numbers or the webhook exposed (under Core Tools, an unset
// auth token too). `npm start` (src/server/main.ts) says those a local host
// needs, worded alike (createApp.ts), and not the deployed ones on purpose:
// plain http is a tunnel's there, identity storage only Azure's, and the SMS
// has a local outbox.

const settings = readSettings();
// One masking logger for the app and its journal: the journal's warnings name CallSids and may quote a request.
const logger = hostLogger(settings);
const ivr = createApp({
  settings,
  logger,
  // Shared by the instances (Table Storage) unless the settings say memory.
  journal: openCallJournal(settings, logger),
  // Deployed, an unset auth token must not leave the webhook open; Core Tools
  // (`func start`) runs with AZURE_FUNCTIONS_ENVIRONMENT=Development.
  requireAuthToken: process.env.AZURE_FUNCTIONS_ENVIRONMENT !== 'Development',
});

// Where each call's answers wait for its ivr.call line: the log must say, as an unusable storage setting falls back to memory.
logger.info(callJournalDescription(settings.callJournal));
const identityStorage = identityStorageWarning(settings.env, settings.callJournal);
if (identityStorage) logger.warn(identityStorage);
// As npm start says it: a caller offered no SMS (closed line, busy operators) should not come as a surprise.
if (!settings.sms) logger.info(smsOffLine('IVR_SMS_FROM unset', 'Set IVR_SMS_FROM, with the Twilio credentials, to offer them (docs/twilio.md, "The chat links by SMS").'));

for (const warning of destinationWarnings(ivr)) logger.warn(warning);
afterStartUp(() => {
  for (const warning of unplannedWarnings(ivr)) logger.warn(warning);
});
// http is for a tunnel to a developer's machine (ivr provision --allow-http); deployed, it means Twilio calls in the clear.
if (/^http:/i.test(settings.publicBaseUrl ?? '') && process.env.AZURE_FUNCTIONS_ENVIRONMENT !== 'Development') {
  logger.warn(
    `WARNING: PUBLIC_BASE_URL is ${settings.publicBaseUrl}, plain http: Twilio's requests to it (callers' numbers, keys, signatures) cross the internet unencrypted, and a captured one can be replayed; give the https origin.`,
  );
}
const signaturesOff = signaturesOffWarning(ivr);
if (signaturesOff) logger.warn(signaturesOff);
// Only under Core Tools (Development) may the token be unset (requireAuthToken above): said, as npm start says it, before a tunnel exposes the app.
else if (!ivr.settings.authToken) {
  logger.warn(
    'WARNING: TWILIO_AUTH_TOKEN is not set: this function app (AZURE_FUNCTIONS_ENVIRONMENT=Development, as func start runs it) answers unsigned requests; set TWILIO_AUTH_TOKEN in local.settings.json to check X-Twilio-Signature.',
  );
}
// Callers' whole numbers in the log, for an investigation: said, so the setting is not left on unnoticed.
const fullNumbers = fullNumbersWarning(ivr);
if (fullNumbers) logger.warn(fullNumbers);

for (const route of ivr.routes) {
  app.http(route.name, {
    methods: route.methods,
    authLevel: 'anonymous',
    route: route.path.replace(/^\/api\//, ''),
    handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
      const body = methodHasBody(request.method) ? await request.text() : '';
      const response = await route.handler({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body });
      context.log(`${request.method} ${route.path} -> ${response.status}`);
      return { status: response.status, headers: response.headers, ...(response.body ? { body: response.body } : {}) };
    },
  });
}
