// Every TwiML document from Twilio's own documentation (test/fixtures/twiml-corpus)
// must run to a defined end: the outcome Twilio's semantics call for, or an
// unsupported verb named, never a crash or a hang.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateCall, twimlFileTransport, type CallerAction, type Outcome } from '../../src/simulator';

const CORPUS = path.resolve(__dirname, '../fixtures/twiml-corpus');

type Expected = Outcome['kind'] | `unsupported:${string}` | 'hangup:end-of-document' | 'hangup:verb';

/** What a silent caller gets, with every <Dial> answered, by folder. */
const BY_FOLDER: Record<string, Expected> = {
  application: 'unsupported:Application',
  client: 'dial',
  conference: 'unsupported:Conference',
  connect: 'unsupported:Connect',
  'twiml/voice/connect': 'unsupported:Connect',
  dial: 'dial',
  enqueue: 'enqueue',
  gather: 'hangup:end-of-document', // no input: fall through, then the document ends
  hangup: 'hangup:verb',
  leave: 'hangup:end-of-document',
  number: 'dial',
  parameter: 'dial',
  pause: 'hangup:end-of-document',
  pay: 'unsupported:Pay',
  play: 'hangup:end-of-document',
  queue: 'dial',
  record: 'hangup:end-of-document', // silence: an empty recording requests nothing
  redirect: 'not-followed',
  refer: 'unsupported:Refer',
  reject: 'reject',
  say: 'hangup:end-of-document',
  sim: 'unsupported:Sim',
  // The simulator's own queue documents (see its README): by default an agent takes the call after 30 s.
  'simulator-own/queue': 'enqueue',
  // The simulator's own barge-in documents (see its README): silence falls through, as any Gather.
  'simulator-own/gather': 'hangup:end-of-document',
  'simulator-own/record': 'hangup:end-of-document', // a silent caller leaves an empty recording: the next verb runs
  'simulator-own/dial': 'dial',
  sip: 'dial',
  siprec: 'hangup:end-of-document', // <Start> forks and the call continues
  sms: 'hangup:end-of-document',
  stream: 'hangup:end-of-document',
  transcription: 'hangup:end-of-document',
  'your-response': 'hangup:end-of-document',
};

/** Documents that differ from their folder, and why. */
const BY_FILE: Record<string, Expected> = {
  'application/hangup-parameter-scenario.twiml': 'hangup:verb',
  'application/hangup-parameter.twiml': 'hangup:verb',
  'application/reject-parameter.twiml': 'reject',
  'dial/dial-6.twiml': 'unsupported:Conference',
  'enqueue/enqueue-2.twiml': 'hangup:end-of-document', // the queue's wait music document
  'gather/gather-5.twiml': 'not-followed', // falls through to <Redirect> ?Digits=TIMEOUT
  'leave/leave-1.twiml': 'enqueue', // bridged to an agent (the default); the closing <Say> follows the conversation
  'simulator-own/queue/enqueue-task-not-json.twiml': 'error', // 12200: the <Task> is not JSON
  // The noun's url runs on the called party's leg before the two are joined (the whisper); here it is on another origin or beside a TwiML file, which the simulator does not fetch.
  'number/number-5.twiml': 'not-followed',
  'sip/sip-9.twiml': 'not-followed',
  'queue/queue-2.twiml': 'hangup:end-of-document', // the agent-side announcement
  'redirect/redirect-2.twiml': 'dial',
};

function corpusFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return corpusFiles(full);
      return entry.name.endsWith('.twiml') ? [path.relative(CORPUS, full)] : [];
    })
    .sort();
}

function expectedFor(file: string): Expected | undefined {
  if (BY_FILE[file]) return BY_FILE[file];
  const folder = Object.keys(BY_FOLDER)
    .filter((prefix) => file.startsWith(`${prefix}/`))
    .sort((a, b) => b.length - a.length)[0];
  return folder ? BY_FOLDER[folder] : undefined;
}

function summary(outcome: Outcome): string {
  if (outcome.kind === 'unsupported') return `unsupported:${outcome.verb}`;
  if (outcome.kind === 'hangup') return outcome.endOfDocument ? 'hangup:end-of-document' : 'hangup:verb';
  return outcome.kind;
}

function run(file: string, caller: CallerAction[] = [], dial?: () => { status: 'no-answer' }, hangupAt?: number) {
  const url = `https://twiml.example/${file.replace(/\.twiml$/, '.xml')}`;
  return simulateCall({
    url,
    transport: twimlFileTransport(path.join(CORPUS, file), url),
    call: { to: '+15005550006', from: '+393331112222' },
    caller,
    ...(dial ? { dial } : {}),
    ...(hangupAt !== undefined ? { hangupAt } : {}),
  });
}

const files = corpusFiles(CORPUS);

describe('Twilio documentation corpus', () => {
  it('is present and fully covered by the expectation table', () => {
    expect(files.length).toBeGreaterThan(100);
    // docs/design.md says how many there are.
    const design = readFileSync(path.resolve(__dirname, '../../docs/design.md'), 'utf8');
    expect(design).toContain(`twiml-corpus/\`: ${files.length} TwiML documents`);
    expect(files.filter((file) => !expectedFor(file))).toEqual([]);
  });

  it.each(files)('%s ends as Twilio would, with a silent caller', async (file) => {
    const result = await run(file);
    expect(summary(result.outcome)).toBe(expectedFor(file));
    expect(result.transcript.at(-1)).toMatchObject({ type: 'end', outcome: result.outcome });
    expect(result.requests).toBeGreaterThanOrEqual(1);
  });

  it.each(files)('%s reaches a defined end with a caller who presses keys and talks', async (file) => {
    for (const caller of [[{ digits: '1#' }], [{ speech: 'sales please' }]] as CallerAction[][]) {
      for (const dial of [undefined, () => ({ status: 'no-answer' as const })]) {
        const result = await run(file, caller, dial);
        expect(result.transcript.at(-1)?.type).toBe('end');
        expect(result.requests).toBeLessThanOrEqual(50);
      }
    }
  });
});

describe('corpus documents that lead elsewhere end naming the URL they would fetch', () => {
  it('gather-3: keys go to the relative action, by GET', async () => {
    const result = await run('gather/gather-3.twiml', [{ digits: '4242#' }]);
    expect(result.outcome).toMatchObject({ kind: 'not-followed', url: 'https://twiml.example/process_gather.php' });
  });

  it('record-3: a spoken message goes to an action on another host, which is never contacted', async () => {
    const result = await run('record/record-3.twiml', [{ speech: 'please call me back' }]);
    expect(result.outcome).toMatchObject({ kind: 'not-followed', url: 'http://foo.edu/handleRecording.php' });
  });

  it('dial-3: an unanswered dial reports to its action; "I am unreachable" is never said', async () => {
    const result = await run('dial/dial-3.twiml', [], () => ({ status: 'no-answer' }));
    expect(result.outcome).toMatchObject({ kind: 'not-followed', url: 'https://twiml.example/handleDialCallStatus' });
    expect(result.transcript.some((e) => e.type === 'say')).toBe(false);
  });

  it('gather-2: with no action, keys post back to the same document, which is served again', async () => {
    const result = await run('gather/gather-2.twiml', [{ digits: '7#' }]);
    expect(result.requests).toBe(2);
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: true });
  });
});

describe("the simulator's own queue documents", () => {
  it('enqueue-action: the action is requested after the agent conversation; the <Say> after <Enqueue> is never heard', async () => {
    const result = await run('simulator-own/queue/enqueue-action.twiml');
    expect(result.outcome).toMatchObject({ kind: 'enqueue', queue: 'support', queueSeconds: 30, durationSeconds: 60 });
    expect(result.transcript.some((e) => e.type === 'say')).toBe(false);
    expect(result.transcript.find((e) => e.type === 'request' && e.url.endsWith('/queue-ended.xml'))).toMatchObject({ params: { QueueResult: 'bridged', QueueTime: '30' } });
  });

  it('enqueue-task: the <Task> JSON is the task, the queue has no name', async () => {
    const result = await run('simulator-own/queue/enqueue-task.twiml');
    expect(result.transcript.find((e) => e.type === 'enqueue')).toMatchObject({ queue: '', task: { selected_language: 'it', account_type: 'gold' } });
  });
});

describe('barge-in on Twilio\'s documents and the simulator\'s own', () => {
  // https://www.twilio.com/docs/voice/twiml/gather#bargein: speech stops the nested prompt unless bargeIn="false"; keys always do.
  it('gather-4 (Twilio\'s, input="speech"): speech 2 s in cuts the welcome there and is posted to the action', async () => {
    const result = await run('gather/gather-4.twiml', [{ speech: 'my card was declined', after: 2 }]);
    expect(result.transcript).toContainEqual(expect.objectContaining({ type: 'barge-in', input: 'speech', after: 2 }));
    expect(result.outcome).toMatchObject({ kind: 'not-followed', url: 'https://twiml.example/completed' });
  });

  it('barge-in-false (ours): speech does not stop the prompt, keys do', async () => {
    const speech = await run('simulator-own/gather/barge-in-false.twiml', [{ speech: 'billing', after: 1 }]);
    expect(speech.transcript.some((e) => e.type === 'barge-in')).toBe(false);
    expect(speech.transcript.filter((e) => e.type === 'say').map((e) => e.type === 'say' && e.text)).toEqual(['Please tell us why you are calling, or press 1 for sales.', 'You can also press 2 for support.']);
    const keys = await run('simulator-own/gather/barge-in-false.twiml', [{ digits: '1', after: 5 }]);
    expect(keys.transcript).toContainEqual(expect.objectContaining({ type: 'barge-in', input: 'keys', after: 5 }));
    expect(keys.transcript.some((e) => e.type === 'say' && e.text.startsWith('You can also'))).toBe(false);
  });
});

describe("the simulator's own <Record> and <Dial> documents", () => {
  // https://www.twilio.com/docs/voice/twiml/record: finishOnKey ends the recording; the action gets Digits = the key.
  it('record-finish-key: a message then # requests the action with the recording and Digits=#', async () => {
    const result = await run('simulator-own/record/record-finish-key.twiml', [{ speech: 'please call me back about my refund', thenKey: '#' }]);
    expect(result.outcome).toMatchObject({ kind: 'not-followed', url: 'https://twiml.example/recorded' });
    expect(result.transcript.find((e) => e.type === 'request' && e.url.endsWith('/recorded'))).toMatchObject({ params: { Digits: '#', RecordingDuration: '3' } });
    expect(result.transcript.some((e) => e.type === 'say' && e.text.startsWith('We did not'))).toBe(false);
  });

  // https://www.twilio.com/docs/voice/twiml/dial: the action is requested when the dialled call ends, here because the caller hung up.
  it('dial-caller-hangs-up: hanging up 30 s into the conversation ends the call; the <Say> after the dial is never heard', async () => {
    const result = await run('simulator-own/dial/dial-caller-hangs-up.twiml', [], undefined, 30);
    expect(result.transcript).toContainEqual(expect.objectContaining({ type: 'hangup', by: 'caller', at: 30 }));
    expect(result.transcript.some((e) => e.type === 'say')).toBe(false);
    expect(result.transcript.filter((e) => e.type === 'callback').map((e) => e.type === 'callback' && e.name)).toContain('<Dial> action, after the caller hung up');
  });
});
