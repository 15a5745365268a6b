// Parsers of `check`'s option values (commander calls them), apart from the command itself so that the
// command line is described without loading the grading code.
import { UsageError } from '../spec/errors.js';
import { parseReporterSpec, type ReporterSpec } from '../reporters/names.js';

/** Parses one `--reporter` value and adds it to those before (commander's repeatable option). */
export function collectReporter(value: string, previous: ReporterSpec[] = []): ReporterSpec[] {
  return [...previous, parseReporterSpec(value)];
}

/** Parses `--port`: a number from 1 to 65535 or `auto`. */
export function parsePort(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port: expected a port number from 1 to 65535 or "auto", got ${JSON.stringify(value)}`);
  return port;
}

/** Parses `--seed`: a positive integer. */
export function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 1 || seed >= 2 ** 31) throw new UsageError(`--seed: expected a positive integer, got ${JSON.stringify(value)}`);
  return seed;
}
