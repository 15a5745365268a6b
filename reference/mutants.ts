// Mutants of the reference programs: each one makes a single mistake students make, so that an
// assignment's checks can be shown to catch it (`sockgrade validate`, `sockgrade reference --mutant`).
import { identity, transformFrom, type Transform, type TransformSpec } from './transforms.js';
import type { Transport } from './types.js';

/** Mistakes a reference server can be made to make. */
export const SERVER_MUTANTS = {
  'no-transform': 'echoes each sentence unchanged',
  'lower-cases': 'replies with the sentence in lower case',
  'serves-one-client': 'exits after its first exchange',
  truncates: 'replies with only the first half of the right reply',
  'wrong-address': 'UDP: replies to a fixed other port (9); TCP: closes the connection without a reply',
  'never-replies': 'receives every request and never replies',
  'counts-wrong': 'counts the letter off by one (upper-case: echoes, like no-transform)',
  'exits-early': 'exits before binding its socket',
  'one-at-a-time':
    'TCP: serves one connection at a time, accepting the next client only once it has closed the current connection (the iterative textbook server), so a client that waits blocks the others',
  'quits-on-silent-client': "TCP: exits when a client connects and leaves without sending (takes recv()'s empty read for the end of the server)",
  'one-reply-per-connection': 'TCP multi: answers only the first sentence of a connection, then closes it',
} as const;

/** Mistakes a reference client can be made to make. */
export const CLIENT_MUTANTS = {
  'prints-local': "prints its own transform of the sentence instead of the server's reply",
  'never-exits': 'prints the reply, then never exits',
  'sends-nothing': 'reads the sentence and exits without sending it (TCP: after connecting, as the textbook client does first)',
  'exits-nonzero': 'prints the reply, then exits with status 1',
  'first-line-only': 'multi: sends the first line, prints its reply and exits, ignoring the other lines',
  'sends-quit-word': 'multi: sends the quit word like any other line and prints its reply, then stops',
  'ignores-quit-word': 'multi: does not stop at the quit word: skips it and keeps sending the lines after it until end of input',
} as const;

/** The name of a server mutant. */
export type ServerMutant = keyof typeof SERVER_MUTANTS;
/** The name of a client mutant. */
export type ClientMutant = keyof typeof CLIENT_MUTANTS;
/** The name of any mutant. */
export type MutantName = ServerMutant | ClientMutant;

/** The port the wrong-address mutant sends its UDP replies to (discard). */
export const WRONG_ADDRESS_PORT = 9;

/** Every mutant name, servers first. */
export const MUTANT_NAMES = [...Object.keys(SERVER_MUTANTS), ...Object.keys(CLIENT_MUTANTS)] as MutantName[];

/** True for a server mutant's name. */
export function isServerMutant(name: string): name is ServerMutant {
  return Object.hasOwn(SERVER_MUTANTS, name);
}

/** True for a client mutant's name. */
export function isClientMutant(name: string): name is ClientMutant {
  return Object.hasOwn(CLIENT_MUTANTS, name);
}

/** What a mutant does, in a few words. */
export function describeMutant(name: MutantName): string {
  return isServerMutant(name) ? SERVER_MUTANTS[name] : CLIENT_MUTANTS[name];
}

/**
 * Why a mutant makes no difference to a reference program of this transport, run with or without the
 * multi variant (a mutant of the other role is the caller's business); undefined when it does make one.
 */
export function mutantMisfit(name: MutantName, program: { transport: Transport; multi: boolean }): string | undefined {
  switch (name) {
    case 'one-at-a-time':
      return program.transport === 'udp' ? 'a UDP server has no connections: it handles one datagram at a time anyway' : undefined;
    case 'quits-on-silent-client':
      return program.transport === 'udp' ? 'a UDP server has no connections, so no client can connect and leave without sending' : undefined;
    case 'one-reply-per-connection':
      if (program.transport === 'udp') return 'a UDP server has no connections: every datagram is answered on its own';
      return program.multi ? undefined : 'without the multi variant one reply per connection, then closing it, is what the textbook TCP server does (correct)';
    case 'first-line-only':
    case 'sends-quit-word':
    case 'ignores-quit-word':
      return program.multi ? undefined : `without the multi variant the client sends one line and there is no quit word, so ${name} is the reference client`;
    default:
      return undefined;
  }
}

/** Whether a mutant makes a distinct mistake under an assignment's transport, transform and variant, and why not. */
export function mutantApplies(
  name: MutantName,
  on: { transport: Transport; transform: TransformSpec; multi?: { quitWord: string } | undefined; concurrent?: boolean },
): { applies: true } | { applies: false; reason: string } {
  if (name === 'counts-wrong' && on.transform.kind === 'uppercase') {
    return { applies: false, reason: 'with an upper-case transform counts-wrong is no-transform (an echo), already run' };
  }
  const misfit = mutantMisfit(name, { transport: on.transport, multi: on.multi !== undefined });
  if (misfit !== undefined) return { applies: false, reason: misfit };
  if (name === 'one-at-a-time' && !on.concurrent) {
    return { applies: false, reason: 'without concurrent: true serving one client at a time is what the textbook TCP server does (correct)' };
  }
  if (name === 'quits-on-silent-client' && !on.concurrent) {
    return { applies: false, reason: 'without concurrent: true the assignment does not ask a server to survive a client that leaves without sending (no server-survives-silent-client check)' };
  }
  return { applies: true };
}

/** The wrong transform of a server mutant that replies wrongly (undefined for other mutants). */
export function mutantTransform(name: MutantName | undefined, spec: TransformSpec): Transform | undefined {
  const right = transformFrom(spec);
  switch (name) {
    case 'no-transform':
      return identity();
    case 'lower-cases':
      return (request) => Buffer.from(request.toString('utf8').toLowerCase(), 'utf8');
    case 'truncates':
      return (request) => {
        const reply = right(request);
        return reply.subarray(0, Math.floor(reply.length / 2));
      };
    case 'counts-wrong':
      return spec.kind === 'uppercase' ? identity() : (request) => Buffer.from(String(Number(right(request).toString('ascii')) + 1), 'ascii');
    default:
      return undefined;
  }
}

/** What a client prints as the reply: the reply, or (prints-local) its own transform of the sentence. */
export function printedReply(mutant: MutantName | undefined, transform: Transform, sentence: Buffer, reply: Buffer): string {
  return (mutant === 'prints-local' ? transform(sentence) : reply).toString('utf8');
}

/** A client's exit code once it printed: never-exits first waits for `signal` (its stop), exits-nonzero gives 1. */
export async function clientMutantEnd(mutant: MutantName | undefined, signal: AbortSignal | undefined): Promise<number> {
  if (mutant === 'never-exits' && !signal?.aborted) {
    const alive = setInterval(() => undefined, 60_000); // an abort listener alone does not keep the process running
    await new Promise((resolve) => signal?.addEventListener('abort', resolve, { once: true }));
    clearInterval(alive);
  }
  return mutant === 'exits-nonzero' ? 1 : 0;
}
