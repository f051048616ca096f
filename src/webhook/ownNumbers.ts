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
 *   other's, so a transfer to the other line would ring this app as well);
 * - the flow's line numbers, when the number called is unknown (`called` is
 *   null: a Voice SDK `client:` or `sip:` caller through a TwiML App sends no
 *   To or Called that is a number). Nothing then says which number reached
 *   this app, and it may well serve those lines: refusing is the safe side,
 *   as a transfer to a line this app answers loops while a refused one only
 *   plays the failure path.
 *
 * A call on a Twilio test number is none of that for the public lines: a
 * transfer from it to the real Klarna line is a legitimate demo and goes on.
 */
export function ringsThisAppOf(flow: Flow, settings: Settings): (number: string, called: string | null) => boolean {
  const mapped = settings.lineNumbers;
  const lineNumbers = new Set(Object.values(flow.lines).map((line) => line.number));
  return (number, called) => number === called || mapped.has(number) || (lineNumbers.has(number) && (called === null || lineNumbers.has(called)));
}

/** The app setting that gives a refused transfer's destination its real number, if the flow names one: its log line's fix. */
export function refusedDialSetting(flow: Flow, destination: string): string | undefined {
  return flow.destinations[destination]?.setting;
}

/** The error a refused transfer logs: the destination, its number, the setting that fixes it. */
export function refusedDialMessage(flow: Flow, event: { node: string; destination: string; number: string }, called: string | null): string {
  const setting = refusedDialSetting(flow, event.destination);
  // With no number called, a line of the flow is refused because the app may serve it, not because it surely does.
  const unknownCalled = called === null && Object.values(flow.lines).some((line) => line.number === event.number);
  const why =
    event.number === called
      ? 'it is the number this call came in on, so Twilio would call this app again'
      : unknownCalled
        ? 'it is a line of the flow, and this call came in on no phone number (its To and Called are none, or a client or SIP address, as from a Voice SDK or SIP client), so Twilio may well call this app again'
        : 'it is a number that rings this app (a line of the flow, or IVR_LINE_NUMBERS), so Twilio would call this app again';
  const fix = setting ? `set the app setting ${setting} to the operators' real number` : `give destination "${event.destination}" the operators' real number in the flow`;
  return (
    `refused to transfer at node "${event.node}" to ${event.destination} (${event.number}): ${why} ` +
    `(a loop of billed calls that reaches no operator); the caller heard the transfer's failure path instead. To fix it, ${fix}.`
  );
}
