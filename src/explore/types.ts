// The vocabulary of `ivr explore`: what the explorer tries, where a call can
// wait for the outside world, how calls end, and the report. Plain data, so
// `--json` prints the report unchanged.

import type { DialStatus, Outcome } from '../simulator';

/** One thing the outside world does when the call waits: a key (or "-" for silence) at a <Gather>, or how a <Dial> ends. */
export type Choice = { press: string } | { dial: DialStatus };

/** A TwiML document as the app answered it: where it was fetched, what it said, when in the call. */
export interface RecordedDocument {
  url: string;
  body: string;
  /** Virtual seconds from the call's start to this document's arrival. */
  at: number;
}

/** A place where the call waits: the caller at a <Gather>, or the far end of a <Dial>. */
export interface Situation {
  /** Unique within one walk: the action URL carries the whole call state, so it names the situation. */
  id: string;
  kind: 'gather' | 'dial';
  /** The shortest way found from the call's start to here. */
  path: Choice[];
  /** Decoded from the action URL when it is ours: the flow node and the caller's language. */
  node?: string;
  language?: string;
  /** What the gather's prompt says, in order (gather only). */
  says: string[];
  /** Keys the caller is told to press (gather only): by the prompt, or by what was said before it in the same answer (a retry message). */
  offered: string[];
  /** Everything said in the answer that asked, up to and including the prompt (gather only). */
  heard: string[];
  /** The number dialled (dial only). */
  to?: string;
  /** The document that asked: branching resumes the call from it. */
  document: RecordedDocument;
  /** The last flow node entered on the way here. */
  lastNode?: string;
  /** The nodes entered by the answer that first led here (for an SMS offer: the message before it). */
  arrivedThrough?: string[];
}

/** How a call ended on its own (not because the explorer stopped it to branch). */
export interface Ending {
  outcome: Outcome;
  /** The last flow node the call entered. */
  node?: string;
  /** The nodes entered by the last answer, which ended the call: e.g. closed, chat-link-sms, goodbye (an answer to an SMS offer counts from the answer that led to the offer). */
  route: string[];
  /** The last sentence the caller heard. */
  lastSaid?: string;
  /** Whether the final TwiML document said anything before the call ended. */
  spokeAtEnd: boolean;
}

/** What one choice in one situation led to. */
export interface Step {
  /** The situation id, or START for the call's first webhook. */
  from: string;
  choice: Choice | undefined;
  /** The next situation, or undefined when the call ended. */
  to: string | undefined;
  ending?: Ending;
  /** Inputs the engine matched to no option while this step ran. */
  noMatch: string[];
  /** Nodes entered while this step ran. */
  entered: string[];
  /** What the caller heard while this step ran, in order. */
  said: string[];
  /** What the app logged as errors while this step ran (a healthy step logs none). */
  errors: string[];
  /** Virtual seconds from the call's start to the end of this step. */
  seconds: number;
}

export const START = '(start)';

/** Everything found calling one line at one instant. */
export interface LineWalk {
  instant: Instant;
  line: string;
  /** The number dialled to reach the line. */
  to: string;
  situations: Map<string, Situation>;
  steps: Step[];
  /** Simulated calls and webhook requests it took. */
  calls: number;
  requests: number;
}

export interface Instant {
  /** What the instant stands for: "open", "closed", "weekend", "holiday (…)", "--at". */
  label: string;
  /** ISO-8601 as `ivr call --at` takes it: wall-clock time in the flow's zone, without offset. */
  at: string;
}

type DefectKind = 'no-goodbye' | 'no-way-out' | 'dead-key' | 'unreached-node' | 'app-error' | 'unchecked-transfer';

export interface Defect {
  kind: DefectKind;
  /** The flow node concerned, when known. */
  node?: string;
  key?: string;
  message: string;
  /** The first call found to show it (absent for a node no call reaches). */
  example?: PathExample;
  /** How many of the walks (one line at one instant) show it. */
  occurrences: number;
}

/** One concrete call: enough to replay it with `ivr call`. */
export interface PathExample {
  instant: Instant;
  line: string;
  to: string;
  /** Every choice in order, as words: "2", "silence", "dial busy". */
  choices: string[];
  /** The same as `ivr call` takes them: keys ("-" for silence), and how the dials end. */
  press: string[];
  dialStatuses: DialStatus[];
  /** An `ivr call` command line that replays it. */
  reproduce: string;
}

export interface EndingSummary {
  /** Where the call ended: the flow node, and what happened there. */
  node?: string;
  /** The nodes the last answer went through. */
  route: string[];
  outcome: Outcome['kind'];
  /** The number connected, for an answered dial to a number set (not a placeholder unset here). */
  connectedTo?: string;
  /** For an answered dial to a placeholder (the line's own number): its operators' settings, unset here, instead of that number. */
  unsetSettings?: string[];
  description: string;
  /** Paths that end this way, over every instant and line. */
  paths: number;
}

export interface ExploreReport {
  flow: string;
  file?: string;
  instants: Instant[];
  lines: string[];
  walks: { instant: Instant; line: string; situations: number; paths: number; calls: number; requests: number }[];
  /** Distinct ways from a call's start to its end that pass no situation twice, over every walk; keys that lead to the same place count once. */
  paths: number;
  /** False when a walk was too tangled to count every path: `paths` is then a lower bound. */
  pathsComplete: boolean;
  calls: number;
  requests: number;
  endings: EndingSummary[];
  longest?: PathExample & { decisions: number; seconds: number; reached: string };
  defects: Defect[];
  elapsedMs: number;
}
