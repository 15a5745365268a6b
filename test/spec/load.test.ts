import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseAssignment } from '../../harness/spec/load.js';
import { problems } from './problems.js';

function problemsOf(text: string): string[] {
  return problems(() => parseAssignment(text, 'bad.yaml'));
}

const minimal = `schema: sockgrade/assignment@1
id: demo
title: Demo
transport: udp
port: 12000
transform: { kind: uppercase }
fixtures:
  - id: core
    points: 4
    sentences: [hello]
`;

describe('loading an assignment file', () => {
  it('accepts the bundled UDP assignment and fills in the default timeouts', () => {
    const a = parseAssignment(readFileSync('assignments/udp-uppercase.yaml', 'utf8'), 'udp-uppercase.yaml');
    expect(a.id).toBe('udp-uppercase');
    expect(a.timeouts).toEqual({ startupMs: 5000, exchangeMs: 2000, exitMs: 2000 });
    expect(a.host).toBe('localhost');
  });

  it('fills in defaults for a minimal file', () => {
    const a = parseAssignment(minimal, 'min.yaml');
    expect(a.timeouts.startupMs).toBe(5000);
    expect(a.consecutiveClients).toBe(3);
  });

  it('names the file, line, field, what was expected and what was found', () => {
    const text = minimal.replace('port: 12000', 'port: "12000"').replace('transport: udp', 'transport: sctp') + 'timeouts:\n  startupMs: 5s\nportt: 3\n';
    expect(problemsOf(text)).toEqual([
      'bad.yaml:4: transport: expected "udp" or "tcp", got "sctp"',
      'bad.yaml:5: port: expected a number, got "12000"',
      'bad.yaml:12: timeouts.startupMs: expected a positive integer (milliseconds), got "5s"',
      'bad.yaml:1: (top level): unknown field "portt"',
    ]);
  });

  it('says the bound a number is past, in words', () => {
    expect(problemsOf(minimal.replace('port: 12000', 'port: 99999'))).toEqual(['bad.yaml:5: port: expected at most 65535, got 99999']);
    expect(problemsOf(minimal.replace('port: 12000', 'port: 0'))).toEqual(['bad.yaml:5: port: expected at least 1, got 0']);
  });

  it('reports a missing required field', () => {
    expect(problemsOf(minimal.replace('title: Demo\n', ''))).toEqual(['bad.yaml:1: title: missing; expected a string']);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('schema: sockgrade/assignment@1\nid: [unclosed\n');
    expect(problems[0]).toBe('bad.yaml:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]');
  });

  it('reports an unknown transform kind', () => {
    const problems = problemsOf(minimal.replace('{ kind: uppercase }', '{ kind: upper }'));
    expect(problems).toEqual(['bad.yaml:6: transform.kind: expected "uppercase" or "count-letter", got "upper"']);
  });
});
