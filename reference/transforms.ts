// Transforms: what a reference server does to a request (the textbook's upper-case, the count-s variant, …).

/** A pure function from request bytes to reply bytes. */
export type Transform = (request: Buffer) => Buffer;

/** A transform named in an assignment spec or on the command line. */
export type TransformSpec = { kind: 'uppercase' } | { kind: 'count-letter'; letter: string; caseSensitive: boolean };

/** Python's `decode().upper().encode()` for ordinary text (invalid UTF-8 becomes U+FFFD instead of raising). */
export function upperCase(): Transform {
  return (request) => Buffer.from(request.toString('utf8').toUpperCase(), 'utf8');
}

/** The number of occurrences of one letter as decimal ASCII, like Python's `str(sentence.count('s'))`. */
export function countLetter(options: { letter: string; caseSensitive: boolean }): Transform {
  const letters = [...options.letter];
  if (letters.length !== 1) {
    throw new RangeError(`countLetter: expected exactly one character, got ${JSON.stringify(options.letter)}`);
  }
  const fold = (s: string): string => (options.caseSensitive ? s : s.toLowerCase());
  const wanted = fold(options.letter);
  return (request) => {
    let count = 0;
    for (const ch of request.toString('utf8')) if (fold(ch) === wanted) count += 1;
    return Buffer.from(String(count), 'ascii');
  };
}

/** Replies with the request itself (an echo server). */
export function identity(): Transform {
  return (request) => Buffer.from(request);
}

/** The transform a spec names. */
export function transformFrom(spec: TransformSpec): Transform {
  switch (spec.kind) {
    case 'uppercase':
      return upperCase();
    case 'count-letter':
      return countLetter({ letter: spec.letter, caseSensitive: spec.caseSensitive });
  }
}
