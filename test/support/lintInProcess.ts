import { vi } from 'vitest';
import { lintCommand } from '../../src/cli/commands/lint';

/** `ivr lint FILE...` run in-process (no build, no child): its exit code and what it printed, stdout and stderr apart. */
export async function lintInProcess(...files: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((text: string) => void out.push(text));
  vi.spyOn(console, 'error').mockImplementation((text: string) => void err.push(text));
  try {
    return { code: await lintCommand(files), out: out.join('\n'), err: err.join('\n') };
  } finally {
    vi.restoreAllMocks();
  }
}
