// The JSON Schema of assignment files, derived from the zod schema, for editors (yaml-language-server).
import { z } from 'zod';
import { assignmentSchema } from './schema.js';

/** The JSON Schema text committed as schema/assignment.schema.json. */
export function assignmentJsonSchema(): string {
  const schema = z.toJSONSchema(assignmentSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, $id: 'https://sockgrade.dev/schema/assignment.schema.json', title: 'sockgrade assignment' }, null, 2)}\n`;
}
