import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { App } from '../app/createApp';
import type { PlainHandler } from '../http/plainHttp';
import { fileStamp, fileText } from './fileStamp';

/**
 * The app built from the flow file as it is now, for the webhooks and the dev
 * phone alike. Every way of saving is heard: writing in place, writing a new
 * file and renaming it over the old one (editors, `sed -i`, `git checkout`),
 * deleting and creating. A watch on a file follows its inode and goes deaf
 * after a rename, so this watches the folder for the file's name and, before
 * each request, compares the file's stat (inode, size, times) with the one
 * it last loaded: a missed event costs nothing but one stat.
 *
 * A save that does not load is reported once, with the flow error's file,
 * JSON path and fix, and the last good app keeps answering; the next good
 * save is picked up again. A save that leaves the text as it was (a touch,
 * an editor saving an unchanged buffer) is no reload, and says nothing.
 */
export interface LiveApp {
  /** Answers with the app of the last good flow, after checking the file once more. */
  handle: PlainHandler;
  /** The app of the last good flow, after checking the file once more. */
  current(): App;
  /** Why the file as it is now is not the one serving, or undefined when it is. */
  problem(): string | undefined;
  /** Counts the good loads: changes whenever a new flow starts serving. */
  version(): number;
  close(): void;
}

export interface LiveAppReport {
  info(message: string): void;
  error(message: string): void;
}

/** How often the file is looked at with no request and no event (a folder watch can be unavailable, e.g. on some network drives). */
const SWEEP_MS = 1_000;
/** Editors save in bursts (truncate, write, rename): an event is acted on once the burst settles. */
const SETTLE_MS = 50;

export function liveApp(build: () => App, file: string, report: LiveAppReport): LiveApp {
  let seen = fileStamp(file);
  let loaded = fileText(file);
  let app = build();
  let version = 1;
  let problem: string | undefined;
  // A failed load not yet reported (the save may be half made): a call placed meanwhile is still told of it.
  let unsure: string | undefined;

  /** Loads the file again if it changed since it was last loaded. */
  function check(): void {
    const stamp = fileStamp(file);
    if (stamp === seen) return;
    seen = stamp;
    clearTimeout(unsettled);
    unsure = undefined;
    if (stamp === 'missing') {
      // Deleting is often the first half of saving: the create that follows changes the stamp again.
      fail(`${file} is missing (deleted or renamed); still serving the last good flow. Save the file again to reload it.`);
      return;
    }
    const text = fileText(file);
    if (text === loaded && problem === undefined) return;
    try {
      app = build();
      loaded = text;
      version++;
      if (problem !== undefined) report.info(`Flow fixed and reloaded from ${file}`);
      else report.info(`Flow reloaded from ${file}`);
      problem = undefined;
    } catch (err) {
      // Saving in place empties the file, then writes it: a look between the two (the sweep, a request)
      // finds an empty or cut file. It is reported only if the file is still as it was once a save settles.
      const message = `Flow not reloaded, still serving the last good one:\n${(err as Error).message}`;
      unsure = message;
      unsettled = setTimeout(() => {
        if (fileStamp(file) === stamp) fail(message);
      }, SETTLE_MS);
      unsettled.unref();
    }
  }

  function fail(message: string): void {
    // Once per problem: the same broken save seen again (another event, another stat) is not news.
    if (message !== problem) report.error(message);
    problem = message;
  }

  let timer: NodeJS.Timeout | undefined;
  let unsettled: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const name = path.basename(file);
  try {
    watcher = watch(path.dirname(file), (_event, changed) => {
      if (changed !== null && changed !== name) return;
      clearTimeout(timer);
      timer = setTimeout(check, SETTLE_MS);
    });
    watcher.on('error', () => {}); // the folder went away: the sweep and the per-request check still look
  } catch {
    // No watch: the sweep and the per-request check still hear every save.
  }
  const sweep = setInterval(check, SWEEP_MS);
  sweep.unref();

  const current = () => {
    check();
    return app;
  };
  return {
    handle: (request) => current().handle(request),
    current,
    problem: () => {
      check();
      return unsure ?? problem;
    },
    version: () => version,
    close: () => {
      clearTimeout(timer);
      clearTimeout(unsettled);
      clearInterval(sweep);
      watcher?.close();
    },
  };
}
