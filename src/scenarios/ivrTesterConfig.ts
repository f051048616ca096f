import { readFileSync } from 'node:fs';

// ivr-tester's CLI reads a config.json beside its scenarios
// (packages/cli/src/options/config/json/validateJsonConfig.ts in
// MakingChatbots/ivr-tester): the port of its own server, a speech-to-text
// service, where to save recordings. An offline run needs none of them: the
// simulator hears the TwiML text itself and keeps no audio. So the file is
// read, each key is named with why it does not apply, and the run goes on.

const WHY: Record<string, string> = {
  localServerPort: 'the port of ivr-tester\'s own server for Twilio\'s media stream; the simulator needs no server',
  transcriber: 'the simulator hears the <Say> text itself, no speech-to-text',
  recording: 'no audio is recorded offline; `ivr call --json` prints the transcript',
};

/** One line per key of the config file, saying it is ignored and why. */
export function ivrTesterConfigNotes(file: string): string[] {
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return [`${file}: ivr-tester config ignored: it cannot be read (${(err as Error).message})`];
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return [`${file}: ivr-tester config ignored: not a JSON object`];
  return Object.keys(config).map((key) => {
    const name = key === 'transcriber' ? `transcriber (${String((config as { transcriber?: { name?: unknown } }).transcriber?.name)})` : key;
    return `${file}: ivr-tester config "${name}" ignored: ${WHY[key] ?? 'not a key ivr-tester\'s config has'}`;
  });
}
