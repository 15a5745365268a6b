// Loading an assignment file: YAML parse, schema validation, and one message shape for every problem:
// `<file>:<line>: <field>: expected …, got …`.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { assignmentSchema, type Assignment } from './schema.js';
import { SpecError } from './errors.js';

/** A validated assignment with the file it came from. */
export interface LoadedAssignment {
  assignment: Assignment;
  file: string;
  /** The private fixtures file whose hidden groups were added (`--fixtures`), if any. */
  privateFixtures?: string;
}

/** Reads and validates an assignment file; throws SpecError naming file, line, field, expected and found. */
export async function loadAssignmentFile(file: string): Promise<LoadedAssignment> {
  return { assignment: parseAssignment(await readSpecText(file, 'the assignment file'), file), file };
}

/** A spec file's text; a SpecError naming the file (`what` it is) and why it cannot be read. */
export async function readSpecText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new SpecError(file, [` cannot read ${what} (${code})`]);
  }
}

/** Validates assignment YAML text; `file` is used in messages only. */
export function parseAssignment(text: string, file: string): Assignment {
  return parseYamlAs(assignmentSchema, text, file);
}

/** Parses YAML text and validates it against `schema`; throws SpecError with one line per problem. */
export function parseYamlAs<S extends z.ZodType>(schema: S, text: string, file: string): z.output<S> {
  return parseYamlDocument(schema, text, file).data;
}

/** Like parseYamlAs, also giving the line of a field (for problems found after validation). */
export function parseYamlDocument<S extends z.ZodType>(schema: S, text: string, file: string): { data: z.output<S>; lineOf(path: (string | number)[]): number | undefined } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new SpecError(
      file,
      doc.errors.map((e) => `${e.linePos?.[0]?.line ?? '?'}: invalid YAML: ${firstLine(e.message).replace(/ at line \d+, column \d+:?$/, '')}`),
    );
  }
  const data: unknown = doc.toJS();
  const parsed = schema.safeParse(data);
  if (parsed.success) return { data: parsed.data, lineOf: (path) => lineOf(doc, lines, path) };
  throw new SpecError(file, parsed.error.issues.map((issue) => describeIssue(issue, doc, lines, data)));
}

function describeIssue(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter, data: unknown): string {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const field = renderPath(path) || '(top level)';
  const line = lineOf(doc, lines, path);
  const found = valueAt(data, path);
  let what: string;
  switch (issue.code) {
    case 'unrecognized_keys':
      what = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
      break;
    case 'invalid_type':
      what =
        found === undefined
          ? `missing; expected ${article(issue.expected)}`
          : `${issue.message.startsWith('Invalid input') ? `expected ${article(issue.expected)}` : issue.message}, got ${render(found)}`;
      break;
    case 'invalid_value':
      what = issue.message.startsWith('expected')
        ? `${issue.message}, got ${render(found)}`
        : `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${render(found)}`;
      break;
    case 'invalid_union': {
      if (!issue.message.startsWith('Invalid')) {
        what = `${issue.message}, got ${render(found)}`;
        break;
      }
      const options = /Expected (.+)$/.exec(issue.message)?.[1];
      what = options
        ? `expected ${options.split(' | ').map((o) => `"${o.replace(/^'|'$/g, '')}"`).join(' or ')}, got ${render(found)}`
        : `${issue.message}, got ${render(found)}`;
      break;
    }
    case 'too_small':
      what = issue.message.startsWith('Too small')
        ? `${tooSmall(issue)}, got ${render(found)}`
        : `${issue.message}, got ${render(found)}`;
      break;
    case 'too_big':
      what = issue.message.startsWith('Too big')
        ? `${tooBig(issue)}, got ${render(found)}`
        : `${issue.message}, got ${render(found)}`;
      break;
    default:
      what = `${issue.message.replace(/^Invalid input: /, '')}, got ${render(found)}`;
  }
  return `${line ?? '?'}: ${field}: ${what}`;
}

function tooSmall(issue: z.core.$ZodIssueTooSmall): string {
  const n = Number(issue.minimum);
  if (issue.origin === 'array' || issue.origin === 'set') return `expected at least ${n} item${n === 1 ? '' : 's'}`;
  if (issue.origin === 'string') return n === 1 ? 'expected a non-empty text' : `expected at least ${n} characters`;
  return `expected ${issue.inclusive === false ? 'more than' : 'at least'} ${n}`;
}

function tooBig(issue: z.core.$ZodIssueTooBig): string {
  const n = Number(issue.maximum);
  if (issue.origin === 'array' || issue.origin === 'set') return `expected at most ${n} item${n === 1 ? '' : 's'}`;
  if (issue.origin === 'string') return `expected at most ${n} characters`;
  return `expected ${issue.inclusive === false ? 'less than' : 'at most'} ${n}`;
}

function article(expected: string): string {
  if (expected === 'int') return 'an integer';
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'a mapping';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** A field's path as messages show it: `fixtures[0].points`. */
export function renderPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function lineOf(doc: Document, lines: LineCounter, path: (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function render(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
