// A time of day as callers hear it, with the word before it: "alle 9",
// "dalle 14:30", "all'una", "a mezzogiorno"; "at 9 am", "from 2:30 pm",
// "to midnight" (British usage). Shared by "{reopens}" and "{hours}".

export type ItalianWord = 'alle' | 'dalle';
export type EnglishWord = 'at' | 'from' | 'to';

/** "alle 9", "alle 14:30", "all'una", "a mezzogiorno", "a mezzanotte"; with "dalle": "dalle 9", "dall'una", "da mezzogiorno". */
export function italianTime(hour: number, minute: number, word: ItalianWord): string {
  const from = word === 'dalle';
  // 24:00, a closing time the flow may give, is midnight too.
  if (minute === 0 && hour % 12 === 0) return `${from ? 'da' : 'a'} ${hour === 12 ? 'mezzogiorno' : 'mezzanotte'}`;
  const clock = minute ? `${hour}:${String(minute).padStart(2, '0')}` : String(hour);
  if (hour === 1) return `${from ? 'dall' : 'all'}'${minute ? clock : 'una'}`;
  return `${word} ${clock}`;
}

/** "at 9 am", "from 2:30 pm", "to midday", "at midnight". */
export function englishTime(hour: number, minute: number, word: EnglishWord): string {
  if (minute === 0 && hour % 12 === 0) return `${word} ${hour === 12 ? 'midday' : 'midnight'}`;
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return `${word} ${twelve}${minute ? `:${String(minute).padStart(2, '0')}` : ''} ${hour % 24 < 12 ? 'am' : 'pm'}`;
}

/** "09:30" as hour and minute. */
export function clockOf(hhmm: string): [number, number] {
  return [Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5))];
}
