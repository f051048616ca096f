// `ivr explore`: walk every path callers can take through a flow and report
// the paths, how calls end, the longest path and every defect.

export { exploreFlow } from './exploreFlow';
export { formatReport } from './formatReport';
export { representativeInstants, instantAt, DEFAULT_WEEK } from './instants';
export type { ExploreReport } from './types';
