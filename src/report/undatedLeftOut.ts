// With --from/--to, a record that says no time its call began cannot be
// placed in the days asked for: it is left out, and said so, alike on the
// terminal and the page, apart from the records outside those days (it is not
// outside them: its day is not known). Without --from/--to it is counted, and
// only the hour and day charts leave it out.

import { counted } from '../text/counted';
import type { CallTally, ShowValue } from './callTally';
import { unreadTimeNote } from './unreadTimeNote';

/** "1 record has no time and is left out (it cannot be placed in the days asked for)", with why when the export gave a time not read. */
export function undatedLeftOut(t: Pick<CallTally, 'undatedLeftOut' | 'unreadTime'>, show: ShowValue): string {
  const n = t.undatedLeftOut;
  const unread = unreadTimeNote({ undated: n, unreadTime: t.unreadTime }, show);
  return `${counted(n, 'record has no time and is', 'records have no time and are')} left out (${n === 1 ? 'it cannot' : 'they cannot'} be placed in the days asked for)${unread ? `; ${unread}` : ''}`;
}
