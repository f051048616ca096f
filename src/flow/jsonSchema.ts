import { flowSchema, zod } from './schema';

/** The editor's JSON Schema for flow files, generated from the zod schema so the two never disagree. */
export function flowJsonSchema(): string {
  const schema = zod().toJSONSchema(flowSchema().Flow, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'IVR flow definition' }, null, 2)}\n`;
}
