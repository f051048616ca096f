import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { flowJsonSchema } from '../../flow/jsonSchema';
import { projectRoot } from '../../config/projectRoot';
import { parseCommandLine, type CommandSpec } from '../commandLine';
import { refuseStaleBuild } from '../currentBuild';

export const SCHEMA_FILE = path.join(projectRoot(), 'flows', 'flow.schema.json');

const SCHEMA_COMMAND = {
  name: 'schema',
  usage: `Usage: ivr schema

Writes flows/flow.schema.json, the JSON Schema editors use to check and
complete flow files, from the zod schema in src/flow/schema.ts. After
changing that schema, run \`npm run build\` first (ivr runs the last build),
then this.

  -h, --help   print this and do nothing else

Exit codes:
  0  the file was written
  1  the sources changed since the last build: run \`npm run build\` first;
     nothing was written
  2  wrong usage (an option or argument it does not take); nothing was written`,
  options: {},
} satisfies CommandSpec;

/** `ivr schema`: regenerates flows/flow.schema.json after a change to the zod schema. */
export async function schemaCommand(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv, SCHEMA_COMMAND);
  if (typeof args === 'number') return args;
  if (await refuseStaleBuild('schema')) return 1;
  writeFileSync(SCHEMA_FILE, flowJsonSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
  return 0;
}
