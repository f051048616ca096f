import { describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

// `ivr call` says why the app went where the caller's keys do not say: the hours check (at what time on the flow's
// clock, and what it found), an SMS offer not made, a menu's last failed try. Each reason is printed where the
// words of the node it led to begin. On the fixed copy of the menu (weekdays 09:00-17:00), whose seconds these are.

const call = (args: string[]) => runIvr(['call', ...args], { env: { IVR_FLOW_FILE: FIXED_FLOW_FILE } });
const LANDLINE = '+390212345678';

/** The line right after the first line that starts with `start`. */
function lineAfter(stdout: string, start: string): string | undefined {
  const lines = stdout.split('\n');
  return lines[lines.findIndex((line) => line.startsWith(start)) + 1];
}

describe('ivr call says why the call went where it did', () => {
  it('a call begun at 16:59:59 is checked after the welcome, at 17:00:07, and found closed: said before the closed message', async () => {
    const { code, stdout } = await call(['--at', '2026-11-24T16:59:59', '--press', '-', '--press', 'hangup']);
    expect(code).toBe(0);
    expect(lineAfter(stdout, '  -> POST /api/voice/continue?line=consumer&node=consumer-welcome')).toBe('  (hours checked at 17:00:07: closed, after the 17:00 close)');
    expect(lineAfter(stdout, '  (hours checked at')).toMatch(/^IVR \[it-IT\]: In questo momento il servizio clienti telefonico è chiuso\./);
  });

  it('an open line says until when', async () => {
    const { stdout } = await call(['--at', '2026-11-24T10:00', '--press', '-', '--press', 'hangup']);
    expect(stdout).toContain('\n  (hours checked at 10:00:08: open until 17:00)\n');
  });

  it('a holiday is named as the calendar names it', async () => {
    const { stdout } = await call(['--at', '2026-12-08T10:00', '--press', '-', '--press', 'hangup']);
    expect(stdout).toContain('\n  (hours checked at 10:00:08: holiday: Immacolata Concezione)\n');
  });

  it('a landline is told no SMS offer after the closed message, where a mobile hears the offer', async () => {
    const landline = await call(['--at', '2026-11-24T20:00', '--from', LANDLINE, '--press', '-', '--press', 'hangup']);
    expect(lineAfter(landline.stdout, "IVR [it-IT]: Puoi anche scriverci in chat")).toBe('  (no SMS offer: the number does not start with +393 (mobilePrefixes in the flow))');
    const mobile = await call(['--at', '2026-11-24T20:00', '--press', '-', '--press', 'hangup']);
    expect(mobile.stdout).not.toContain('no SMS offer');
    expect(lineAfter(mobile.stdout, "IVR [it-IT]: Puoi anche scriverci in chat")).toBe('IVR [it-IT]: Per ricevere con un SMS i link della chat e del modulo di contatto, premi 1.');
  });

  it('a caller who has had the SMS is not offered it again, and told why (the shipped menu)', async () => {
    // Closed: the SMS (key 1), then the operator (key 2), whose hours check finds the line closed again. The fixed
    // copy says goodbye after the SMS, so this is the shipped menu's path.
    const { stdout } = await runIvr(['call','--at', '2026-11-24T20:00', '--press', '-', '--press', '1', '--press', '2', '--press', 'hangup']);
    expect(stdout).toMatch(/\n {2}\(hours checked at 20:0\d:\d\d: closed, after the 17:00 close\)\n(IVR .*\n)+ {2}\(no SMS offer: SMS already sent or tried on this call\)\n/);
  });

  it('a hang-up during the complaints paragraph cuts it there, with the hours checked for the menu after it (the shipped menu)', async () => {
    // The app checks the hours for the menu after the paragraph as it answers, at 36 s, before the caller has heard
    // it; the caller hangs up 4 s into it. The terminal cuts it where --json does, and the reason follows the cut.
    const args = ['call', '--at', '2026-11-24T10:00', '--press', '1', '--press', '3', '--hangup-at', '40'];
    const { code, stdout } = await runIvr(args);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const answer = lines.findIndex((line) => line.startsWith('  -> POST /api/voice/continue?line=consumer&node=consumer-menu&lang=en&tries=0  200  Digits=3'));
    expect(answer).toBeGreaterThan(0);
    const [heard, notSaid, why, hangup] = lines.slice(answer + 1, answer + 5);
    expect(heard).toMatch(/^IVR \[en-GB\]: .+ \(cut off: the caller hung up\)$/);
    expect(notSaid).toMatch(/^ {2}\(not said: the caller hung up\) \[en-GB\] \S/);
    expect(why).toMatch(/^ {2}\(hours checked at 10:00:\d\d: open until 17:00\)$/);
    expect(hangup).toBe('Caller hangs up (40s into the call)');
    const json = JSON.parse((await runIvr([...args, '--json'])).stdout) as { transcript: { say?: string; notSaid?: string; cutOff?: string }[] };
    const cut = json.transcript.findIndex((line) => line.cutOff === "the caller's hang-up");
    expect(heard).toBe(`IVR [en-GB]: ${json.transcript[cut]?.say} (cut off: the caller hung up)`);
    expect(notSaid).toBe(`  (not said: the caller hung up) [en-GB] ${json.transcript[cut + 1]?.notSaid}`);
  });

  it("a menu's third failed try says so, and where it leads, after the excuse", async () => {
    const { stdout } = await call(['--at', '2026-11-24T10:00', '--press', '-', '--press', '7', '--press', '7', '--press', '7', '--press', 'hangup']);
    const lines = stdout.split('\n');
    const third = lines.indexOf('  (3rd failed try: on to consumer-operator-hours)');
    expect(third).toBeGreaterThan(0);
    expect(lines[third - 1]).toBe('IVR [it-IT]: La scelta non è valida.');
    expect(lines[third - 2]).toMatch(/^ {2}-> POST \/api\/voice\/continue\?line=consumer&node=consumer-menu&lang=it&tries=2 {2}200 {2}Digits=7$/);
    expect(stdout).not.toContain('1st failed try');
    expect(stdout).not.toContain('2nd failed try');
  });
});
