// After hours and on a holiday count the calls told the line was closed, by the closed and holiday messages
// on their path. A call through nodes the flow does not have cannot be counted either way: said beside those
// counts, alike on the terminal and the page, so neither reader takes them for complete.

import { counted } from '../text/counted';
import type { CallTally } from './callTally';

/** "After hours and on a holiday leave out 2 calls through nodes …", or "" when every call could be counted. */
export function closedUnknown(t: Pick<CallTally, 'closedUnknown'>): string {
  if (t.closedUnknown === 0) return '';
  return `After hours and on a holiday leave out ${counted(t.closedUnknown, 'call')} through nodes this flow does not have: whether ${t.closedUnknown === 1 ? 'it was' : 'they were'} told the line was closed is unknown`;
}
