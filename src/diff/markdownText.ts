// Text from a flow file (its words, names, ids) and from the command line (file
// paths, git revisions), shown as text in the Markdown report that a pull
// request's run summary or comment renders. GitHub reads that Markdown as
// GitHub Flavored Markdown (https://github.github.com/gfm/) and then links
// @mentions and #references: a contributor's prompt could otherwise show an
// image fetched from anywhere, a link whose words hide where it goes, a
// `</details>` that closes the report's block, notify people, or just lose its
// `*` to emphasis. So every such piece goes through here, and reads as written.
// The characters a terminal acts on rather than shows (terminalText's class:
// controls, bidi overrides and isolates, line separators) are no markup, but
// a bidi override shows the rest of a table cell reversed: they are named in
// place, as U+202E, so the reviewer sees the text holds them.
import { EACH_ACTED_ON } from '../text/terminalText';

/** Line breaks: a table row, a list item or a heading is one line of Markdown. */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;

/** GFM's ASCII punctuation that starts markup inline: any of it may be backslash-escaped (GFM "Backslash escapes"). */
const MARKUP = /[\\`*_~[\]!<>&|#$]/g;

/** GitHub links @name (and notifies) and #123 on the text it renders; a zero-width joiner after the sign breaks the link. */
const REFERENCE = /[@#]/g;

/** GitHub shows `:name:` (`:+1:`) as an emoji on the text it renders, after Markdown: a zero-width joiner after the first colon keeps it a name. */
const EMOJI_SHORTCODE = /:(?=[\w+-]+:)/g;

export function markdownText(text: string): string {
  return (
    text
      .replace(LINE_BREAK, ' ')
      .replace(EACH_ACTED_ON, (char) => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
      .replace(MARKUP, '\\$&')
      // Bare URLs become links (GFM "Autolinks (extension)"): "https\://" and "www\." no longer start one.
      .replace(/:(?=\/\/)/g, '\\:')
      .replace(/(www)\./gi, '$1\\.')
      .replace(REFERENCE, '$&\u200D')
      .replace(EMOJI_SHORTCODE, ':\u200D')
  );
}
