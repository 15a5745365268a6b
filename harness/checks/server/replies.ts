// Check: the student's server replies correctly to each sentence of a fixture group, a fresh client
// socket per sentence. A server that exits between sentences is restarted: that is keeps-serving's
// business, not this check's.
import type { FixtureGroup } from '../../spec/schema.js';
import type { Check } from '../types.js';
import { leftAfterPreviousClient, leftNote } from './running.js';
import { exchange, gotReply } from './exchange.js';
import { noReply, wrongReply } from './diagnose.js';
import { expectedReply, sameMessage, transformPhrase } from '../describe.js';
import type { Assignment } from '../../spec/schema.js';

/** `server-replies-<group>`: replies correctly to each sentence of the group. */
export function serverReplies(assignment: Assignment, group: FixtureGroup): Check {
  return {
    id: `server-replies-${group.id}`,
    title: group.beyondTextbook
      ? `replies correctly to ${group.title ?? `${group.id} sentences`} (beyond the textbook)`
      : `replies to each ${group.id} sentence with ${transformPhrase(assignment)}`,
    role: 'server',
    group: group.beyondTextbook ? 'robustness' : group.id,
    points: group.points,
    hidden: group.hidden,
    // Beyond-the-textbook groups only count once the core sentences are answered right.
    dependsOn: group.beyondTextbook ? `server-replies-${assignment.fixtures[0]?.id ?? 'core'}` : 'server-binds',
    async run(ctx) {
      const server = ctx.server;
      if (!server) throw new Error('server-replies needs the server role');
      for (const sentence of group.sentences) {
        const payload = Buffer.from(sentence, 'utf8');
        let result;
        for (let attempt = 1; ; attempt++) {
          const running = await server.ensureRunning(ctx.log, payload);
          if (!running.ok) return running.verdict;
          result = await exchange(ctx, payload);
          const left = gotReply(result) || attempt > 1 ? undefined : await leftAfterPreviousClient(ctx);
          if (!left) break;
          // It was on its way out when the sentence was sent: a server that quits (or stops listening)
          // after a client is keeps-serving's business, so this check restarts it and asks again, once.
          ctx.log.note(`${leftNote(left, 'its previous client')} and sends the sentence again`);
        }
        if (!gotReply(result)) return noReply(ctx, sentence, result);
        if (!sameMessage(result.reply, expectedReply(ctx.assignment, sentence))) return wrongReply(ctx, sentence, result.reply);
      }
      const n = group.sentences.length;
      return { status: 'passed', message: `${n} correct repl${n === 1 ? 'y' : 'ies'}` };
    },
  };
}

