// Private fixtures (`--fixtures private.yaml`): hidden sentences an instructor adds at grading time.
// They become hidden fixture groups of the assignment; when the assignment announces its hidden groups
// (`hiddenFixtures`, so that a self-check can say how many hidden checks will run), the private file
// must give exactly those groups, with the announced points.
import path from 'node:path';
import { parseYamlDocument, readSpecText, renderPath, type LoadedAssignment } from './load.js';
import { privateFixturesSchema, type FixtureGroup } from './schema.js';
import { SpecError } from './errors.js';

/** The assignment with the private file's groups added as hidden groups, and the file recorded. */
export async function withPrivateFixtures(loaded: LoadedAssignment, file: string): Promise<LoadedAssignment> {
  const text = await readSpecText(file, 'the private fixtures file');
  return { ...loaded, assignment: { ...loaded.assignment, fixtures: [...loaded.assignment.fixtures, ...privateGroups(loaded, text, file)] }, privateFixtures: file };
}

/** Validates a private fixtures file's text against the assignment; its groups, hidden. */
export function privateGroups(loaded: LoadedAssignment, text: string, file: string): FixtureGroup[] {
  const { data, lineOf } = parseYamlDocument(privateFixturesSchema, text, file);
  const { assignment } = loaded;
  const where = path.basename(loaded.file);
  const problems: string[] = [];
  const problem = (at: (string | number)[], what: string) => problems.push(`${lineOf(at) ?? '?'}: ${renderPath(at)}: ${what}`);
  if (data.assignment !== assignment.id) {
    problem(['assignment'], `expected ${JSON.stringify(assignment.id)} (the id in ${where}), got ${JSON.stringify(data.assignment)}`);
  }
  const announced = assignment.hiddenFixtures;
  const groups: FixtureGroup[] = [];
  data.fixtures.forEach((g, i) => {
    if (assignment.fixtures.some((f) => f.id === g.id)) {
      problem(['fixtures', i, 'id'], `expected an id other than those of ${where}'s own groups (${assignment.fixtures.map((f) => f.id).join(', ')}), got ${JSON.stringify(g.id)}`);
      return;
    }
    if (data.fixtures.findIndex((o) => o.id === g.id) !== i) {
      problem(['fixtures', i, 'id'], `expected a group id used once, got ${JSON.stringify(g.id)} again`);
      return;
    }
    const announcement = announced.find((a) => a.id === g.id);
    if (announced.length > 0 && !announcement) {
      problem(['fixtures', i, 'id'], `expected one of the hidden groups ${where} announces in hiddenFixtures (${announced.map((a) => JSON.stringify(a.id)).join(', ')}), got ${JSON.stringify(g.id)}; announce it there, so that students are told how many hidden checks run`);
      return;
    }
    if (announcement && g.points !== undefined && g.points !== announcement.points) {
      problem(['fixtures', i, 'points'], `expected ${announcement.points} (as ${where} announces), got ${g.points}; leave it out to use the announced points`);
      return;
    }
    const points = g.points ?? announcement?.points;
    if (points === undefined) {
      problem(['fixtures', i, 'points'], `missing; expected a number (the group is not announced in ${where}'s hiddenFixtures, so its points are given here)`);
      return;
    }
    groups.push({ ...g, points, hidden: true });
  });
  for (const a of announced) {
    if (!data.fixtures.some((g) => g.id === a.id)) problem(['fixtures'], `expected a group with id ${JSON.stringify(a.id)} (${where} announces it in hiddenFixtures), got none`);
  }
  if (problems.length > 0) throw new SpecError(file, problems);
  return groups;
}
