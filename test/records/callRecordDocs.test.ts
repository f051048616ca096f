// The ivr.call record has one description, the schema in
// src/records/callRecordSchema.ts; docs/call-records.md must name each of its
// fields and outcomes, so the page cannot fall behind a new field.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CALL_OUTCOMES, callRecordSchema } from '../../src/records/callRecordSchema';

const page = readFileSync(path.join(__dirname, '../../docs/call-records.md'), 'utf8');

it('docs/call-records.md names every field of the record and every outcome', () => {
  const fields = Object.keys(callRecordSchema.shape).filter((name) => name !== 'event');
  expect(fields.filter((name) => !page.includes(`\`${name}\``))).toEqual([]);
  expect(CALL_OUTCOMES.filter((outcome) => !page.includes(`\`${outcome}\``))).toEqual([]);
  expect(callRecordSchema.shape.sms.unwrap().options.filter((sms) => !page.includes(`\`${sms}\``))).toEqual([]);
});

it('the records shown in docs/call-records.md are what the schema describes', () => {
  const records = [...page.matchAll(/```json\n(\{"event":"ivr\.call".*\})\n```/g)].map((m) => JSON.parse(m[1] as string));
  expect(records.length).toBeGreaterThan(1);
  for (const record of records) expect(callRecordSchema.safeParse(record).error?.issues ?? []).toEqual([]);
});

it("docs/call-records.md's table of fields is the schema's: each field once, there always exactly when required, 'may be null' exactly when nullable", () => {
  const rows = [...page.matchAll(/^\| `(\w+)` \| ([^|]+) \| [^|]+ \|$/gm)].map((m) => ({ field: m[1] as string, there: (m[2] as string).trim() }));
  const shape = callRecordSchema.shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
  const fields = Object.keys(shape).filter((name) => name !== 'event');
  expect(rows.map((r) => r.field).sort()).toEqual([...fields].sort());
  for (const { field, there } of rows) {
    const schema = shape[field] as { safeParse(value: unknown): { success: boolean } };
    expect(there.startsWith('always'), `${field}: "${there}"`).toBe(!schema.safeParse(undefined).success);
    expect(there.includes('may be null'), `${field}: "${there}"`).toBe(schema.safeParse(null).success);
  }
});
