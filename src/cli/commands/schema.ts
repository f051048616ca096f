import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { flowJsonSchema } from '../../flow/jsonSchema';
import { projectRoot } from '../../config/projectRoot';

export const SCHEMA_FILE = path.join(projectRoot(), 'flows', 'flow.schema.json');

/** `ivr schema`: regenerates flows/flow.schema.json after a change to the zod schema. */
export async function schemaCommand(): Promise<number> {
  writeFileSync(SCHEMA_FILE, flowJsonSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
  return 0;
}
