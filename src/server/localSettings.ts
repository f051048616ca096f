import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { syntaxProblem } from '../flow/jsonSyntax';

/**
 * Reads local.settings.json's "Values" into the environment, as `func start`
 * does, so both local hosts see the same settings. Real environment variables win.
 */
export function applyLocalSettings(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = localSettingsFile(root);
  if (!existsSync(file)) return undefined;
  // Notepad and Windows PowerShell 5.1 save UTF-8 with a byte order mark, which JSON.parse refuses; the
  // Azure Functions tools read such a file (github.com/microsoft/vscode-azurefunctions/pull/1689), so we do too.
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  let parsed: { Values?: Record<string, unknown> };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch (err) {
    // Named, with the place and the fix, as a flow file's slip is: `ivr provision --line` writes this file, and people edit it by hand.
    const problem = syntaxProblem(text, err as Error, 'the closing } of the settings (a } too many, or something pasted after them)');
    // The file is not committed (git restore cannot bring it back): local.settings.example.json shows what goes in it.
    const fix = text.trim() === '' ? 'put its content back, or delete the file' : `${problem.fix}; or delete the file`;
    throw new Error(`${file} ${problem.message}\n  fix: ${fix} (local.settings.example.json shows what goes in it), then run again`);
  }
  for (const [key, value] of Object.entries(parsed.Values ?? {})) {
    if (env[key] === undefined && typeof value === 'string' && value !== '') env[key] = value;
  }
  return file;
}

/** Where the project's local.settings.json is, whether or not it exists yet. */
export function localSettingsFile(root: string): string {
  return path.join(root, 'local.settings.json');
}
