import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectDir } from './runIvr';

/**
 * `ivr diagram` run as a user runs it, from the built CLI in the project folder, with `args` after it. The
 * environment is the test's without the app's settings (TWILIO_*, IVR_*, DEST_*, PUBLIC_BASE_URL), so a setting
 * left in the shell (IVR_FLOW_FILE, say) cannot change which flow is drawn.
 */
export function ivrDiagram(args: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TWILIO_|IVR_|DEST_|PUBLIC_BASE_URL)/.test(k)));
  return spawnSync(process.execPath, [path.join(projectDir, 'dist/src/cli/main.js'), 'diagram', ...args], { env, cwd: projectDir, encoding: 'utf8' });
}
