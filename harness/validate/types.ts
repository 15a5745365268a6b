// The outcome of `sockgrade validate`: the reference run, each mutant's fate, the mutation score and the verdict.
import type { CheckStatus } from '../result/types.js';

/** What became of one mutant: caught by failed checks, survived every check, not applicable, or not gradable. */
export interface MutantOutcome {
  name: string;
  role: 'server' | 'client';
  /** What the mutant does wrong, in a few words. */
  description: string;
  status: 'caught' | 'survived' | 'skipped' | 'errored';
  /** Ids of the checks worth points that failed on the mutant and passed on the reference. */
  caughtBy: string[];
  /** Why a mutant was skipped, errored, or survived despite failing some check. */
  reason?: string;
  durationMs: number;
}

/** A check the reference implementation did not pass. */
export interface ReferenceFailure {
  id: string;
  status: CheckStatus;
  message: string;
}

/** The whole validation of one assignment file (`--format json` prints exactly this). */
export interface Validation {
  schema: 'sockgrade/validation@1';
  assignment: { id: string; title: string; file: string; transport: 'udp' | 'tcp' };
  /** valid: exit 0; rejected: exit 1 (the reference fails a check, or a mutant survives, or none is caught); errored: exit 3. */
  verdict: 'valid' | 'rejected' | 'errored';
  /** One sentence saying why. */
  summary: string;
  reference: { status: 'passed' | 'failed' | 'errored'; score: number; maxScore: number; checks: number; failures: ReferenceFailure[] };
  mutants: MutantOutcome[];
  mutationScore: { caught: number; applicable: number };
  durationMs: number;
}
