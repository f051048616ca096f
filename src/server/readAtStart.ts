import { fileStamp, fileText } from './fileStamp';

/**
 * The files `npm start` reads once, when it starts, unlike the flow file, which
 * it serves as saved (liveApp.ts): local.settings.json (its settings are in
 * the environment from then on, and `ivr provision --line` writes it while the
 * host may be running) and the holiday table (read once per process, as a
 * deployed app does). A save of one of them changes nothing callers hear until
 * a restart, and the host answering as if it did would mislead whoever saved
 * it: so each such change is said once in the log, and kept for the dev phone
 * to show, until the file is back as it was read or the host restarts.
 *
 * A save is told by the file's text, not its time: a save that changes
 * nothing (a touch, an editor's save of an unchanged buffer) is no news.
 */
export interface ReadAtStart {
  /** What changed since the start and needs a restart, one sentence each; empty when nothing did. */
  notes(): string[];
  close(): void;
}

export interface StartFile {
  /** The file's path. */
  file: string;
  /** How the user names it (the path from the project's root), in the note. */
  name: string;
  /** What stays as it was until a restart, e.g. "calls still use the settings it had then". */
  stays: string;
}

/** How often the files are looked at with no dev-phone page asking. */
const SWEEP_MS = 1_000;

export function readAtStart(files: StartFile[], report: (message: string) => void): ReadAtStart {
  const watched = files.map((start) => ({ ...start, read: fileText(start.file), stamp: fileStamp(start.file), note: undefined as string | undefined }));

  function check(): void {
    for (const one of watched) {
      const stamp = fileStamp(one.file);
      if (stamp === one.stamp) continue;
      one.stamp = stamp;
      const note = fileText(one.file) === one.read ? undefined : noteOf(one);
      if (note !== undefined && note !== one.note) report(note);
      one.note = note;
    }
  }

  const sweep = setInterval(check, SWEEP_MS);
  sweep.unref();
  return {
    notes: () => {
      check();
      return watched.flatMap((one) => (one.note === undefined ? [] : [one.note]));
    },
    close: () => clearInterval(sweep),
  };
}

function noteOf(start: StartFile): string {
  return `${start.name} changed after npm start read it: ${start.stays}. Restart npm start (Ctrl-C, then npm start) to use it.`;
}
