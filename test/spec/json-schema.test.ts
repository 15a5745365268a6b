import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { assignmentJsonSchema, fixturesJsonSchema } from '../../harness/spec/json-schema.js';

describe('the JSON Schema for editors', () => {
  it('is committed up to date with the zod schema (regenerate: npm run schema)', () => {
    expect(readFileSync('schema/assignment.schema.json', 'utf8')).toBe(assignmentJsonSchema());
    expect(readFileSync('schema/fixtures.schema.json', 'utf8')).toBe(fixturesJsonSchema());
  });

  it('lists the transports and requires the format version', () => {
    const schema = JSON.parse(assignmentJsonSchema());
    expect(schema.properties.transport.enum).toEqual(['udp', 'tcp']);
    expect(schema.required).toEqual(expect.arrayContaining(['schema', 'id', 'title', 'transport', 'port', 'transform', 'fixtures']));
  });
});
