// docs/assignments.md documents every field of the schema, and its complete example is a valid assignment.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignmentSchema } from '../../harness/spec/schema.js';
import { run } from './cli.js';

describe('docs/assignments.md', () => {
  it('names every top-level field of the schema in its table of fields', async () => {
    const text = await readFile('docs/assignments.md', 'utf8');
    const missing = Object.keys(assignmentSchema.shape).filter((key) => key !== '$schema' && !text.includes(`| \`${key}\` |`));
    expect(missing).toEqual([]);
  });

  it('ends with a complete example that sockgrade validate accepts', async () => {
    const text = await readFile('docs/assignments.md', 'utf8');
    const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'sockgrade-docs-')), 'example.yaml');
    await writeFile(file, blocks.at(-1) ?? '');
    const { code, stdout, stderr } = await run(['validate', file, '--jobs', '4']);
    expect(stderr).toBe('');
    expect(stdout).toContain('mutation score 12/12 (100%)\nvalid: the reference implementation passes every check and every applicable mutant is caught\n');
    expect(code).toBe(0);
  });
});
