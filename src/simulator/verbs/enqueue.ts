// <Enqueue> and <Leave>, as Twilio documents them
// (https://www.twilio.com/docs/voice/twiml/enqueue,
// https://www.twilio.com/docs/voice/twiml/leave): the caller waits in the
// queue while the waitUrl's TwiML plays, until the queue ends the way the
// `queue` option says (an agent takes the call after some wait, ...) or the
// wait TwiML's <Leave> or <Hangup> ends it first. Then the action URL gets
// QueueResult, QueueSid and QueueTime; without an action the document goes on
// with the verb after <Enqueue>.

import type { CallContext, VerbStep } from '../callContext';
import { callerHungUp, schemaError } from '../callContext';
import { DEFAULT_QUEUE_END } from '../queueScript';
import { newSid } from '../sids';
import type { QueueResult } from '../types';
import type { TwimlElement } from '../twimlDocument';
import { method, resolveUrl } from './attributes';
import { waitInQueue, type WaitMusic } from './queueWait';

/** Endings with which the caller never got into the queue: Twilio sends no QueueSid or QueueTime then. */
const NEVER_ENQUEUED = new Set<QueueResult>(['queue-full', 'system-error']);
/** Endings after which the caller talked with whoever dequeued them; the action waits for that talk to end. */
const BRIDGED = new Set<QueueResult>(['bridged', 'redirected-from-bridged']);

export async function enqueue(element: TwimlElement, context: CallContext): Promise<VerbStep | undefined> {
  const workflowSid = element.attributes.workflowSid?.trim() || undefined;
  const task = taskAttributes(element);
  if ('kind' in task) return task;
  // With a <Task> noun, the queue's name is the verb's own text, not the task's JSON.
  const queue = (element.children.length > 0 ? element.ownText : element.text).trim();
  if (!queue && !workflowSid) return schemaError('<Enqueue> needs a queue name (or a workflowSid)');
  const action = element.attributes.action !== undefined ? resolveUrl(context, element.attributes.action) : undefined;
  if (action && !action.ok) return action.step;
  const music = waitMusic(element, context);
  if ('kind' in music) return music;

  context.emit({
    type: 'enqueue',
    queue,
    ...(element.attributes.waitUrl !== undefined ? { waitUrl: element.attributes.waitUrl.trim() } : {}),
    ...(workflowSid ? { workflowSid } : {}),
    ...(task.attributes ? { task: task.attributes } : {}),
  });
  const scripted = { ...DEFAULT_QUEUE_END, ...(await context.queue({ queue, ...(workflowSid ? { workflowSid } : {}), ...(task.attributes ? { task: task.attributes } : {}) })) };
  const queueSid = newSid('QU');
  const enteredAt = context.clock.seconds;
  const waited = NEVER_ENQUEUED.has(scripted.result)
    ? { result: scripted.result }
    : await waitInQueue({ queue, queueSid, enteredAt, endsAt: enteredAt + scripted.waitSeconds, music, scripted: scripted.result }, context);
  const queueSeconds = context.clock.seconds - enteredAt;

  const bridged = BRIDGED.has(waited.result);
  const talkSeconds = bridged ? scripted.talkSeconds : undefined;
  context.emit({
    type: 'queue-end',
    queue,
    result: waited.result,
    queueSeconds,
    ...(talkSeconds !== undefined ? { talkSeconds } : {}),
    ...('detail' in waited && waited.detail ? { detail: waited.detail } : {}),
  });
  const params: Record<string, string> = { QueueResult: waited.result };
  if (!NEVER_ENQUEUED.has(waited.result)) Object.assign(params, { QueueSid: queueSid, QueueTime: String(queueSeconds) });

  let hungUp = 'step' in waited ? waited.step : undefined;
  if (talkSeconds !== undefined) {
    context.connected({ kind: 'enqueue', queue, queueSeconds, durationSeconds: talkSeconds });
    // "In the case where a call is dequeued via the <Dial> verb, the action URL is hit once when the bridged parties disconnect."
    if (!context.clock.waitFor(talkSeconds)) hungUp = callerHungUp(context);
  }
  if (!action) return hungUp;
  const how = method(element);
  if (hungUp) {
    // The call is over: Twilio still reports the queue's end to the action, and nothing it answers is played.
    await context.callback({ name: 'Enqueue action', url: action.url, method: how, params });
    return hungUp;
  }
  return { kind: 'fetch', url: action.url, method: how, params };
}

/** <Leave> outside a queue's wait TwiML: there is no queue to leave, and the call carries on (queueWait.ts handles it inside one). */
export function leave(_element: TwimlElement, context: CallContext): undefined {
  context.emit({ type: 'leave', inQueue: false });
  return undefined;
}

/** The <Task> noun's JSON, parsed: TaskRouter takes it as the task's attributes. */
function taskAttributes(element: TwimlElement): { attributes?: Record<string, unknown> } | VerbStep {
  const task = element.children.find((child) => child.name === 'Task');
  const stray = element.children.find((child) => child.name !== 'Task');
  if (stray) return schemaError(`<${stray.name}> cannot be nested in <Enqueue> (only <Task>)`);
  if (!task) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(task.text);
  } catch (error) {
    return schemaError(`<Task> in <Enqueue> is not JSON (${error instanceof Error ? error.message : String(error)}): write the task's attributes as a JSON object, e.g. <Task>{"language": "it"}</Task>`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return schemaError('<Task> in <Enqueue> must be a JSON object of task attributes, e.g. <Task>{"language": "it"}</Task>');
  }
  return { attributes: parsed as Record<string, unknown> };
}

/** Where the wait music comes from: the waitUrl, or why there is none to fetch. */
function waitMusic(element: TwimlElement, context: CallContext): WaitMusic | VerbStep {
  const raw = element.attributes.waitUrl;
  if (raw === undefined) return { none: "Twilio's default classical playlist (on Twilio's own servers, not fetched)" };
  if (raw.trim() === '') return { none: 'no wait music: waitUrl is empty' };
  const url = resolveUrl(context, raw);
  if (!url.ok) return url.step;
  return { url: url.url, method: method(element, 'waitUrlMethod') };
}
