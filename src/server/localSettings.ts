import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads local.settings.json's "Values" into the environment, as `func start`
 * does, so both local hosts see the same settings. Real environment variables win.
 */
export function applyLocalSettings(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = path.join(root, 'local.settings.json');
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { Values?: Record<string, unknown> };
  for (const [key, value] of Object.entries(parsed.Values ?? {})) {
    if (env[key] === undefined && typeof value === 'string' && value !== '') env[key] = value;
  }
  return file;
}
