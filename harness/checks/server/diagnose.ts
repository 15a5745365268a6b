// Explaining a missing or wrong reply from the student's server, in plain words.
import { describeOutcome, stderrTail } from '../../launch/headline.js';
import type { ClientExchangeResult } from '../../../reference/types.js';
import { elide, showBytes, showDifference } from '../../result/bytes.js';
import { hintForOutput } from '../hints.js';
import type { CheckContext, Problem } from '../types.js';
import { expectedReply, transformPhrase } from '../describe.js';
import { settledExit } from './running.js';

/** Why no reply came back: the server exited, refused, closed, or stayed silent. */
export async function noReply(ctx: CheckContext, sentence: string, result: ClientExchangeResult): Promise<Problem> {
  const { assignment, plan } = ctx;
  const server = ctx.server;
  const proc = server?.current;
  const expected = showBytes(expectedReply(assignment, sentence));
  const base = { expected };
  const timeout = `${assignment.timeouts.exchangeMs} ms (instructors: timeouts.exchangeMs)`;
  if (proc) {
    // A crash while handling the request is told by the exit, not by the timeout.
    const outcome = await settledExit(proc);
    if (outcome) {
      const stderr = outcome.stderr.text;
      return {
        ...base,
        status: 'failed',
        message: `your server ${describeOutcome(outcome, '').trim()} while handling ${showBytes(sentence)}, without replying`,
        actual: `no reply; ${describeOutcome(outcome, 'the server')}${stderrTail(outcome)}`,
        hint:
          // It had bound its port to be sent the request: an "address in use" now is its own doing.
          hintForOutput(plan, { stdout: outcome.stdout.text, stderr }, { role: 'server', serverBoundBefore: true }) ??
          (outcome.exitCode === 0 ? 'A server must keep running: put the receive-and-reply code in a `while True:` loop.' : undefined),
      };
    }
  }
  if (assignment.transport === 'udp') {
    return {
      ...base,
      status: 'failed',
      message: `your server is running, but no reply to ${showBytes(sentence)} reached sockgrade's socket within ${timeout}`,
      actual: 'no reply',
      hint: `Reply to the address recvfrom() returned: serverSocket.sendto(modifiedMessage, clientAddress). sockgrade's client sent from port ${result.localPort ?? '?'}, so the reply must go there.`,
    };
  }
  if (!result.connected) {
    return {
      ...base,
      status: 'failed',
      message: `sockgrade could not connect to your server (${result.error?.code ?? 'no answer'}) although it is still running`,
      actual: `connection ${result.error?.code === 'ECONNREFUSED' ? 'refused' : 'failed'}`,
      hint: 'Is the listening socket closed inside the loop? Close only the connection socket returned by accept(); the listening socket must stay open.',
    };
  }
  if (result.closedByPeer) {
    return {
      ...base,
      status: 'failed',
      message: `your server closed the connection without replying to ${showBytes(sentence)}`,
      actual: 'connection closed, no bytes',
      hint: 'Send the reply with connectionSocket.send(...) before connectionSocket.close().',
    };
  }
  return {
    ...base,
    status: 'failed',
    message: `your server accepted the connection but sent nothing within ${timeout}`,
    actual: 'no reply',
    hint: 'After recv(), send the reply on the same connection socket: connectionSocket.send(capitalizedSentence.encode()).',
  };
}

/** Why a reply was wrong, with the likely cause when it is recognisable. */
export function wrongReply(ctx: CheckContext, sentence: string, reply: Buffer): Problem {
  const expected = expectedReply(ctx.assignment, sentence);
  const text = reply.toString('utf8');
  let hint: string | undefined;
  if (text.replace(/\r?\n$/, '') === sentence) hint = `Your server sent the sentence back unchanged: it must reply with ${transformPhrase(ctx.assignment)}.`;
  else if (ctx.assignment.transform.kind === 'uppercase' && text === sentence.toLowerCase() && sentence !== sentence.toLowerCase())
    hint = 'Your server lower-cased the sentence: use .upper(), not .lower().';
  else if (ctx.assignment.transform.kind === 'count-letter' && /^\d+$/.test(text.trim())) hint = countHint(ctx.assignment.transform, sentence, Number(text.trim()));
  else if (ctx.assignment.transform.kind === 'count-letter' && text.replace(/\r?\n$/, '') === sentence.toUpperCase())
    hint = `Your server replied with the sentence in upper case; this assignment asks for ${transformPhrase(ctx.assignment)}, as a decimal number.`;
  else if (/^b['"]/.test(text)) hint = "Your server sent the text of a bytes object (b'...'): decode() what you receive, transform the str, then encode() it to send.";
  else if (reply.length === 1024 && expected.subarray(0, reply.length).equals(reply))
    hint = 'Your server answered only the first 1024 bytes: one recv(1024) returns at most 1024 bytes. Use a larger buffer, or keep receiving while more bytes arrive.';
  else if (expected.subarray(0, reply.length).equals(reply) && reply.length < expected.length)
    hint = `The reply was cut after ${reply.length} bytes: the whole reply must be sent (sendall) and the whole request read.`;
  const shown = showDifference(expected, reply);
  return {
    status: 'failed',
    message: `for the sentence ${elide(showBytes(sentence), 80)} your server replied ${elide(showBytes(reply), 80)}; expected ${transformPhrase(ctx.assignment)}`,
    ...shown,
    ...(hint ? { hint } : {}),
  };
}

/** Why a count is off: the other case counted (or not), when that explains the number. */
function countHint(t: { letter: string; caseSensitive: boolean }, sentence: string, got: number): string | undefined {
  const count = (text: string, letter: string) => [...text].filter((ch) => ch === letter).length;
  const sameCase = count(sentence, t.letter);
  const bothCases = count(sentence.toLowerCase(), t.letter.toLowerCase());
  if (t.caseSensitive && got === bothCases && bothCases !== sameCase)
    return `You counted '${t.letter.toUpperCase()}' too: count only '${t.letter}', as sentence.count('${t.letter}') does (no .lower() first).`;
  if (!t.caseSensitive && got === sameCase && bothCases !== sameCase)
    return `Count '${t.letter}' in either case: sentence.lower().count('${t.letter.toLowerCase()}').`;
  return undefined;
}
