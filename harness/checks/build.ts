// The check list of a grading, built explicitly from the assignment and the roles being graded.
import type { Assignment } from '../spec/schema.js';
import type { Check } from './types.js';
import { serverBinds } from './server/binds.js';
import { serverReplies } from './server/replies.js';
import { serverKeepsServing } from './server/keeps-serving.js';
import { serverUdpInterleaved } from './server/udp-interleaved.js';
import { serverConcurrentClients, serverSurvivesSilentClient } from './server/concurrent.js';
import { serverAnswersOnOneConnection } from './server/one-connection.js';
import { clientSendsSentence } from './client/sends-sentence.js';
import { clientPrintsReply } from './client/prints-reply.js';
import { clientExits } from './client/exits.js';
import { pairEndToEnd } from './pair/end-to-end.js';
import { clientHandlesGroup } from './client/handles-group.js';

/** Default points per check id when the assignment does not set them. */
export const DEFAULT_POINTS: Record<string, number> = {
  'server-binds': 2,
  'server-keeps-serving': 2,
  'server-udp-interleaved': 2,
  'server-concurrent-clients': 4,
  'server-answers-on-one-connection': 3,
  'server-survives-silent-client': 1,
  'client-sends-sentence': 3,
  'client-prints-reply': 3,
  'client-exits': 2,
  'pair-end-to-end': 2,
};

/** The checks for the given roles, in the order they run (`pair`: also the student's client against the student's server). */
export function buildChecks(assignment: Assignment, roles: { server: boolean; client: boolean; pair?: boolean }): Check[] {
  const checks: Check[] = [];
  const core = assignment.fixtures[0];
  const coreSentences = core?.sentences ?? ['hello world'];
  if (roles.server) {
    const points = (id: string) => assignment.server?.points[id] ?? DEFAULT_POINTS[id] ?? 1;
    checks.push(serverBinds(points('server-binds'), assignment.transport, assignment.port));
    for (const group of assignment.fixtures.filter((g) => !g.hidden)) checks.push(serverReplies(assignment, group));
    checks.push(serverKeepsServing(points('server-keeps-serving'), assignment.consecutiveClients, coreSentences, `server-replies-${core?.id ?? 'core'}`));
    if (assignment.transport === 'tcp' && assignment.multi) {
      checks.push(serverAnswersOnOneConnection(points('server-answers-on-one-connection'), coreSentences));
    }
    if (assignment.transport === 'tcp' && assignment.concurrent) {
      checks.push(serverConcurrentClients(points('server-concurrent-clients'), coreSentences[0] ?? 'hello', coreSentences[1] ?? 'a second sentence'));
      checks.push(serverSurvivesSilentClient(points('server-survives-silent-client'), coreSentences[0] ?? 'hello'));
    }
    if (assignment.transport === 'udp') {
      checks.push(serverUdpInterleaved(points('server-udp-interleaved'), coreSentences[0] ?? 'hello', coreSentences[1] ?? 'a second sentence'));
    }
    // Hidden groups last: whatever the server prints about their sentences can only reach their own, masked, transcripts.
    for (const group of assignment.fixtures.filter((g) => g.hidden)) checks.push(serverReplies(assignment, group));
  }
  if (roles.client) {
    const points = (id: string) => assignment.client?.points[id] ?? DEFAULT_POINTS[id] ?? 1;
    checks.push(clientSendsSentence(points('client-sends-sentence'), assignment.multi?.quitWord));
    checks.push(clientPrintsReply(points('client-prints-reply')));
    checks.push(clientExits(points('client-exits')));
    for (const group of assignment.fixtures.filter((g) => g.hidden)) checks.push(clientHandlesGroup(group, assignment.multi?.quitWord));
  }
  if (roles.pair && roles.server && roles.client) checks.push(pairEndToEnd(DEFAULT_POINTS['pair-end-to-end'] ?? 2, coreSentences[0] ?? 'hello'));
  return checks;
}

/** The hidden checks an assignment announces (`hiddenFixtures`) whose sentences were not given: they run at grading time. */
export function pendingHiddenChecks(assignment: Assignment, roles: { server: boolean; client: boolean }): { checks: number; points: number } {
  const pending = assignment.hiddenFixtures.filter((h) => !assignment.fixtures.some((g) => g.id === h.id));
  const perGroup = (roles.server ? 1 : 0) + (roles.client ? 1 : 0);
  return { checks: pending.length * perGroup, points: Math.round(pending.reduce((sum, h) => sum + h.points, 0) * perGroup * 100) / 100 };
}

/** The sentences each client run types on stdin (the first fixture group's). */
export function clientSentences(assignment: Assignment): string[] {
  return assignment.fixtures[0]?.sentences ?? ['hello world'];
}
