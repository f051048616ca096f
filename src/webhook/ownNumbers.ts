import type { Flow } from '../flow/schema';
import type { Settings } from '../config/settings';

/**
 * Whether a number rings this app, for a call that came in on `called`: the
 * engine never <Dial>s one (StepContext.ringsThisApp). Answered from the
 * settings and the flow as they are, with nothing kept per call. The flow's operator
 * destinations start as placeholders holding the public line's own number;
 * an app deployed on that line with the setting unset would transfer the
 * caller to the number they called, Twilio would call this app again, the
 * menu would answer, and each request for an operator would add a billed leg.
 *
 * - the number called (Twilio's To/Called, always E.164);
 * - every number IVR_LINE_NUMBERS maps to a line: set to say it rings this app;
 * - the flow's line numbers, when the call came in on one of them: the app
 *   then serves the real lines (a call can cross from one line's menu to the
 *   other's, so a transfer to the other line would ring this app as well).
 *
 * A call on a Twilio test number is none of that for the public lines: a
 * transfer from it to the real Klarna line is a legitimate demo and goes on.
 */
export function ringsThisAppOf(flow: Flow, settings: Settings): (number: string, called: string | null) => boolean {
  const mapped = settings.lineNumbers;
  const lineNumbers = new Set(Object.values(flow.lines).map((line) => line.number));
  return (number, called) => number === called || mapped.has(number) || (called !== null && lineNumbers.has(called) && lineNumbers.has(number));
}

/** The error a refused transfer logs: the destination, its number, the setting that fixes it. */
export function refusedDialMessage(flow: Flow, event: { node: string; destination: string; number: string }, called: string | null): string {
  const setting = flow.destinations[event.destination]?.setting;
  const why = event.number === called ? 'the number this call came in on' : 'a number that rings this app (a line of the flow, or IVR_LINE_NUMBERS)';
  const fix = setting ? `set the app setting ${setting} to the operators' real number` : `give destination "${event.destination}" the operators' real number in the flow`;
  return (
    `refused to transfer at node "${event.node}" to ${event.destination} (${event.number}): it is ${why}, so Twilio would call this app again ` +
    `(a loop of billed calls that reaches no operator); the caller heard the transfer's failure path instead. To fix it, ${fix}.`
  );
}
