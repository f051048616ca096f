import { FlowError, lineAndColumn } from './problem';

// A flow file's bytes as text. Node's usual 'utf8' decoding turns any byte
// that is not UTF-8 (an "è" saved as Latin-1, say) into "�", which callers
// would then hear; here such a file is refused, naming the byte. A byte order
// mark is kept, so that the JSON reader can name it too (flowJson.ts).

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The UTF-8 text of a flow file's bytes; throws FlowError naming the first byte that is not UTF-8. */
export function decodeFlowText(bytes: Uint8Array, file: string): string {
  const utf16 = utf16Kind(bytes);
  if (utf16) {
    throw new FlowError(file, [
      {
        path: '(file)',
        message: `is UTF-16 text (${utf16}), not UTF-8: as Windows Notepad saves "Unicode" and Windows PowerShell's > writes`,
        fix: 'save the file with the encoding "UTF-8" (in VS Code: click "UTF-16" in the status bar, "Save with Encoding", "UTF-8")',
      },
    ]);
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const { offset, text } = firstInvalidByte(bytes);
    const byte = `0x${(bytes[offset] as number).toString(16).toUpperCase().padStart(2, '0')}`;
    throw new FlowError(file, [
      {
        path: '(file)',
        message: `is not UTF-8 text: byte ${byte} at byte offset ${offset} (${lineAndColumn(text, text.length)}) is not part of any UTF-8 character; callers would hear "�" there`,
        fix: 'save the file with the encoding "UTF-8" (it was most likely saved as Latin-1 or Windows-1252, where an accented letter such as "è" is a single byte)',
      },
    ]);
  }
}

/**
 * Which UTF-16 the bytes are in, if they are: a UTF-16 byte order mark, or the zero byte that every letter of
 * the Latin alphabet has beside it there (a flow starts with "{" and a line break or a space). Read as UTF-8,
 * FF FE would be named as a Latin-1 slip, and a file without the mark would be all NULs between its letters.
 */
function utf16Kind(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe) return 'little-endian, its first bytes FF FE';
  if (a === 0xfe && b === 0xff) return 'big-endian, its first bytes FE FF';
  if (bytes.length >= 4 && a !== 0 && b === 0 && c !== 0 && d === 0) return 'little-endian, a zero byte after each letter';
  if (bytes.length >= 4 && a === 0 && b !== 0 && c === 0 && d !== 0) return 'big-endian, a zero byte before each letter';
  return undefined;
}

/** Where the first sequence that is not UTF-8 starts, and the text before it. */
function firstInvalidByte(bytes: Uint8Array): { offset: number; text: string } {
  // The lenient decoder puts one U+FFFD where each bad sequence was; the first
  // U+FFFD that the file does not itself spell as EF BF BD is the place.
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  let offset = 0;
  let index = 0;
  for (const char of lenient) {
    if (char === '\uFFFD' && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) break;
    offset += Buffer.byteLength(char, 'utf8');
    index += char.length;
  }
  return { offset, text: lenient.slice(0, index) };
}
