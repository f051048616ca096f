import type { Logger } from '../app/logger';
import { counted } from '../text/counted';

/** While requests keep being refused, how often a line counts them and shows the latest refusal whole. */
const REFUSAL_SUMMARY_MS = 10 * 60 * 1000;

/**
 * What the log says of signatures, for one app (its routes share it):
 *
 * - Refusals, as the call journal's failures: the first in full, then counted, not logged, until 10 minutes
 *   pass without one; a count with the latest refusal in full every 10 minutes while they go on, one line at the
 *   first request accepted after each of those warnings, and, once a run has ended, the count it left unsaid.
 *   A token that no longer matches refuses every request of every call (voice, continue, status): one warning
 *   each was two or three per call for the whole outage. Refusals among accepted requests (one number pointed
 *   at another host, a scanner) are one run too: an accepted request does not end it, or each refusal came in
 *   full with a line for the next acceptance.
 * - The token a request was accepted with, during a rotation (TWILIO_AUTH_TOKEN_SECONDARY set): one line
 *   the first time the secondary makes a signature (Twilio signs with it now: step 4 of SECURITY.md's
 *   rotation is next), and one at each switch between the tokens after that (numbers or accounts that sign
 *   differently: then both stay). The tokens are named by setting, never shown.
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

export function signatureLogOf(logger: Logger): SignatureLog {
  let log = logs.get(logger);
  if (!log) logs.set(logger, (log = signatureLog(logger)));
  return log;
}

function signatureLog(logger: Logger): SignatureLog {
  /** When the last refusal came; a refusal 10 minutes after it starts a new run, told in full. */
  let lastRefusalAt: number | undefined;
  /** Refused since the last warning, and since the run's first. */
  let unlogged = 0;
  let refusedInAll = 0;
  let lastLineAt = 0;
  /** Whether a request was accepted since the last warning (said once per warning). */
  let acceptedSinceLine = true;
  let lastToken: 'primary' | 'secondary' | undefined;
  let bySecondary = 0;
  let byPrimary = 0;
  /** Whether a request made with the secondary token was said before: only the first is "for the first time". */
  let secondarySeen = false;
  /** A run that ended (10 minutes without a refusal) with refusals not yet said: their count, once. */
  function closeEndedRun(at: number): void {
    if (lastRefusalAt === undefined || at - lastRefusalAt < REFUSAL_SUMMARY_MS || unlogged === 0) return;
    logger.warn(`${counted(unlogged, 'more request')} refused for their signature after the last warning (${counted(refusedInAll, 'request')} in all), none in the ${REFUSAL_SUMMARY_MS / 60_000} minutes since the latest`);
    unlogged = 0;
  }
  return {
    accepted(token) {
      closeEndedRun(Date.now());
      if (!acceptedSinceLine) {
        logger.info(
          `X-Twilio-Signature matches again: this request is accepted, after ${counted(refusedInAll, 'request')} refused for their signature since the first warning ` +
            `(should refusals go on, some requests are signed for another URL or token, such as a number pointed at another address: a count follows every ${REFUSAL_SUMMARY_MS / 60_000} minutes)`,
        );
        acceptedSinceLine = true;
      }
      if (token === 'secondary') bySecondary++;
      else byPrimary++;
      if (token === 'secondary' && lastToken !== 'secondary') {
        // Requests from two numbers or accounts signed with different tokens switch back and forth: each switch is said, the first as such.
        logger.info(
          secondarySeen
            ? `X-Twilio-Signature made with TWILIO_AUTH_TOKEN_SECONDARY, again, after ${counted(byPrimary, 'request')} made with TWILIO_AUTH_TOKEN: ` +
                'requests come signed with both tokens (numbers or accounts signing differently); keep both until only the secondary is seen.'
            : 'X-Twilio-Signature made with TWILIO_AUTH_TOKEN_SECONDARY, for the first time since start-up: Twilio signs with the secondary token now (promoted in the console). ' +
                'Next step of the rotation: set TWILIO_AUTH_TOKEN to the new token and clear TWILIO_AUTH_TOKEN_SECONDARY, unless a line "made with TWILIO_AUTH_TOKEN again" follows.',
        );
        secondarySeen = true;
        byPrimary = 0;
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
      const at = Date.now();
      closeEndedRun(at);
      const newRun = lastRefusalAt === undefined || at - lastRefusalAt >= REFUSAL_SUMMARY_MS;
      lastRefusalAt = at;
      if (newRun) {
        logger.warn(`${refusal}; further refusals are counted, not logged, until ${REFUSAL_SUMMARY_MS / 60_000} minutes pass without one (with a count every ${REFUSAL_SUMMARY_MS / 60_000} minutes while they go on)`);
        unlogged = 0;
        refusedInAll = 1;
        lastLineAt = at;
        acceptedSinceLine = false;
        return;
      }
      refusedInAll++;
      unlogged++;
      if (at - lastLineAt < REFUSAL_SUMMARY_MS) return;
      logger.warn(`${counted(unlogged, 'more request')} refused for their signature since the last warning (${counted(refusedInAll, 'request')} in all); the latest: ${refusal}`);
      unlogged = 0;
      lastLineAt = at;
      acceptedSinceLine = false;
    },
  };
}
