// Every bundled assignment validates: the reference passes every check and every applicable mutant is caught.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from './cli.js';
import type { Validation } from '../../harness/validate/types.js';
import { loadAssignmentFile } from '../../harness/spec/load.js';

// Read the folder, not a list: new variants are validated as soon as they are added.
const bundled = readdirSync('assignments').filter((f) => f.endsWith('.yaml')).sort();

describe('sockgrade validate on the bundled assignments', () => {
  it('finds bundled assignments to validate', () => {
    expect(bundled.length).toBeGreaterThan(0);
  });

  it.concurrent.each(bundled)('%s validates: the reference passes every check and every applicable mutant is caught', async (file) => {
    const { code, stdout, stderr } = await run(['validate', `assignments/${file}`, '--format', 'json', '--jobs', '4']);
    const v = JSON.parse(stdout) as Validation;
    const problems = v.mutants.filter((m) => m.status !== 'caught' && m.status !== 'skipped').map((m) => `${m.name}: ${m.status} ${m.reason ?? ''}`);
    expect({ stderr, summary: v.summary, referenceFailures: v.reference.failures, problems }).toEqual({ stderr: '', summary: 'the reference implementation passes every check and every applicable mutant is caught', referenceFailures: [], problems: [] });
    expect(v.verdict).toBe('valid');
    expect(code).toBe(0);
    expect(v.mutationScore.caught).toBe(v.mutationScore.applicable);
    // Every mutant is accounted for, and only counts-wrong is ever skipped (for upper-case transforms).
    expect(v.mutants.map((m) => m.name)).toEqual(['no-transform', 'lower-cases', 'serves-one-client', 'truncates', 'wrong-address', 'never-replies', 'counts-wrong', 'exits-early', 'prints-local', 'never-exits', 'sends-nothing', 'exits-nonzero']);
    const { assignment } = await loadAssignmentFile(`assignments/${file}`);
    expect(v.mutants.filter((m) => m.status === 'skipped').map((m) => m.name)).toEqual(assignment.transform.kind === 'uppercase' ? ['counts-wrong'] : []);
  });
});
