// Where two changed routes' words part, as a sentence each side hears: a
// route named by node ids ("consumer-written > consumer-written-hours > …")
// tells the person approving a change nothing of what callers hear, and the
// first sentence said differently does. Sentences are cut by Intl.Segmenter,
// as the call's language splits them, so a number's dot or "Klarna Bank AB."
// does not end one early in one language and late in the other.

/** What each side hears from where the two steps' words part; `same`: how many sentences both said first. */
export interface WordsPart {
  before?: string;
  after?: string;
  same: number;
}

/** A sentence is shown this far: enough to tell which message it is, on one line of a terminal report. */
const SHOWN = 100;

/** The first sentence each side says differently, or undefined when both say the same words (only the nodes differ). */
export function wordsPart(before: string[], after: string[], language: string | undefined): WordsPart | undefined {
  const [a, b] = [sentencesOf(before, language), sentencesOf(after, language)];
  let same = 0;
  while (same < a.length && same < b.length && a[same] === b[same]) same++;
  if (same === a.length && same === b.length) return undefined;
  const [first, second] = [a[same], b[same]];
  return { ...(first === undefined ? {} : { before: shortened(first) }), ...(second === undefined ? {} : { after: shortened(second) }), same };
}

/** Each sentence of `said`, in order, as Intl.Segmenter cuts them in `language`. */
export function sentencesOf(said: readonly string[], language: string | undefined): string[] {
  const segmenter = segmenterFor(language);
  return said.flatMap((text) => [...segmenter.segment(text)].map(({ segment }) => segment.trim()).filter((sentence) => sentence !== ''));
}

/** One segmenter per language, made once: a diff cuts the words of every changed route, and each asked for a new one. */
const SEGMENTERS = new Map<string | undefined, Intl.Segmenter>();

function segmenterFor(language: string | undefined): Intl.Segmenter {
  let segmenter = SEGMENTERS.get(language);
  if (!segmenter) SEGMENTERS.set(language, (segmenter = new Intl.Segmenter(language, { granularity: 'sentence' })));
  return segmenter;
}

/** Cut at the last word that fits, with an ellipsis: the sentence is heard whole with the `hear` command below it. */
function shortened(sentence: string): string {
  if (sentence.length <= SHOWN) return sentence;
  const cut = sentence.slice(0, SHOWN - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > SHOWN / 2 ? cut.slice(0, space) : cut}…`;
}
