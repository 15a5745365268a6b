// `sockgrade init` writes a commented starter assignment that passes `sockgrade validate`, and never overwrites.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './cli.js';
import { assignmentSchema } from '../../harness/spec/schema.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-init-'));
});

describe('sockgrade init', () => {
  it.concurrent.each(['udp', 'tcp'])('writes a %s starter that validates with sockgrade validate', async (transport) => {
    const file = path.join(dir, `lab-${transport}.yaml`);
    const init = await run(['init', path.join(dir, `lab-${transport}`), '--transport', transport]);
    expect(init).toEqual({
      code: 0,
      stdout:
        `wrote ${file}: a starter ${transport.toUpperCase()} upper-case assignment, every field explained\n` +
        `  next: edit it, then \`sockgrade validate ${file}\` (the reference must pass, every mutant must be caught)\n`,
      stderr: '',
    });
    const text = await readFile(file, 'utf8');
    const first = text.split('\n')[0] ?? '';
    const schemaPath = /^# yaml-language-server: \$schema=(.+)$/.exec(first)?.[1] ?? '';
    // The schema line points at the shipped JSON Schema, relative to the new file.
    expect(path.resolve(dir, schemaPath)).toBe(path.resolve('schema/assignment.schema.json'));
    expect(existsSync(path.resolve(dir, schemaPath))).toBe(true);
    const validate = await run(['validate', file, '--jobs', '4']);
    expect(validate.stdout).toContain('valid: the reference implementation passes every check and every applicable mutant is caught\n');
    expect(validate.code).toBe(0);
  });

  it('explains every top-level field of the schema in the starter', async () => {
    await run(['init', path.join(dir, 'fields')]);
    const text = await readFile(path.join(dir, 'fields.yaml'), 'utf8');
    const missing = Object.keys(assignmentSchema.shape).filter((key) => key !== '$schema' && !new RegExp(`^#? ?${key}:`, 'm').test(text));
    expect(missing).toEqual([]);
  });

  it('refuses to overwrite an existing file (exit 2) and leaves it unchanged', async () => {
    const file = path.join(dir, 'taken.yaml');
    await writeFile(file, 'my own work\n');
    const { code, stdout, stderr } = await run(['init', path.join(dir, 'taken')]);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `sockgrade: init: ${file} already exists; sockgrade never overwrites it (choose another name or remove it)\n` });
    expect(await readFile(file, 'utf8')).toBe('my own work\n');
  });

  it('refuses a name that cannot be an assignment id (exit 2)', async () => {
    const { code, stderr } = await run(['init', path.join(dir, 'My Lab')]);
    expect(stderr).toBe('sockgrade: init: "My Lab" cannot be an assignment id: expected kebab-case such as "lab2-udp" (lower-case letters, digits and -)\n');
    expect(code).toBe(2);
    expect(existsSync(path.join(dir, 'My Lab.yaml'))).toBe(false);
  });
});
