import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads local.settings.json's "Values" into the environment, as `func start`
 * does, so both local hosts see the same settings. Real environment variables win.
 */
export function applyLocalSettings(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = path.join(root, 'local.settings.json');
  if (!existsSync(file)) return undefined;
  let parsed: { Values?: Record<string, unknown> };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch (err) {
    // Named, with the fix: `ivr provision --line` writes this file, and people edit it by hand.
    throw new Error(`${file} is not valid JSON (${(err as Error).message}); fix it (or delete it: local.settings.example.json shows what goes in it), then run again`);
  }
  for (const [key, value] of Object.entries(parsed.Values ?? {})) {
    if (env[key] === undefined && typeof value === 'string' && value !== '') env[key] = value;
  }
  return file;
}
