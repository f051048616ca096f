// Text put into HTML or SVG (XML) as text: between tags and in double-quoted
// attributes, where &, <, > and " would otherwise start markup or end the
// value. The report page and the menu's SVG map both write text so.

export function markupText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
