import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../config/projectRoot';

// The page is plain HTML, CSS and JavaScript under src/devphone/page, read
// from disk on each request: no bundler, nothing to build, and an edit to the
// page shows on reload. tsc does not copy them to dist/, so they are found
// from the project root whether the server runs from src/ or dist/.

const PAGE_DIR = path.join(projectRoot(), 'src', 'devphone', 'page');

const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

export async function pageAsset(name: string): Promise<Response> {
  const type = TYPES[name];
  if (!type) return new Response('Not found', { status: 404 });
  const body = await readFile(path.join(PAGE_DIR, name));
  return new Response(body, { headers: { 'content-type': type, 'cache-control': 'no-cache' } });
}
