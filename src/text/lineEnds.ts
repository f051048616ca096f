// Git gives committed text with LF (.gitattributes), and editors on Windows save the same text with CRLF:
// where the content is meant, not the bytes, the two are the same.

/** `text` with each CRLF as LF. */
export const withLf = (text: string): string => text.replaceAll('\r\n', '\n');
