// `npm install` and `npm ci` run this (package.json "prepare"): links the
// `ivr` command and builds what changed (buildIfChanged.mjs).
//
// A flow that fails its check does not fail the install: the packages and
// `npx ivr` are in place, and the flow is an edit in progress, not a broken
// install, so npm install prints the flow's error (file, JSON path, fix) and
// finishes. What it did not finish stays unnoted (dist/.build-inputs), so
// `npm start`, `npm run build`, `npm test` and `npm run package` check the
// flows again and refuse them the same way. Code that does not compile still
// fails the install: `npx ivr` would run an older build, or none.
import { buildIfChanged, codeIsBuilt } from './buildIfChanged.mjs';

const status = buildIfChanged();
if (status !== 0 && codeIsBuilt()) {
  console.error('\nnpm install: done, but a flow above fails its check, so the build is not finished. Fix the flow (`npx ivr lint` shows what is wrong again); `npm start` or `npm run build` then finishes the build.');
  process.exitCode = 0;
} else {
  process.exitCode = status;
}
