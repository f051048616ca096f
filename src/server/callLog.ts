import type { Logger } from '../app/logger';
import { isCallLine } from '../webhook/callRecords';

// The local host's own ivr.call lines, kept as the logger writes them (masked
// like the console's), so the dev phone can draw a report of the calls made on
// this host. Bounded: past MAX_LINES the oldest are dropped, so a host left
// running for days keeps flat memory; how many were is counted, for the report
// to say it covers the latest calls only.

export const MAX_LINES = 10_000;

export interface CallLog {
  /** The logger to give the app: passes everything on, and keeps the ivr.call lines. */
  logger: Logger;
  /** The kept lines, oldest first. */
  lines(): readonly string[];
  /** How many older lines were dropped to keep MAX_LINES. */
  dropped(): number;
}

export function callLog(logger: Logger): CallLog {
  const kept: string[] = [];
  let dropped = 0;
  return {
    logger: {
      info(message) {
        if (isCallLine(message)) {
          kept.push(message);
          if (kept.length > MAX_LINES) {
            kept.shift();
            dropped++;
          }
        }
        logger.info(message);
      },
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
    lines: () => kept,
    dropped: () => dropped,
  };
}
