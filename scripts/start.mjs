// `npm start`: builds what changed since the last build (nothing, usually: a
// few milliseconds of stat calls), then runs the local host in this same
// process, so an up-to-date start costs no second node. Its arguments
// (`npm start -- --port 7072`) are the server's: it reads them from process.argv.
import { createRequire } from 'node:module';
import { buildIfChanged } from './buildIfChanged.mjs';

const status = buildIfChanged();
if (status !== 0) process.exit(status);
createRequire(import.meta.url)('../dist/src/server/main.js');
