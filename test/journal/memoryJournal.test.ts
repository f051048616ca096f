import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryJournal } from '../../src/journal/memoryJournal';
import { journalFields } from '../../src/webhook/callRecords';
import type { CallStep } from '../../src/journal/callJournal';

// The memory journal's bounds, told as what the call's ivr.call line would
// say: a call the journal still holds has its path; one it dropped (too many
// calls, too old) has none, and says so.

const sid = (n: number) => `CA${n.toString(16).padStart(32, '0')}`;

function step(callSid: string, nodes: string[], extra: Partial<CallStep> = {}): CallStep {
  return { callSid, line: 'consumer', language: 'it', input: 'call', nodes, end: 'gather', ...extra };
}

async function lineFor(journal: ReturnType<typeof memoryJournal>, callSid: string) {
  return journalFields('completed', await journal.take(callSid));
}

describe('the memory journal', () => {
  it('gives back a call\'s answers in order, once: taken again, it says it was taken before', async () => {
    // The transfer still rings at the take: it waits that long for the <Dial>'s action (test/journal/lateAnswers.test.ts).
    const journal = memoryJournal({ lastAnswerWaitMs: 10 });
    journal.record(step(sid(1), ['consumer-welcome', 'consumer-hours', 'consumer-menu']));
    journal.record(step(sid(1), ['consumer-operator'], { input: '2', end: 'dial', language: 'en' }));
    expect(await lineFor(journal, sid(1))).toEqual({
      outcome: 'caller-hung-up-during-transfer',
      language: 'en',
      path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator'],
      inputs: ['2'],
    });
    expect(await journal.take(sid(1))).toEqual({ steps: null, takenBefore: true });
  });

  it('the <Dial> action Twilio requests after the caller hung up (no nodes: nobody heard its answer) keeps the call at the transfer', async () => {
    const journal = memoryJournal();
    journal.record(step(sid(2), ['consumer-welcome', 'consumer-hours', 'consumer-menu']));
    journal.record(step(sid(2), ['consumer-operator-hours', 'consumer-operator'], { input: '2', end: 'dial' }));
    journal.record(step(sid(2), [], { input: 'dial:canceled', end: 'dial', afterHangUp: true }));
    expect(await lineFor(journal, sid(2))).toEqual({
      outcome: 'caller-hung-up-during-transfer',
      language: 'it',
      path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'],
      inputs: ['2', 'dial:canceled'],
    });
  });

  it('a call whose SMS answer the ring of its answers let go (a long call) is taken at once: that answer came, nothing is waited for', async () => {
    // Each wait the take starts, recorded and ended at once: whether it waited is then seen, not timed.
    const waits: number[] = [];
    const journal = memoryJournal({ lastAnswerWaitMs: 5000, timer: (done, ms) => (waits.push(ms), done(), () => undefined) });
    const call = sid(40);
    journal.record(step(call, ['consumer-welcome']));
    for (let i = 0; i < 27; i++) journal.record(step(call, ['consumer-menu'], { input: '*' }));
    const claim = await journal.claimSms(call);
    expect(claim.first).toBe(true);
    journal.record(step(call, ['chat-link-sms'], { input: '1', sms: 'sent' }));
    for (let i = 0; i < 5; i++) journal.record(step(call, ['consumer-menu'], { input: '*' }));
    const line = await lineFor(journal, call);
    expect(waits).toEqual([]);
    expect(line.inputs).not.toContain('1'); // let go by the ring: the first 27 answers and the latest 3 are kept
  });

  it("the SMS offer's fate: unanswered when no answer to it came, declined when one did, sent when the caller took it", async () => {
    const journal = memoryJournal();
    const offer = (n: number) => {
      journal.record(step(sid(n), ['consumer-welcome']));
      journal.record(step(sid(n), ['consumer-hours', 'closed', 'chat-link-sms'], { input: 'none', sms: 'offered' }));
    };
    offer(3);
    offer(4);
    journal.record(step(sid(4), ['goodbye'], { input: 'none', end: 'hangup', sms: 'declined' }));
    offer(5);
    journal.record(step(sid(5), ['goodbye'], { input: '1', end: 'hangup', sms: 'sent' }));
    expect(await lineFor(journal, sid(3))).toMatchObject({ outcome: 'caller-hung-up-in-menu', sms: 'unanswered' });
    expect(await lineFor(journal, sid(4))).toMatchObject({ outcome: 'menu-hung-up', sms: 'declined' });
    expect(await lineFor(journal, sid(5))).toMatchObject({ outcome: 'menu-hung-up', sms: 'sent' });
  });

  it("the SMS's fate is that of the last offer, and a message sent stays sent whatever the caller did after", async () => {
    const journal = memoryJournal();
    // Declined, then offered again (the caller came back to it), then hung up during it: unanswered.
    journal.record(step(sid(6), ['consumer-welcome']));
    journal.record(step(sid(6), ['chat-link-sms'], { input: 'none', sms: 'offered' }));
    journal.record(step(sid(6), ['consumer-menu'], { input: '3', sms: 'declined' }));
    journal.record(step(sid(6), ['chat-link-sms'], { input: '2', sms: 'offered' }));
    // Sent, then the caller went on in the menu.
    journal.record(step(sid(7), ['consumer-welcome']));
    journal.record(step(sid(7), ['chat-link-sms'], { input: 'none', sms: 'offered' }));
    journal.record(step(sid(7), ['consumer-menu'], { input: '1', sms: 'sent' }));
    journal.record(step(sid(7), ['consumer-complaints'], { input: '3' }));
    expect(await lineFor(journal, sid(6))).toMatchObject({ sms: 'unanswered' });
    expect(await lineFor(journal, sid(7))).toMatchObject({ sms: 'sent' });
  });

  it('waits for no answer when the last one already came: the <Dial> action after a hang-up, an SMS that failed', async () => {
    // Each wait the take starts, recorded and ended at once: whether it waited is then seen, not timed.
    const waits: number[] = [];
    const journal = memoryJournal({ lastAnswerWaitMs: 5000, timer: (done, ms) => (waits.push(ms), done(), () => undefined) });
    journal.record(step(sid(8), ['consumer-welcome']));
    journal.record(step(sid(8), ['consumer-operator'], { input: '2', end: 'dial' }));
    journal.record(step(sid(8), [], { input: 'dial:no-answer', end: 'dial', afterHangUp: true }));
    journal.record(step(sid(9), ['consumer-welcome']));
    expect((await journal.claimSms(sid(9))).first).toBe(true);
    journal.record(step(sid(9), ['chat-link-sms'], { input: '1', end: 'hangup', sms: 'failed' }));
    expect(await lineFor(journal, sid(8))).toMatchObject({ outcome: 'caller-hung-up-during-transfer', inputs: ['2', 'dial:no-answer'] });
    expect(await lineFor(journal, sid(9))).toMatchObject({ outcome: 'menu-hung-up', sms: 'failed' });
    expect(waits).toEqual([]);
  });

  it('a request Twilio sent again counts once towards the answers kept: a call at the bound loses none of its path to repeats', async () => {
    const journal = memoryJournal({ maxStepsPerCall: 5 });
    const at = 1_000_000;
    journal.record(step(sid(7), ['consumer-welcome'], { request: { key: 1, atMs: at } }));
    for (const [i, key] of [2, 3, 4, 5].entries()) {
      const answer = step(sid(7), [`menu-${key}`], { input: String(key), request: { key, atMs: at + 20_000 * (i + 1) } });
      journal.record(answer);
      // Twilio's retry, 15 s at most after the first try.
      journal.record({ ...answer, request: { key, atMs: answer.request!.atMs + 14_000 } });
    }
    expect(await lineFor(journal, sid(7))).toMatchObject({ path: ['consumer-welcome', 'menu-2', 'menu-3', 'menu-4', 'menu-5'], inputs: ['2', '3', '4', '5'] });
  });

  it('remembers a taken call only as long as it keeps calls: past maxAgeMs it is a call it never held', async () => {
    let now = 1_000_000;
    const journal = memoryJournal({ maxAgeMs: 60_000, now: () => now });
    journal.record(step(sid(1), ['a']));
    await journal.take(sid(1));
    now += 60_000;
    expect(await journal.take(sid(1))).toEqual({ steps: [], omitted: 0 });
  });

  it('keeps a call until maxCalls newer calls have begun: the one whose first answer is oldest goes first', async () => {
    const journal = memoryJournal({ maxCalls: 3 });
    for (const n of [1, 2, 3]) journal.record(step(sid(n), [`node-${n}`]));
    journal.record(step(sid(1), ['later'])); // a later answer does not make a call younger
    journal.record(step(sid(4), ['node-4']));
    expect(await lineFor(journal, sid(1))).toMatchObject({ path: null, pathMissing: 'not-recorded' });
    for (const n of [2, 3, 4]) expect((await lineFor(journal, sid(n))).path).toEqual([`node-${n}`]);
  });

  it('drops a call maxAgeMs after its first answer, whether or not other calls come', async () => {
    let now = 1_000_000;
    const journal = memoryJournal({ maxAgeMs: 60_000, now: () => now });
    journal.record(step(sid(1), ['a']));
    now += 30_000;
    journal.record(step(sid(2), ['b']));
    now += 30_000; // call 1 is now 60 s old, call 2 is 30 s old
    expect(await lineFor(journal, sid(1))).toMatchObject({ path: null });
    expect((await lineFor(journal, sid(2))).path).toEqual(['b']);
  });

  it('keeps at most maxStepsPerCall answers of a call: the first ones and the latest 3, with … for those left out', async () => {
    // (The default is 30.)
    const journal = memoryJournal({ maxStepsPerCall: 5 });
    for (let i = 1; i <= 9; i++) journal.record(step(sid(1), [`n${i}`], { input: i === 1 ? 'call' : String(i), language: i === 9 ? 'en' : 'it', end: i === 9 ? 'hangup' : 'gather' }));
    expect(await lineFor(journal, sid(1))).toEqual({
      outcome: 'menu-hung-up',
      language: 'en',
      path: ['n1', 'n2', '…', 'n7', 'n8', 'n9'],
      inputs: ['2', '…', '7', '8', '9'],
    });
  });

  it('a long call put through keeps the answer that entered the transfer, not only how the dial ended', async () => {
    // 33 presses of * at the menu, then 2: the last answer (dial completed) enters no node.
    const journal = memoryJournal();
    journal.record(step(sid(1), ['consumer-welcome'], { input: 'call' }));
    for (let i = 0; i < 33; i++) journal.record(step(sid(1), ['consumer-menu'], { input: '*' }));
    journal.record(step(sid(1), ['consumer-operator'], { input: '2', end: 'dial' }));
    journal.record(step(sid(1), [], { input: 'dial:completed', end: 'transferred' }));
    const line = await lineFor(journal, sid(1));
    expect(line.outcome).toBe('transferred');
    expect(line.path?.slice(-2)).toEqual(['consumer-menu', 'consumer-operator']);
    expect(line.inputs?.slice(-2)).toEqual(['2', 'dial:completed']);
  });

  it('keeps nothing for what is not a CallSid', async () => {
    const journal = memoryJournal();
    journal.record(step('(not a CallSid)', ['a']));
    expect(await journal.take('(not a CallSid)')).toEqual({ steps: [], omitted: 0 });
  });

  it('holds 10,000 calls by default and no more', async () => {
    const journal = memoryJournal();
    for (let n = 0; n <= 10_000; n++) journal.record(step(sid(n), ['a']));
    expect((await lineFor(journal, sid(0))).path).toBeNull();
    expect((await lineFor(journal, sid(1))).path).toEqual(['a']);
    expect((await lineFor(journal, sid(10_000))).path).toEqual(['a']);
  });

  it('finds every call it holds, whatever the order of answers, reports and drops (against a plain model)', async () => {
    // CallSids that share their low bits, so they collide in the lookup table; some differ only in case.
    const pool = Array.from({ length: 12 }, (_, i) => `CA${'ab'.repeat(15)}${(i * 16).toString(16).padStart(2, '0').slice(-2)}`.slice(0, 34));
    pool.push(pool[1]!.toUpperCase());
    const command = fc.oneof(
      fc.record({ kind: fc.constant('record' as const), sid: fc.nat(pool.length - 1), node: fc.constantFrom('a', 'b', 'c') }),
      fc.record({ kind: fc.constant('take' as const), sid: fc.nat(pool.length - 1) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 4, max: 6 }), fc.array(command, { maxLength: 60 }), async (maxCalls, maxStepsPerCall, commands) => {
        const journal = memoryJournal({ maxCalls, maxStepsPerCall });
        // The model: a ring of slots scanned one by one; CallSids compared without case, as hex.
        // A taken call stays in its slot, marked, until the ring comes round to it; an answer to it then is late and dropped.
        const slots: ({ sid: string; nodes: string[]; omitted: number; taken: boolean } | null)[] = Array(maxCalls).fill(null);
        let cursor = 0;
        // CallSids taken while in no slot, lower-cased, oldest first: remembered apart, as many as the ring holds.
        const unkept: string[] = [];
        for (const c of commands) {
          const sid = pool[c.sid]!;
          const at = slots.findIndex((s) => s?.sid.toLowerCase() === sid.toLowerCase());
          if (c.kind === 'record') {
            journal.record(step(sid, [c.node]));
            let held = slots[at];
            // Its record is written: the answer came after the status callback (lateAnswerMessage), and is not kept.
            if (held?.taken || (!held && unkept.includes(sid.toLowerCase()))) continue;
            if (!held) {
              held = slots[cursor] = { sid, nodes: [], omitted: 0, taken: false };
              cursor = (cursor + 1) % maxCalls;
            }
            if (held.nodes.length < maxStepsPerCall) held.nodes.push(c.node);
            else {
              // The latest 3 move along.
              held.nodes.splice(maxStepsPerCall - 3, 1);
              held.nodes.push(c.node);
              held.omitted++;
            }
          } else {
            const taken = await journal.take(sid);
            const held = slots[at];
            if (!held) {
              const known = unkept.includes(sid.toLowerCase());
              expect(taken).toEqual(known ? { steps: null, takenBefore: true } : { steps: [], omitted: 0 });
              if (!known && unkept.push(sid.toLowerCase()) > maxCalls) unkept.shift();
              continue;
            }
            if (held.taken) {
              expect(taken).toEqual({ steps: null, takenBefore: true });
              continue;
            }
            expect(taken.steps?.map((s) => s.nodes[0])).toEqual(held.nodes);
            expect(taken.steps ? taken.omitted : -1).toBe(held.omitted);
            held.taken = true;
          }
        }
      }),
      { seed: 20261124, numRuns: 300 },
    );
  });
});
