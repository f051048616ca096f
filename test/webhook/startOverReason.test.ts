import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { buildWebhookRequest } from '../../src/simulator/webhookRequest';
import { ACCOUNT_SID, AUTH_TOKEN } from '../twilio/fakeTwilio';
import { CONSUMER_LINE, MOBILE, ORIGIN, recordingLogger, WEEKDAY_OPEN } from '../twilio/support';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { fixedFlow } from '../support/fixedMenu';
import { promptSaid } from '../support/shippedFlow';

// A continue request whose call state the app did not write starts the call over, and the warning says
// why in the words of the parameter that is wrong. It used to blame the node for all of them ("where this
// flow resumes no call on line …"), at consumer-menu, where the flow resumes calls every day, and sent
// the engineer reading the log to the flow instead of to the request.

const CALL_SID = `CA${'7d'.repeat(16)}`;
const CALL = { AccountSid: ACCOUNT_SID, CallSid: CALL_SID, From: MOBILE, To: CONSUMER_LINE, CallStatus: 'in-progress', Direction: 'inbound' };
const WELCOME_IT = promptSaid('consumer-welcome', 'it', fixedFlow())[0] as string;

/**
 * The body the caller gets for a continue request with `query`, and the warnings the app logged for it: on the fixed
 * copy of the menu, whose node names and languages an edit of the shipped one does not move.
 */
async function continueWith(query: string): Promise<{ body: string; warnings: string[] }> {
  const logger = recordingLogger();
  const instant = DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' });
  const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: ORIGIN, ...OPERATOR_NUMBERS }), flow: fixedFlow(), clock: () => instant, logger });
  const answer = await app.handle(buildWebhookRequest(`${ORIGIN}/api/voice/continue?${query}`, 'POST', { ...CALL, Digits: '2' }, AUTH_TOKEN).request);
  expect(answer.status).toBe(200);
  return { body: String(answer.body), warnings: logger.lines.filter((line) => line.level === 'warn').map((line) => line.message) };
}

const STARTS_OVER = '(a state this flow did not make, or changed since the call began?): the call starts over at "consumer-welcome" in "it"';

describe('a continue request at consumer-menu, a node the flow resumes, with another parameter wrong', () => {
  it('names a retry count that is no count, and starts the call over at the welcome', async () => {
    const { body, warnings } = await continueWith('line=consumer&node=consumer-menu&lang=it&tries=-1');
    expect(body).toContain(WELCOME_IT);
    expect(warnings).toEqual([`CallSid=${CALL_SID} continue request for node "consumer-menu", whose tries=-1 is not a count of failed tries ${STARTS_OVER}`]);
  });

  it('names a language the flow does not have, with the ones it has', async () => {
    const { body, warnings } = await continueWith('line=consumer&node=consumer-menu&lang=fr&tries=0');
    expect(body).toContain(WELCOME_IT);
    expect(warnings).toEqual([`CallSid=${CALL_SID} continue request for node "consumer-menu", whose lang=fr is not a language of the flow (it, en) ${STARTS_OVER}`]);
  });

  it('names an SMS mark that is not "1"', async () => {
    const { body, warnings } = await continueWith('line=consumer&node=consumer-menu&lang=it&tries=0&sms=7');
    expect(body).toContain(WELCOME_IT);
    expect(warnings).toEqual([`CallSid=${CALL_SID} continue request for node "consumer-menu", whose sms=7 is not "1", the mark of an SMS sent ${STARTS_OVER}`]);
  });

  it('names every wrong parameter, and a missing one, each once', async () => {
    const { warnings } = await continueWith('node=consumer-menu&lang=fr&tries=12');
    expect(warnings).toEqual([`CallSid=${CALL_SID} continue request for node "consumer-menu", whose line is missing, and lang=fr is not a language of the flow (it, en), and tries=12 is not a count of failed tries (a state this flow did not make, or changed since the call began?): the call starts over at "consumer-welcome" in "it"`]);
  });

  it('quotes a value that could write a line of its own', async () => {
    const { warnings } = await continueWith(`line=consumer&node=consumer-menu&lang=it&tries=${encodeURIComponent('1\nCallSid=CAforged')}`);
    expect(warnings).toEqual([`CallSid=${CALL_SID} continue request for node "consumer-menu", whose tries="1\\nCallSid=CAforged" is not a count of failed tries ${STARTS_OVER}`]);
  });
});

describe('a continue request whose node is what is wrong', () => {
  it('a node no call on the line reaches (the merchant welcome on the consumer line) is named so', async () => {
    const { body, warnings } = await continueWith('line=consumer&node=merchant-welcome&lang=it&tries=0');
    expect(body).toContain(WELCOME_IT);
    expect(warnings).toEqual([`CallSid=${CALL_SID} continue request for node "merchant-welcome", whose node is not reached by calls on line "consumer" ${STARTS_OVER}`]);
  });

  it('a node where no call waits is named with its type', async () => {
    const { warnings } = await continueWith('line=consumer&node=consumer-hours&lang=it&tries=0');
    expect(warnings).toEqual([`CallSid=${CALL_SID} continue request for node "consumer-hours", a node of type "hours", where no call waits for an answer ${STARTS_OVER}`]);
  });

  it('the same state with nothing wrong is resumed, with no warning', async () => {
    const { body, warnings } = await continueWith('line=consumer&node=consumer-menu&lang=it&tries=0');
    expect(body).not.toContain(WELCOME_IT);
    expect(warnings).toEqual([]);
  });
});
