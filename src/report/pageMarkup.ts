// Markup the report page's parts share: text escaped for HTML, and a table in
// a box of its own that scrolls sideways, so a table wider than a phone (320
// CSS px) scrolls in its box rather than the whole page (WCAG 1.4.10).

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * `table` in a box that scrolls sideways when the window is narrower than it. The box takes the keyboard's
 * focus (tabindex), as a box that scrolls must for a keyboard to scroll it, and so is a region named `label`
 * (plain text) for a screen reader to say what it is on reaching it.
 */
export function scrollBox(label: string, table: string): string {
  return `<div class="scroll" tabindex="0" role="region" aria-label="${esc(label)}, scrollable">${table}</div>`;
}
