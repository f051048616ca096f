// Plays the Azure Functions Node.js worker for a staged deployment package, as
// far as loading and invoking go. Run it with the package folder as the
// working directory, as Azure runs the worker in /home/site/wwwroot. Like the
// worker it provides the `@azure/functions-core` module (through which the
// @azure/functions package registers each app.http function), loads every
// file that package.json's `main` names (the v4 model's entry points, a glob
// allowed), then routes the requests read as JSON from stdin to the registered
// HTTP functions (host.json's route prefix, the function's route and
// methods), and writes the registrations, the responses and the modules loaded as JSON to the
// file named by its argument (stdout is the app's log, as on Azure).
// Only node's own modules are used here: everything else must come from the
// package's own node_modules.
'use strict';
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const root = process.cwd();
const registered = [];
const coreApi = {
  registerFunction(metadata, handler) {
    registered.push({ metadata, handler });
    return { dispose() {} };
  },
  setProgrammingModel() {},
  registerHook() {
    return { dispose() {} };
  },
};
const CORE = '@azure/functions-core';
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === CORE ? CORE : resolveFilename.call(this, request, ...rest);
};
require.cache[CORE] = { id: CORE, filename: CORE, loaded: true, exports: coreApi };

/** The files `main` names: a path, or a glob in its last part (as in "dist/functions/*.js"). */
function entryPoints(main) {
  const dir = path.join(root, path.dirname(main));
  const name = path.basename(main);
  if (!name.includes('*')) return [path.join(root, main)];
  const pattern = new RegExp(`^${name.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return fs.readdirSync(dir).filter((file) => pattern.test(file)).map((file) => path.join(dir, file));
}

function httpTrigger(metadata) {
  return Object.values(metadata.bindings).find((binding) => binding.type === 'httpTrigger');
}

async function main() {
  const requests = JSON.parse(fs.readFileSync(0, 'utf8'));
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const host = JSON.parse(fs.readFileSync(path.join(root, 'host.json'), 'utf8'));
  const prefix = host.extensions?.http?.routePrefix ?? 'api';
  const entries = entryPoints(pkg.main);
  if (entries.length === 0) throw new Error(`package.json's main (${pkg.main}) names no file`);
  for (const entry of entries) require(entry);
  // The package's own @azure/functions, as the worker hands the function its request.
  const { HttpRequest, InvocationContext } = Module.createRequire(path.join(root, 'package.json'))('@azure/functions');
  const responses = [];
  for (const request of requests) {
    const url = new URL(request.url);
    const found = registered.find(({ metadata }) => `/${prefix}/${httpTrigger(metadata).route}` === url.pathname);
    if (!found || !httpTrigger(found.metadata).methods.includes(request.method)) {
      responses.push({ status: 404 });
      continue;
    }
    const httpRequest = new HttpRequest({ method: request.method, url: request.url, headers: request.headers, body: { string: request.body } });
    const result = await found.handler(httpRequest, new InvocationContext({ functionName: found.metadata.name }));
    responses.push({ status: result.status ?? 200, headers: result.headers ?? {}, body: typeof result.body === 'string' ? result.body : '' });
  }
  const functions = registered.map(({ metadata }) => ({ name: metadata.name, route: httpTrigger(metadata).route, methods: httpTrigger(metadata).methods, authLevel: httpTrigger(metadata).authLevel }));
  // The modules loaded, so a test can tell whether a start checked the flow again (zod) or took the shipped check.
  const modules = Object.keys(require.cache).map((file) => path.relative(root, file));
  fs.writeFileSync(process.argv[2], JSON.stringify({ node: process.version, entries: entries.map((file) => path.relative(root, file)), functions, responses, modules }));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error && error.stack ? error.stack : error);
    process.exit(1);
  },
);
