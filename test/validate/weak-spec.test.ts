// A spec whose checks cannot tell mistakes from correct programs is rejected, naming the surviving mutants;
// a spec no correct program passes is rejected too; a bad file is a spec error (exit 2).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { run } from './cli.js';
import type { Validation } from '../../harness/validate/types.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-validate-'));
});

/** A copy of a bundled assignment with some fields replaced, written to the temp folder. */
async function variant(name: string, from: string, edit: Record<string, unknown>): Promise<string> {
  const doc = parseDocument(await readFile(`assignments/${from}.yaml`, 'utf8'));
  for (const [key, value] of Object.entries(edit)) doc.setIn(key.split('.'), value);
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(file, doc.toString());
  return file;
}

describe('sockgrade validate rejects weak specs', () => {
  it('a spec whose sentences are already upper case is rejected: the echoing server survives', async () => {
    const file = await variant('already-upper', 'udp-uppercase', {
      fixtures: [{ id: 'core', title: 'core sentences', points: 4, sentences: ['HELLO WORLD', 'SOCKETS ARE FUN'] }],
    });
    const { code, stdout, stderr } = await run(['validate', file]);
    expect(stderr).toBe('');
    const rows = stdout.split('\n');
    expect(rows).toContain('no-transform              server  SURVIVED — echoes each sentence unchanged, and no check failed');
    expect(rows).toContain('lower-cases               server  server-replies-core');
    expect(rows).toContain('mutation score 10/11 (91%)');
    expect(rows).toContain('rejected: 1 mutant survived (no-transform): no check fails on it; add sentences or checks that tell it from the reference');
    expect(code).toBe(1);
  });

  it('a spec that gives points only to server-binds is rejected: every mutant that binds keeps full marks', async () => {
    const file = await variant('binds-only', 'tcp-uppercase', {
      fixtures: [{ id: 'core', points: 0, sentences: ['hello world', 'Mixed Case'] }],
      server: { points: { 'server-binds': 2, 'server-keeps-serving': 0 } },
      client: { points: { 'client-sends-sentence': 0, 'client-prints-reply': 0, 'client-exits': 0 } },
    });
    const { code, stdout } = await run(['validate', file, '--format', 'json']);
    const v = JSON.parse(stdout) as Validation;
    expect(v.verdict).toBe('rejected');
    expect(v.mutants.filter((m) => m.status === 'caught').map((m) => m.name)).toEqual(['exits-early']);
    const survivors = v.mutants.filter((m) => m.status === 'survived');
    expect(survivors.map((m) => m.name)).toEqual(['no-transform', 'lower-cases', 'serves-one-client', 'truncates', 'wrong-address', 'never-replies', 'prints-local', 'never-exits', 'sends-nothing', 'exits-nonzero']);
    expect(survivors.find((m) => m.name === 'truncates')?.reason).toBe('failed only checks worth 0 points: server-replies-core');
    expect(v.summary).toBe(
      '10 mutants survived (no-transform, lower-cases, serves-one-client, truncates, wrong-address, never-replies, prints-local, never-exits, sends-nothing, exits-nonzero): no check fails on them; add sentences or checks that tell them from the reference',
    );
    expect(v.mutationScore).toEqual({ caught: 1, applicable: 11 });
    expect(code).toBe(1);
  });

  it('a spec no correct server can pass is rejected: the reference fails server-binds within a 1 ms start-up budget', async () => {
    const file = await variant('no-time-to-start', 'udp-uppercase', { 'timeouts.startupMs': 1 });
    const { code, stdout } = await run(['validate', file, '--format', 'json']);
    const v = JSON.parse(stdout) as Validation;
    expect(v.reference.failures.map((f) => f.id)).toContain('server-binds');
    expect(v.reference.failures.find((f) => f.id === 'server-binds')?.message).toMatch(/^your server did not bind UDP port \d+ within 1 ms \(start-up; instructors: timeouts\.startupMs\)$/);
    expect(v.verdict).toBe('rejected');
    expect(v.summary).toMatch(/^the reference implementation fails \d+ checks? \(server-binds[^)]*\): the spec asks for something a correct program does not do$/);
    expect(code).toBe(1);
  });

  it('a file the schema rejects is a spec error (exit 2) with the loader\'s message', async () => {
    const file = await variant('bad-timeout', 'udp-uppercase', { 'timeouts.exchangeMs': '2s' });
    const { code, stdout, stderr } = await run(['validate', file]);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^sockgrade: ${file.replace(/[.]/g, '\\.')}:\\d+: timeouts\\.exchangeMs: expected a positive integer \\(milliseconds\\), got "2s"\\n$`));
    expect(code).toBe(2);
  });

  it('an unknown assignment id is a usage error (exit 2)', async () => {
    const { code, stderr } = await run(['validate', 'no-such-assignment']);
    expect(stderr).toMatch(/^sockgrade: unknown assignment "no-such-assignment"; bundled: .*\(or give the path of a \.yaml file\)\n$/);
    expect(code).toBe(2);
  });
});
