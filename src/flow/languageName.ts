// Languages in English words for messages, from Node's own names (Intl.DisplayNames): made once, on first use.
let names: Intl.DisplayNames | undefined;

/** A language's English name for messages ("de" → "German"), or the code itself where Node has no name for it. */
export function languageName(code: string): string {
  return displayedLanguage(code) ?? code;
}

/** The English name of a language tag ("it", "en-GB"), or undefined when it is no well-formed tag. */
export function displayedLanguage(tag: string): string | undefined {
  try {
    names ??= new Intl.DisplayNames(['en'], { type: 'language' });
    return names.of(tag);
  } catch {
    return undefined;
  }
}
