// Private fixtures files (`--fixtures`): hidden groups added to an assignment, checked against the groups
// the assignment announces; every problem names the file, line, field, what was expected and found.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseAssignment } from '../../harness/spec/load.js';
import { privateGroups } from '../../harness/spec/private-fixtures.js';
import { problems } from './problems.js';
import { buildChecks, pendingHiddenChecks } from '../../harness/checks/build.js';

const base = `schema: sockgrade/assignment@1
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
const announcing = `${base}hiddenFixtures:
  - id: secret
    points: 2
`;

function loaded(text: string) {
  return { assignment: parseAssignment(text, 'a.yaml'), file: '/course/a.yaml' };
}

describe('private fixtures files', () => {
  it('adds their groups as hidden groups, with the points the assignment announces', () => {
    const text = `schema: sockgrade/fixtures@1
assignment: demo
fixtures:
  - id: secret
    sentences: [one, two]
`;
    expect(privateGroups(loaded(announcing), text, 'p.yaml')).toEqual([{ id: 'secret', points: 2, sentences: ['one', 'two'], beyondTextbook: false, hidden: true }]);
  });

  it('lets an assignment that announces nothing take any new group with its points (the bundled ones)', () => {
    const groups = privateGroups(loaded(readFileSync('assignments/udp-uppercase.yaml', 'utf8')), readFileSync('fixtures/private/udp-uppercase.yaml', 'utf8'), 'p.yaml');
    expect(groups.map((g) => [g.id, g.points, g.hidden, g.sentences.length])).toEqual([['hidden', 2, true, 2]]);
  });

  it('names each mismatch with the assignment: id, own group ids, unannounced groups, points, missing groups', () => {
    const text = `schema: sockgrade/fixtures@1
assignment: dmeo
fixtures:
  - id: core
    sentences: [x]
  - id: other
    points: 1
    sentences: [y]
  - id: secret
    points: 3
    sentences: [z]
`;
    expect(problems(() => privateGroups(loaded(announcing), text, 'p.yaml'))).toEqual([
      'p.yaml:2: assignment: expected "demo" (the id in a.yaml), got "dmeo"',
      'p.yaml:4: fixtures[0].id: expected an id other than those of a.yaml\'s own groups (core), got "core"',
      'p.yaml:6: fixtures[1].id: expected one of the hidden groups a.yaml announces in hiddenFixtures ("secret"), got "other"; announce it there, so that students are told how many hidden checks run',
      'p.yaml:10: fixtures[2].points: expected 2 (as a.yaml announces), got 3; leave it out to use the announced points',
    ]);
    expect(
      problems(() =>
        privateGroups(loaded(announcing), 'schema: sockgrade/fixtures@1\nassignment: demo\nfixtures:\n  - id: secret2\n    sentences: [z]\n', 'p.yaml'),
      ),
    ).toEqual([
      'p.yaml:4: fixtures[0].id: expected one of the hidden groups a.yaml announces in hiddenFixtures ("secret"), got "secret2"; announce it there, so that students are told how many hidden checks run',
      'p.yaml:4: fixtures: expected a group with id "secret" (a.yaml announces it in hiddenFixtures), got none',
    ]);
  });

  it('asks for points when the assignment does not announce the group', () => {
    const text = 'schema: sockgrade/fixtures@1\nassignment: demo\nfixtures:\n  - id: extra\n    sentences: [z]\n';
    expect(problems(() => privateGroups(loaded(base), text, 'p.yaml'))).toEqual([
      "p.yaml:4: fixtures[0].points: missing; expected a number (the group is not announced in a.yaml's hiddenFixtures, so its points are given here)",
    ]);
  });

  it('validates the file itself first, in the same words as assignment files', () => {
    const text = 'schema: sockgrade/fixtures@2\nassignment: demo\nfixtures:\n  - id: Extra\n    sentences: []\n';
    expect(problems(() => privateGroups(loaded(base), text, 'p.yaml'))).toEqual([
      'p.yaml:1: schema: expected "sockgrade/fixtures@1" (the format version of private fixtures files), got "sockgrade/fixtures@2"',
      'p.yaml:4: fixtures[0].id: expected a kebab-case id such as "core", got "Extra"',
      'p.yaml:5: fixtures[0].sentences: expected at least one sentence, got []',
    ]);
  });
});

describe('hidden groups in an assignment', () => {
  it('rejects a hidden first group (the core is what students see) and an id used twice', () => {
    const text = `${base.replace('  - id: core\n', '  - id: core\n    hidden: true\n')}hiddenFixtures:\n  - id: core\n    points: 1\n`;
    expect(problems(() => parseAssignment(text, 'a.yaml'))).toEqual([
      'a.yaml:9: fixtures[0].hidden: the first fixture group is the core, shown to students: expected it not to be hidden, got true',
      'a.yaml:13: hiddenFixtures[0].id: expected a fixture group id used once; "core" is used twice, got "core"',
    ]);
  });

  it('says "at least one" in words for empty lists', () => {
    expect(problems(() => parseAssignment(base.replace(/fixtures:[\s\S]*$/, 'fixtures: []\n'), 'a.yaml'))).toEqual([
      'a.yaml:7: fixtures: expected at least one fixture group (the first is the core), got []',
    ]);
    expect(problems(() => parseAssignment(`${base}server:\n  files: []\n`, 'a.yaml'))).toEqual(['a.yaml:12: server.files: expected at least 1 item, got []']);
  });

  it('gives each hidden group a hidden check per role, run after the others of its role', () => {
    const assignment = parseAssignment(`${base}  - id: secret\n    hidden: true\n    points: 2\n    sentences: [psst]\n`, 'a.yaml');
    const checks = buildChecks(assignment, { server: true, client: true });
    expect(checks.map((c) => `${c.id}${c.hidden ? ' (hidden)' : ''}`)).toEqual([
      'server-binds',
      'server-replies-core',
      'server-keeps-serving',
      'server-udp-interleaved',
      'server-replies-secret (hidden)',
      'client-sends-sentence',
      'client-prints-reply',
      'client-exits',
      'client-handles-secret (hidden)',
    ]);
  });

  it('counts the announced hidden checks not run here, per graded role', () => {
    const assignment = parseAssignment(announcing, 'a.yaml');
    expect(pendingHiddenChecks(assignment, { server: true, client: false })).toEqual({ checks: 1, points: 2 });
    expect(pendingHiddenChecks(assignment, { server: true, client: true })).toEqual({ checks: 2, points: 4 });
    const filled = { ...assignment, fixtures: [...assignment.fixtures, { id: 'secret', points: 2, sentences: ['x'], beyondTextbook: false, hidden: true }] };
    expect(pendingHiddenChecks(filled, { server: true, client: true })).toEqual({ checks: 0, points: 0 });
  });
});
