// `ivr explore`: walk every path callers can take through a flow and report
// the paths, how calls end, the longest path and every defect.

export { exploreFlow, type ExploreOptions } from './exploreFlow';
export { formatReport } from './formatReport';
export { representativeInstants, instantAt, DEFAULT_WEEK } from './instants';
export { offeredKeys } from '../flow/announcedKeys';
export type { Defect, DefectKind, EndingSummary, ExploreReport, Instant, PathExample } from './types';
