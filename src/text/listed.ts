// Several things named in one sentence of a message: "a", "a and b", "a, b and c"
// (or "or" for a choice). Plain English lists, without the serial comma, as the
// commands write them; Intl.ListFormat would cost a cold start its ICU set-up.

/** `items` joined as an English sentence lists them, the last after `last`; "" for none. */
export function listed(items: readonly string[], last: 'and' | 'or' = 'and'): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1) as string}`;
}
