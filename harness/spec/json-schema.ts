// The JSON Schemas of assignment files and private fixtures files, derived from the zod schema, for editors (yaml-language-server).
import { z } from 'zod';
import { assignmentSchema, privateFixturesSchema } from './schema.js';

/** The JSON Schema text committed as schema/assignment.schema.json. */
export function assignmentJsonSchema(): string {
  const schema = z.toJSONSchema(assignmentSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, $id: 'https://sockgrade.dev/schema/assignment.schema.json', title: 'sockgrade assignment' }, null, 2)}\n`;
}

/** The JSON Schema text committed as schema/fixtures.schema.json (private fixtures files, `--fixtures`). */
export function fixturesJsonSchema(): string {
  const schema = z.toJSONSchema(privateFixturesSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, $id: 'https://sockgrade.dev/schema/fixtures.schema.json', title: 'sockgrade private fixtures' }, null, 2)}\n`;
}
