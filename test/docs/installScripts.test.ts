import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

// The README's first command is `npm install`. npm runs a package's install
// scripts only as package.json's "allowScripts" says, and warns about each
// package it does not name ("install scripts not yet covered by allowScripts
// ... Run `npm install-scripts approve <pkg>`"), leaving a newcomer to decide
// about a package they never heard of. Every package of the lock file with an
// install script is decided here once, with the reason in the commit.

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };

it('npm install warns about no install script: each one in the lock file is allowed or refused in package.json', () => {
  const withScripts = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));
  expect(withScripts.length).toBeGreaterThan(0);
  const undecided = withScripts.filter((name) => typeof manifest.allowScripts?.[name] !== 'boolean');
  expect(undecided, 'add them to "allowScripts" in package.json: true to run their install script, false not to').toEqual([]);
});
