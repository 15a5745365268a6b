// Check: the student's client handles the sentences of a hidden fixture group: the client checks of the
// core (sends exactly, prints the reply, exits 0), run again with the group's sentences on stdin.
import type { FixtureGroup } from '../../spec/schema.js';
import type { Check } from '../types.js';
import { Transcript } from '../transcript.js';
import { clientSendsSentence } from './sends-sentence.js';
import { clientPrintsReply } from './prints-reply.js';
import { clientExits } from './exits.js';

/** `client-handles-<group>`: with each sentence of the group, the client sends it, prints the reply and exits 0. */
export function clientHandlesGroup(group: FixtureGroup, quitWord?: string): Check {
  const steps = [clientSendsSentence(0, quitWord), clientPrintsReply(0), clientExits(0)];
  return {
    id: `client-handles-${group.id}`,
    title: `sends each ${group.id} sentence, prints the reply and exits`,
    role: 'client',
    group: group.id,
    points: group.points,
    hidden: group.hidden,
    dependsOn: 'client-sends-sentence',
    async run(ctx) {
      if (!ctx.client) throw new Error('client-handles needs the client role');
      const client = ctx.client.withSentences(group.sentences);
      // Each step copies the same runs into the transcript it is given: keep one copy, the first step's.
      for (const [i, step] of steps.entries()) {
        const log = i === 0 ? ctx.log : new Transcript();
        const verdict = await step.run({ ...ctx, client, log });
        if (verdict.status !== 'passed') return verdict;
      }
      const n = group.sentences.length;
      return { status: 'passed', message: `${n} sentence${n === 1 ? '' : 's'} sent, answered and printed` };
    },
  };
}
