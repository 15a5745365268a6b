// The verdict of a validation: valid only when the reference passes every check, at least one mutant
// is caught and none survives; the summary says which check or mutant decided otherwise.
import type { LoadedAssignment } from '../spec/load.js';
import type { Result } from '../result/types.js';
import type { MutantOutcome, Validation } from './types.js';

/** Builds the Validation from the reference's result and the mutants' outcomes. */
export function decide(loaded: LoadedAssignment, reference: Result, mutants: MutantOutcome[], durationMs: number): Validation {
  const { assignment, file } = loaded;
  const failures = reference.checks
    .filter((c) => c.status !== 'passed')
    .map((c) => ({ id: c.id, status: c.status, message: c.message ?? c.status }));
  const applicable = mutants.filter((m) => m.status !== 'skipped');
  const caught = applicable.filter((m) => m.status === 'caught');
  const survived = applicable.filter((m) => m.status === 'survived');
  const errored = applicable.filter((m) => m.status === 'errored');
  const names = (list: { id?: string; name?: string }[]): string => list.map((x) => x.id ?? x.name).join(', ');
  let verdict: Validation['verdict'];
  let summary: string;
  if (reference.status === 'errored' || errored.length > 0) {
    verdict = 'errored';
    const what = [
      ...failures.filter((f) => f.status === 'errored').map((f) => `the reference's ${f.id}`),
      ...errored.map((m) => `mutant ${m.name}`),
    ];
    summary = `sockgrade could not grade ${what.join(', ')} (a harness problem, not the spec's): see the messages above`;
  } else if (failures.length > 0) {
    verdict = 'rejected';
    summary = `the reference implementation fails ${failures.length} check${failures.length === 1 ? '' : 's'} (${names(failures)}): the spec asks for something a correct program does not do`;
  } else if (survived.length > 0) {
    verdict = 'rejected';
    summary = `${survived.length} mutant${survived.length === 1 ? '' : 's'} survived (${names(survived)}): no check fails on ${survived.length === 1 ? 'it' : 'them'}; add sentences or checks that tell ${survived.length === 1 ? 'it' : 'them'} from the reference`;
  } else if (caught.length === 0) {
    verdict = 'rejected';
    summary = 'no mutant was caught: the checks cannot tell a broken program from a correct one';
  } else {
    verdict = 'valid';
    summary = `the reference implementation passes every check and every applicable mutant is caught`;
  }
  return {
    schema: 'sockgrade/validation@1',
    assignment: { id: assignment.id, title: assignment.title, file, transport: assignment.transport },
    verdict,
    summary,
    reference: { status: reference.status, score: reference.score, maxScore: reference.maxScore, checks: reference.checks.length, failures },
    mutants,
    mutationScore: { caught: caught.length, applicable: applicable.length },
    durationMs,
  };
}
