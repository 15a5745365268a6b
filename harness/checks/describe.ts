// Shared wording: what the assignment's transform means to a student, and how replies compare.
import type { Assignment } from '../spec/schema.js';
import { transformFrom } from '../../reference/transforms.js';

/** "the sentence in upper case" / "the number of times 's' occurs". */
export function transformPhrase(assignment: Assignment): string {
  const t = assignment.transform;
  if (t.kind === 'uppercase') return 'the sentence in upper case';
  return `the number of times '${t.letter}' occurs${t.caseSensitive ? '' : ' (either case)'}`;
}

/** The reply a correct server gives to `sentence`. */
export function expectedReply(assignment: Assignment, sentence: Buffer | string): Buffer {
  const bytes = typeof sentence === 'string' ? Buffer.from(sentence, 'utf8') : sentence;
  return transformFrom(assignment.transform)(bytes);
}

/** True when `actual` is `expected`, allowing one trailing newline (`\n` or `\r\n`): a legitimate style. */
export function sameMessage(actual: Buffer, expected: Buffer): boolean {
  if (actual.equals(expected)) return true;
  for (const ending of ['\n', '\r\n']) {
    const end = Buffer.from(ending);
    if (actual.length === expected.length + end.length && actual.subarray(expected.length).equals(end) && actual.subarray(0, expected.length).equals(expected)) return true;
  }
  return false;
}

/** True when `reply` appears in stdout as text, not only inside a printed bytes object (b'…'). */
export function printedAsText(stdout: string, reply: string): boolean {
  for (let at = stdout.indexOf(reply); at !== -1; at = stdout.indexOf(reply, at + 1)) {
    const before = stdout.slice(Math.max(0, at - 2), at);
    if (before !== "b'" && before !== 'b"') return true;
  }
  return false;
}
