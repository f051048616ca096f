// Markup the report page's parts share: a table in a box of its own that
// scrolls sideways, so a table wider than a phone (320 CSS px) scrolls in its
// box rather than the whole page (WCAG 1.4.10).

import { markupText } from '../text/markupText';

/**
 * `table` in a box that scrolls sideways when the window is narrower than it. The box takes the keyboard's
 * focus (tabindex), as a box that scrolls must for a keyboard to scroll it, and so is a region named `label`
 * (plain text) for a screen reader to say what it is on reaching it.
 */
export function scrollBox(label: string, table: string): string {
  return `<div class="scroll" tabindex="0" role="region" aria-label="${markupText(label)}, scrollable">${table}</div>`;
}
