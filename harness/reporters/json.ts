// The json reporter: exactly one JSON object (the result) and nothing else.
import type { Reporter, TextSink } from './types.js';

/** Writes the result as one pretty-printed JSON object followed by a newline. */
export function jsonReporter(sink: TextSink): Reporter {
  return {
    name: 'json',
    onRunEnd(result) {
      sink.write(`${JSON.stringify(result, null, 2)}\n`);
    },
  };
}
