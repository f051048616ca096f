import type { Logger } from '../app/logger';
import { counted } from '../text/counted';
import { recentCallSids, type RecentCallSids } from './recentCallSids';

/**
 * Reports a failing dependency once, not once per call: the first failure
 * gets a warning, later ones are counted in silence, and the first time the
 * dependency does its whole job for a call again, one line says so and how
 * many calls it cost meanwhile. Storage that is down for an hour would
 * otherwise write a line per answer and drown the call records.
 *
 * "Works again" is said by the caller of succeeded(), only when a call got
 * what it needed (its record kept whole, its answers deleted): one storage
 * operation that worked proves nothing while another, with a shorter
 * deadline, still fails for every call. And the count is of calls, not of
 * operations: one call's several failed writes and its failed read cost it
 * one record.
 */
export class FailureNotice {
  private failing = false;
  private calls = 0;
  /** Calls counted in this failure, so each counts once; bounded as the memory journal keeps calls. */
  private counted: RecentCallSids;

  constructor(
    private readonly logger: Logger,
    /** What fails and what that costs, e.g. "call journal (Azure Table Storage): ivr.call lines lack paths". */
    private readonly subject: string,
    /** What became of a call the failure cost, as the recovery line says it: "2 calls" + " got …". */
    private readonly cost: (calls: number) => string,
    private readonly bounds: { calls: number; ageMs: number },
    private readonly now: () => number,
  ) {
    this.counted = recentCallSids(bounds, now);
  }

  /** `what` failed; `callSid` is the call it cost, when it cost one (making the table at start-up costs none yet). */
  failed(what: string, err: unknown, callSid?: string): void {
    if (callSid !== undefined && !this.counted.has(callSid)) {
      this.counted.add(callSid);
      this.calls++;
    }
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(`${this.subject}: ${what} failed (${describe(err)}); further failures are counted, not logged, until it works again for a whole call`);
  }

  /** It did its whole job for a call: the first time after a failure, say so and what the failure cost. */
  succeeded(): void {
    if (!this.failing) return;
    this.logger.info(`${this.subject}: works again; meanwhile ${counted(this.calls, 'call')} ${this.cost(this.calls)}`);
    this.failing = false;
    this.calls = 0;
    this.counted = recentCallSids(this.bounds, this.now);
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { statusCode: status, code, response } = err as { statusCode?: number; code?: unknown; response?: { headers?: { get?(name: string): string | undefined } } };
  if (status === undefined) return `${err.name}: ${firstLine(err.message)}`;
  // The SDK's message for a refusal can be storage's whole error body: its code and words are what the reader needs.
  const body = errorBody(err.message);
  // Storage also names the error in a header (x-ms-error-code, e.g. AuthenticationFailed for a rotated key).
  const named = body?.code ?? (typeof code === 'string' ? code : response?.headers?.get?.('x-ms-error-code'));
  const message = firstLine(body?.message ?? err.message);
  return named ? `${status} ${named}: ${message}` : `${status} ${message}`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]!.slice(0, 300);
}

/** Storage's error body, as JSON ({"odata.error": {code, message: {value}}}) or XML (<Code>, <Message>); undefined for other text. */
function errorBody(text: string): { code?: string; message?: string } | undefined {
  if (text.startsWith('<')) return { code: /<Code>([^<]*)/.exec(text)?.[1], message: /<Message>([^<]*)/.exec(text)?.[1] };
  if (!text.startsWith('{')) return undefined;
  try {
    const error = (JSON.parse(text) as { 'odata.error'?: { code?: unknown; message?: { value?: unknown } } })['odata.error'];
    return { code: typeof error?.code === 'string' ? error.code : undefined, message: typeof error?.message?.value === 'string' ? error.message.value : undefined };
  } catch {
    return undefined;
  }
}
