import { copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pollUntil } from './http/webhookClient';
import { ServerProcess } from './servers/serverProcess';
import { median } from './stats';
import { AUTH_TOKEN, PUBLIC_BASE_URL } from './twilioRequests';
import { makeWorkDir } from './workDir';

// From a saved flow edit to the next call hearing it, on the local host: the
// built server runs on a copy of the flow; the welcome prompt is edited and
// saved the way editors save (write a temporary file, rename it over the
// flow), and Twilio's first webhook is sent every few milliseconds until its
// answer says the new words. The wait is bounded: a server that never picks
// the edit up is reported as having missed it, not waited on for ever.

export interface FlowReload {
  edits: number;
  /** Milliseconds from each rename to the first answer with the new words; null where it was missed. */
  heardMs: Array<number | null>;
  missed: number;
  medianMs: number;
  maxMs: number;
  /** How long the bench waited for each edit before calling it missed. */
  waitMs: number;
}

const WAIT_MS = 3_000;

export async function flowReload(projectRoot: string, edits: number, log: (line: string) => void): Promise<FlowReload> {
  const workDir = makeWorkDir(projectRoot, 'reload');
  const flowFile = path.join(workDir, 'klarna-italia.json');
  copyFileSync(path.join(projectRoot, 'flows/klarna-italia.json'), flowFile);
  const original = readFileSync(flowFile, 'utf8');
  const env = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_SIGNATURE_VALIDATION: 'on', PUBLIC_BASE_URL, IVR_FLOW_FILE: flowFile };
  const server = await ServerProcess.start('our host', [path.join(projectRoot, 'dist/src/server/main.js')], env, path.join(workDir, 'our-host.log'));
  const heardMs: Array<number | null> = [];
  try {
    for (let edit = 1; edit <= edits; edit++) {
      const words = `Modifica di prova numero ${edit}.`;
      const flow = JSON.parse(original) as { lines: Record<string, { start: string }>; defaultLine: string; nodes: Record<string, { prompt: Array<Record<string, string>> }> };
      const welcome = flow.nodes[flow.lines[flow.defaultLine]!.start]!;
      welcome.prompt = [{ language: 'it', text: words }, ...welcome.prompt];
      const temporary = `${flowFile}.saving`;
      writeFileSync(temporary, `${JSON.stringify(flow, null, 2)}\n`);
      renameSync(temporary, flowFile);
      const saved = performance.now();
      const answer = await pollUntil(server.port, saved + WAIT_MS, (body) => body.includes(words));
      const heard = answer ? performance.now() - saved : null;
      heardMs.push(heard);
      log(`  edit ${edit}/${edits}: ${heard === null ? `missed (not heard within ${WAIT_MS / 1000} s)` : `heard after ${Math.round(heard)} ms`}`);
      // Let a reload the edit set off settle before the next save.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  const heard = heardMs.filter((ms): ms is number => ms !== null);
  return {
    edits,
    heardMs: heardMs.map((ms) => (ms === null ? null : Math.round(ms))),
    missed: edits - heard.length,
    medianMs: median(heard),
    maxMs: heard.length > 0 ? Math.max(...heard) : NaN,
    waitMs: WAIT_MS,
  };
}
