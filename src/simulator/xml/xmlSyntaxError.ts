// A document that is not well-formed XML, and where: the parser throws it at
// the first fault and reports it as "<detail> at line L, column C".

export class XmlSyntaxError extends Error {
  constructor(
    readonly detail: string,
    /** Offset in the source (UTF-16 code units) where the fault is; none when the fault is the whole document's. */
    readonly index?: number,
  ) {
    super(detail);
  }
}

/** "line 3, column 12" for an offset; only computed for a failure, so it may be slow. */
export function lineAndColumn(source: string, index: number): string {
  const lines = source.slice(0, index).split(/\r\n?|\n/);
  return `line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`;
}
