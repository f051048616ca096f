import type { Logger } from './voiceWebhook';
import { counted } from '../text/counted';

/** While requests keep being refused, how often a line counts them and shows the latest refusal whole. */
const REFUSAL_SUMMARY_MS = 10 * 60 * 1000;

/**
 * What the log says of signatures, for one app (its routes share it):
 *
 * - Refusals, as the call journal's failures: the first in full, then counted, not logged; a count with the
 *   latest refusal in full every 10 minutes while they go on, and one when a request is accepted again. A
 *   token that no longer matches refuses every request of every call (voice, continue, status): one warning
 *   each was two or three per call for the whole outage.
 * - The token a request was accepted with, during a rotation (TWILIO_AUTH_TOKEN_SECONDARY set): one line
 *   the first time the secondary makes a signature (Twilio signs with it now: step 4 of SECURITY.md's
 *   rotation is next), and one if the primary then does again. The tokens are named by setting, never shown.
 */
export interface SignatureLog {
  /** A request's signature was made with TWILIO_AUTH_TOKEN (primary) or TWILIO_AUTH_TOKEN_SECONDARY. */
  accepted(token: 'primary' | 'secondary'): void;
  /** A request was refused; `refusal` is its whole warning (signatureRefusal). */
  refused(refusal: string): void;
}

// One per logger, so per host: createApp wraps the logger it is given (one wrapper per logger, maskingLogger)
// and hands that one to every route (voice, continue, status, SMS status), each of which makes its own
// signed-form reader. The local host makes the app again on every flow save: the count goes on across them.
const logs = new WeakMap<Logger, SignatureLog>();

export function signatureLogOf(logger: Logger, now: () => number = () => Date.now()): SignatureLog {
  let log = logs.get(logger);
  if (!log) logs.set(logger, (log = signatureLog(logger, now)));
  return log;
}

function signatureLog(logger: Logger, now: () => number): SignatureLog {
  /** Refused since the last line that said so; undefined while requests are accepted. */
  let unlogged: number | undefined;
  let refusedInAll = 0;
  let lastLineAt = 0;
  let lastToken: 'primary' | 'secondary' | undefined;
  let bySecondary = 0;
  return {
    accepted(token) {
      if (unlogged !== undefined) {
        logger.info(`X-Twilio-Signature matches again: this request is accepted, after ${counted(refusedInAll, 'request')} refused for their signature since the first warning`);
        unlogged = undefined;
        refusedInAll = 0;
      }
      if (token === 'secondary') bySecondary++;
      if (token === 'secondary' && lastToken !== 'secondary') {
        logger.info(
          'X-Twilio-Signature made with TWILIO_AUTH_TOKEN_SECONDARY, for the first time since start-up: Twilio signs with the secondary token now (promoted in the console). ' +
            'Next step of the rotation: set TWILIO_AUTH_TOKEN to the new token and clear TWILIO_AUTH_TOKEN_SECONDARY, unless a line "made with TWILIO_AUTH_TOKEN again" follows.',
        );
      } else if (token === 'primary' && lastToken === 'secondary') {
        logger.info(
          `X-Twilio-Signature made with TWILIO_AUTH_TOKEN again, after ${counted(bySecondary, 'request')} made with TWILIO_AUTH_TOKEN_SECONDARY: ` +
            'Twilio still signs with the primary token (not promoted yet, or another number or account); keep both until only the secondary is seen.',
        );
        bySecondary = 0;
      }
      lastToken = token;
    },
    refused(refusal) {
      refusedInAll++;
      if (unlogged === undefined) {
        logger.warn(`${refusal}; further refusals are counted, not logged, until a request is accepted again (with a count every ${REFUSAL_SUMMARY_MS / 60_000} minutes)`);
        unlogged = 0;
        lastLineAt = now();
        return;
      }
      unlogged++;
      if (now() - lastLineAt < REFUSAL_SUMMARY_MS) return;
      logger.warn(`${counted(unlogged, 'more request')} refused for their signature since the last warning (${counted(refusedInAll, 'request')} in all); the latest: ${refusal}`);
      unlogged = 0;
      lastLineAt = now();
    },
  };
}
