// Every bundled assignment validates: the reference passes every check and every applicable mutant is caught.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from './cli.js';
import type { Validation } from '../../harness/validate/types.js';
import { loadAssignmentFile } from '../../harness/spec/load.js';

// Read the folder, not a list: new variants are validated as soon as they are added.
const bundled = readdirSync('assignments').filter((f) => f.endsWith('.yaml')).sort();

const ALL_MUTANTS = [
  'no-transform',
  'lower-cases',
  'serves-one-client',
  'truncates',
  'wrong-address',
  'never-replies',
  'counts-wrong',
  'exits-early',
  'one-at-a-time',
  'quits-on-silent-client',
  'one-reply-per-connection',
  'prints-local',
  'never-exits',
  'sends-nothing',
  'exits-nonzero',
  'first-line-only',
  'sends-quit-word',
  'ignores-quit-word',
];

/** The mutants of the multi and concurrent variants, and the only check each one fails. */
const VARIANT_CATCHERS: Record<string, string[]> = {
  'one-at-a-time': ['server-concurrent-clients'],
  'quits-on-silent-client': ['server-survives-silent-client'],
  'one-reply-per-connection': ['server-answers-on-one-connection'],
  'first-line-only': ['client-sends-sentence'],
  'sends-quit-word': ['client-sends-sentence'],
  'ignores-quit-word': ['client-sends-sentence'],
};

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
    // Every mutant is accounted for, and a mutant is skipped only where its mistake is no mistake (or no other one).
    expect(v.mutants.map((m) => m.name)).toEqual(ALL_MUTANTS);
    const { assignment } = await loadAssignmentFile(`assignments/${file}`);
    const tcp = assignment.transport === 'tcp';
    const skipped = new Set([
      ...(assignment.transform.kind === 'uppercase' ? ['counts-wrong'] : []),
      ...(tcp && assignment.concurrent ? [] : ['one-at-a-time', 'quits-on-silent-client']),
      ...(tcp && assignment.multi ? [] : ['one-reply-per-connection']),
      ...(assignment.multi ? [] : ['first-line-only', 'sends-quit-word', 'ignores-quit-word']),
    ]);
    expect(v.mutants.filter((m) => m.status === 'skipped').map((m) => m.name)).toEqual(ALL_MUTANTS.filter((m) => skipped.has(m)));
    // The variants' own mutants are caught by the check made for their mistake.
    const caughtBy = Object.fromEntries(v.mutants.filter((m) => m.name in VARIANT_CATCHERS && m.status !== 'skipped').map((m) => [m.name, m.caughtBy]));
    expect(caughtBy).toEqual(Object.fromEntries(Object.entries(VARIANT_CATCHERS).filter(([name]) => !skipped.has(name))));
  });
});
