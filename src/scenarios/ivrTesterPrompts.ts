// ivr-tester's `whenPrompt` tests, with ivr-tester's own semantics (read in
// github.com/MakingChatbots/ivr-tester, formerly SketchingDev/ivr-tester,
// packages/ivr-tester/src/call-interactors/scenario-test/scenario-definition/when/
// and packages/cli/src/options/scenario/json/whenPrompt/):
// - contains: a substring, case-insensitive;
// - similarTo (JSON files): the CLI turns it into containsSimilarTo with the
//   default threshold 0.8, so "some run of words in the prompt is similar";
// - containsSimilarTo: some run of whole words (split on single spaces) whose
//   Dice coefficient over letter pairs, whitespace removed and case kept, is at
//   least `threshold` (default 0.8); the measure of npm string-similarity's
//   compareTwoStrings, which ivr-tester calls;
// - matches: a regular expression tested on the prompt (ivr-tester's API only);
// - and / or: every / any of the listed tests; isAnything: always.

/** A test on the prompt heard so far (the transcript since the last match). */
export type PromptTest = (transcript: string) => boolean;

export const isAnything = (): PromptTest => () => true;

export const contains = (text: string): PromptTest => (transcript) => transcript.toLowerCase().includes(text.toLowerCase());

export const matches = (pattern: RegExp): PromptTest => (transcript) => pattern.test(transcript);

export const containsSimilarTo = (text: string, threshold = 0.8): PromptTest => (transcript) => {
  const words = transcript.split(' ');
  for (let start = 0; start < words.length; start++) {
    for (let end = start + 1; end <= words.length; end++) {
      if (diceSimilarity(text, words.slice(start, end).join(' ')) >= threshold) return true;
    }
  }
  return false;
};

export const and = (...tests: PromptTest[]): PromptTest => (transcript) => tests.every((test) => test(transcript));

export const or = (...tests: PromptTest[]): PromptTest => (transcript) => tests.some((test) => test(transcript));

/**
 * Dice coefficient over the letter pairs of two strings with their whitespace
 * removed, case-sensitive: 1 for the same string, 0 when either has fewer than
 * two characters (the measure documented at npmjs.com/package/string-similarity).
 */
function diceSimilarity(a: string, b: string): number {
  const first = a.replace(/\s+/g, '');
  const second = b.replace(/\s+/g, '');
  if (first === second) return 1;
  if (first.length < 2 || second.length < 2) return 0;
  const pairs = new Map<string, number>();
  for (let i = 0; i < first.length - 1; i++) {
    const pair = first.slice(i, i + 2);
    pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < second.length - 1; i++) {
    const pair = second.slice(i, i + 2);
    const left = pairs.get(pair) ?? 0;
    if (left > 0) {
      pairs.set(pair, left - 1);
      shared++;
    }
  }
  return (2 * shared) / (first.length + second.length - 2);
}
