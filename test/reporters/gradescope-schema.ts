// Validating results.json against the JSON Schema written from Gradescope's autograder specification.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validate = ajv.compile(JSON.parse(readFileSync(path.resolve('test/reporters/schemas/gradescope-results.schema.json'), 'utf8')) as object);

/** The schema errors of `value` ("/tests/0/status must be equal to one of the allowed values"), none when valid. */
export function gradescopeErrors(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
