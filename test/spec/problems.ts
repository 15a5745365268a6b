// Test helper: the problems a spec error lists, one line each, as the command line prints them.
import { expect } from 'vitest';
import { SpecError } from '../../harness/spec/errors.js';

/** The lines of the SpecError `fn` throws; fails the test when it throws nothing or something else. */
export function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as SpecError).message.split('\n');
  }
  throw new Error('expected a SpecError');
}
