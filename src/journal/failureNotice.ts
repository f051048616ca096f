import type { Logger } from '../webhook/voiceWebhook';

/**
 * Reports a failing dependency once, not once per call: the first failure
 * gets a warning, later ones are counted in silence, and the first success
 * after them says how many there were. Storage that is down for an hour
 * would otherwise write a line per answer and drown the call records.
 */
export class FailureNotice {
  private failures = 0;

  constructor(
    private readonly logger: Logger,
    /** What fails and what that costs, e.g. "call journal (Azure Table Storage): ivr.call lines lack paths". */
    private readonly subject: string,
  ) {}

  failed(what: string, err: unknown): void {
    if (this.failures++ === 0) this.logger.warn(`${this.subject}: ${what} failed (${describe(err)}); further failures are counted, not logged, until it works again`);
  }

  succeeded(): void {
    if (this.failures === 0) return;
    this.logger.info(`${this.subject}: works again after ${this.failures} failure${this.failures === 1 ? '' : 's'}`);
    this.failures = 0;
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const status = (err as { statusCode?: number }).statusCode;
  // The SDK's messages can be whole JSON error bodies; the first line is enough.
  const message = err.message.split('\n')[0]!.slice(0, 300);
  return status !== undefined ? `${status} ${message}` : `${err.name}: ${message}`;
}
