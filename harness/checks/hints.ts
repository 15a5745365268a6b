// The hint catalogue: recognisable causes of a failure, found in what the student's program printed,
// what it was doing when sockgrade stopped it, and its own text, each explained in plain words.
// Hints only explain; they never change a verdict.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import path from 'node:path';
import { hostFolder, type GradingPlan, type ProgramPlan } from '../session/plan.js';
import type { WaitingObservation } from './client/waiting.js';
import type { SpawnError } from '../launch/types.js';
import type { Problem } from './types.js';

/** What a hint may look at. */
export interface HintInput {
  stdout: string;
  stderr: string;
  /** The port and host the program was given. */
  port: number;
  host: string;
  transport: 'udp' | 'tcp';
  /** The assignment's own port, when the program was given another one (and why). */
  portFallback?: { assignmentPort: number; reason: string };
  /** Which of the student's programs the output is from, when the caller knows. */
  role?: 'server' | 'client';
  /** The program's own text (at most SOURCE_LIMIT bytes of it), when readable: for mistakes seen in the code. */
  source?: string;
  /** The server had already bound the port earlier in this grading (so an "address in use" is its own doing). */
  serverBoundBefore?: boolean;
  /** The client was still running when sockgrade stopped it, and the server it should have reached had received nothing from it. */
  clientStopped?: ClientStopped;
}

/** A client stopped by sockgrade while it waited. */
export interface ClientStopped {
  /** The server it was meant to reach: sockgrade's (the client checks) or the student's own (pair mode). */
  peer: 'sockgrade' | 'student';
  /** What /proc showed it doing just before it was stopped, where that could be read. */
  waiting?: WaitingObservation;
  /** Pair mode: how many of sockgrade's requests the student's server got in the server checks, and how many it answered. */
  studentServer?: { requests: number; answered: number };
}

/** What a caller adds to a program's output: which program, and what is known of its run. */
export type HintContext = Pick<HintInput, 'role' | 'serverBoundBefore' | 'clientStopped'>;

interface HintRule {
  id: string;
  test: (input: HintInput) => boolean;
  hint: (input: HintInput) => string;
}

const UNREACHABLE = /Network is unreachable|No route to host|ENETUNREACH|EHOSTUNREACH/;
const ADDRESS_IN_USE = /Address already in use|EADDRINUSE/;

const RULES: HintRule[] = [
  {
    id: 'bind-needs-tuple',
    test: ({ stderr }) => /bind\(\) takes exactly one argument \(2 given\)/.test(stderr),
    hint: () =>
      "bind() takes one argument, a (host, port) tuple: write serverSocket.bind(('', serverPort)) with two pairs of parentheses. The textbook's bind('', serverPort) is a typo.",
  },
  {
    id: 'python2-raw-input',
    test: ({ stderr }) => /NameError: name 'raw_input' is not defined/.test(stderr),
    hint: () => "raw_input() is Python 2; in Python 3 it is called input(): sentence = input('Input lowercase sentence:')",
  },
  {
    id: 'python2-print',
    test: ({ stderr }) => /Missing parentheses in call to 'print'/.test(stderr),
    hint: () => "print is a function in Python 3: write print('From Server:', reply) with parentheses.",
  },
  {
    id: 'str-not-encoded',
    test: ({ stderr }) => /a bytes-like object is required, not 'str'/.test(stderr),
    hint: () =>
      'Sockets carry bytes, not str: send message.encode() (and .decode() the bytes you receive before using them as text).',
  },
  {
    id: 'server-address-not-local',
    test: (input) =>
      input.role === 'client' && remoteAddressLiteral(input.source) !== undefined && (UNREACHABLE.test(input.stderr) || input.clientStopped !== undefined),
    hint: ({ source, host, clientStopped }) => {
      const found = remoteAddressLiteral(source);
      const where = found?.code ? `${found.address} (${found.code})` : found?.address;
      return `Your client sends to ${where}, another machine's address: ${clientStopped?.peer === 'student' ? 'your server' : "sockgrade's server"} runs on this machine, so use '${host}' (sockgrade also passes it as argv[1] and in SERVER_HOST).`;
    },
  },
  {
    id: 'network-unreachable',
    test: ({ role, stderr }) => role === 'client' && UNREACHABLE.test(stderr),
    hint: ({ stderr, host }) =>
      `Your client's server address could not be reached from here ("${UNREACHABLE.exec(stderr)?.[0]}"): it names another machine. sockgrade's server runs on this machine: use '${host}' as the server name (sockgrade also passes it as argv[1] and in SERVER_HOST).`,
  },
  {
    id: 'host-does-not-resolve',
    test: ({ stderr }) => /gaierror|Name or service not known|nodename nor servname|getaddrinfo failed|Temporary failure in name resolution/.test(stderr),
    hint: ({ host }) =>
      `The server name did not resolve. The textbook's serverName = 'hostname' is a placeholder to replace: use '${host}' (sockgrade also passes it as argv[1] and in SERVER_HOST).`,
  },
  {
    id: 'connection-refused',
    test: ({ stderr }) => /ConnectionRefusedError|Connection refused|ECONNREFUSED/.test(stderr),
    hint: ({ host, port, portFallback }) =>
      `Nothing was listening where your client connected (connection refused). sockgrade's server listened on ${host} port ${port}: check serverName and serverPort.` +
      (portFallback ? ` (${capitalise(portFallback.reason)}; sockgrade passed port ${port} as argv[2] and SERVER_PORT.)` : ''),
  },
  {
    id: 'address-in-use-own-socket',
    test: ({ stderr, serverBoundBefore }) => serverBoundBefore === true && ADDRESS_IN_USE.test(stderr),
    hint: ({ stderr, port, transport }) => {
      const failed = failingLine(stderr, ADDRESS_IN_USE);
      const again = failed && /\bbind\s*\(/.test(failed.code) ? `line ${failed.line} (${failed.code}) binds it again` : 'it called bind() on it again';
      return (
        `"Address already in use" comes from your own server: it had already bound port ${port} in this grading, and ${again}. ` +
        `A port can be bound by one socket at a time: create and bind the server socket once, before the \`while True:\` loop, and use that one socket ${transport === 'tcp' ? 'to accept() every client' : 'for every recvfrom() and sendto()'}.`
      );
    },
  },
  {
    id: 'address-in-use',
    test: ({ stderr }) => ADDRESS_IN_USE.test(stderr),
    hint: ({ port, portFallback }) =>
      portFallback
        ? `${capitalise(portFallback.reason)}, so sockgrade gave your server port ${port} (argv[2] and SERVER_PORT). "Address already in use" means your server still tried another port, most likely ${portFallback.assignmentPort}: read the port from sys.argv[2] or os.environ['SERVER_PORT'], defaulting to ${portFallback.assignmentPort}.`
        : `Port ${port} was already in use when your server tried to bind it: another program (or a previous run of yours) holds it. Stop that program and grade again.`,
  },
  {
    id: 'recv-on-listening-socket',
    test: ({ stderr }) => /Transport endpoint is not connected/.test(stderr),
    hint: () =>
      'Your server called recv() on the listening socket. accept() returns a new connection socket: call recv() and send() on that one (connectionSocket, addr = serverSocket.accept()).',
  },
  {
    id: 'client-waits-for-reply',
    test: ({ clientStopped }) => clientStopped?.peer === 'sockgrade',
    hint: (input) => {
      const { transport, host, port } = input;
      const waiting = input.clientStopped?.waiting;
      const server = `sockgrade's server (${transport.toUpperCase()} ${host} port ${port})`;
      const receive = transport === 'udp' ? 'recvfrom()' : 'recv()';
      const socket = waiting?.sockets.find((s) => s.transport === transport);
      let seen: string;
      if (waiting?.blockedIn === 'computing')
        return `Your client was busy computing, not waiting for the network, when sockgrade stopped it, and had sent nothing to ${server}: is it stuck in a loop before sending?`;
      if (waiting?.blockedIn === 'receive' && socket?.remote)
        seen = `Your client was blocked in ${receive}, waiting for a reply from ${showEndpoint(socket.remote)}, when sockgrade stopped it; ${server} had received nothing from it.`;
      else if (waiting?.blockedIn === 'receive' && socket && transport === 'udp')
        seen = `Your client was blocked in ${receive}, waiting for a reply, when sockgrade stopped it: it had sent a datagram (from UDP port ${socket.localPort}), but ${server} received nothing, so the datagram went somewhere else.`;
      else if (waiting?.blockedIn === 'receive')
        seen = `Your client was blocked in ${receive}, waiting for a reply, when sockgrade stopped it, and ${server} had received nothing from it.`;
      else if (waiting?.blockedIn === 'connect')
        return `Your client was still trying to connect (blocked in connect()) when sockgrade stopped it, and ${server} had received no connection. ${portAdvice(input) ?? 'Check serverName and serverPort.'}`;
      else
        seen = `Your client was still running when sockgrade stopped it, and ${server} had received nothing from it: it sent somewhere else and waits for a reply, or it never got as far as sending.`;
      return `${seen} ${portAdvice(input) ?? 'Check serverName and serverPort.'} Without settimeout(), ${receive} waits forever for a reply that never comes.`;
    },
  },
  {
    id: 'pair-client-waits-for-reply',
    test: ({ clientStopped }) => clientStopped?.peer === 'student',
    hint: ({ transport, clientStopped, source, port, portFallback }) => {
      const literal = hardCodedPort(source);
      const receive = transport === 'udp' ? 'recvfrom()' : 'recv()';
      const seen =
        clientStopped?.waiting?.blockedIn === 'receive'
          ? `Your client was blocked in ${receive}, waiting for a reply, when sockgrade stopped it`
          : 'Your client was still running when sockgrade stopped it';
      const server = clientStopped?.studentServer;
      let why: string;
      if (server && server.requests > 0 && server.answered === 0)
        why = ": your server never replies (it did not answer sockgrade's client either; see the server checks above). Fix the server first.";
      else if (server && server.answered > 0 && literal && literal.port !== port)
        why = `, though your server answers sockgrade's client on port ${port}: your client sends to port ${literal.port} (${literal.code})${portFallback ? ', not to the port sockgrade passed it as argv[2] and SERVER_PORT' : ''}. Both programs must use the same port.`;
      else if (server && server.answered > 0)
        why = ", though your server answers sockgrade's client: your client probably sent somewhere else. Check that both use the same host and port (serverName, serverPort).";
      else
        why = `: check that your client sends to the host and port your server binds, and that your server replies ${transport === 'udp' ? 'to the address recvfrom() returned' : 'on the connection it accepted'}.`;
      return `${seen}${why} Without settimeout(), ${receive} waits forever for a reply that never comes.`;
    },
  },
];

/** The first hint whose cause is recognisable in the program's output (and what else is known), if any. */
export function hintFromOutput(input: HintInput): string | undefined {
  return RULES.find((rule) => rule.test(input))?.hint(input);
}

/** The hint for a program's output under a grading plan (host, port, and why that port), with what the caller knows of the run. */
export function hintForOutput(plan: GradingPlan, output: { stdout: string; stderr: string }, context: HintContext = {}): string | undefined {
  const program = context.role === 'client' ? plan.client : context.role === 'server' ? plan.server : undefined;
  const source = program ? programSource(program) : undefined;
  return hintFromOutput({
    ...output,
    ...context,
    ...(source !== undefined ? { source } : {}),
    port: plan.port,
    host: plan.clientHost,
    transport: plan.assignment.transport,
    ...(plan.port !== plan.assignment.port ? { portFallback: { assignmentPort: plan.assignment.port, reason: plan.portReason } } : {}),
  });
}

/** Hint ids, for documentation and tests. */
export const HINT_IDS = RULES.map((r) => r.id);

/** The text with its first letter in upper case. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How much of a program's text hints read: a submission is a few hundred bytes; anything past this is not looked at. */
export const SOURCE_LIMIT = 64 * 1024;

const sources = new WeakMap<ProgramPlan, string | null>();

/** The first SOURCE_LIMIT bytes of the program's file (the copy it runs from, or the folder its jail copies), read once per plan; undefined when unreadable. */
export function programSource(program: ProgramPlan): string | undefined {
  let text = sources.get(program);
  if (text === undefined) {
    text = null;
    try {
      // Never through a symlink, nor blocking on a FIFO: the copy is the program's to change, and sockgrade may be root.
      const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
      const fd = openSync(path.join(hostFolder(program), path.basename(program.file)), flags);
      try {
        if (!fstatSync(fd).isFile()) throw new Error('not a regular file');
        const buffer = Buffer.alloc(SOURCE_LIMIT);
        const n = readSync(fd, buffer, 0, SOURCE_LIMIT, 0);
        text = buffer.toString('utf8', 0, n);
      } finally {
        closeSync(fd);
      }
    } catch {
      // unreadable: hints go by the output alone
    }
    sources.set(program, text);
  }
  return text ?? undefined;
}

/** The program's lines without comments (# and // outside quotes). */
function codeLines(source: string): string[] {
  return source.split(/\r\n|\r|\n/).map((line) => {
    let quote = '';
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quote) {
        if (ch === '\\') i++;
        else if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '#' || (ch === '/' && line[i + 1] === '/')) return line.slice(0, i);
    }
    return line;
  });
}

/** The first quoted IP address in the code that is not this machine's (loopback, the wildcard), with its assignment when it is one. */
export function remoteAddressLiteral(source: string | undefined): { address: string; code?: string } | undefined {
  if (!source) return undefined;
  for (const line of codeLines(source)) {
    for (const match of line.matchAll(/(['"])([0-9A-Fa-f.:]+)\1/g)) {
      const address = match[2] ?? '';
      if (!isRemoteAddress(address)) continue;
      const assignment = /^\s*(?:(?:final|static|private|String|const|let|var)\s+)*([A-Za-z_]\w*)\s*=\s*(['"])([0-9A-Fa-f.:]+)\2\s*;?\s*$/.exec(line);
      return assignment?.[3] === address ? { address, code: `${assignment[1]} = ${assignment[2]}${address}${assignment[2]}` } : { address };
    }
  }
  return undefined;
}

function isRemoteAddress(text: string): boolean {
  if (isIPv4(text)) return !/^(127|0)\./.test(text) && text !== '255.255.255.255';
  if (isIPv6(text)) return !/^[0:]*1?$/.test(text) && !/^::ffff:(127|0)\./i.test(text);
  return false;
}

/** The port number hard-coded in the code, when exactly one is (`serverPort = 12001`, or `(serverName, 12001)`). */
export function hardCodedPort(source: string | undefined): { port: number; code: string } | undefined {
  if (!source) return undefined;
  const found = new Map<number, string>();
  for (const line of codeLines(source)) {
    const assignment = /^\s*(?:(?:final|static|private|int|const|let|var)\s+)*([A-Za-z_]\w*)\s*=\s*(\d{2,5})\s*;?\s*$/.exec(line);
    if (assignment?.[1] && /port/i.test(assignment[1])) {
      const port = Number(assignment[2]);
      if (!found.has(port)) found.set(port, `${assignment[1]} = ${port}`);
    }
    for (const tuple of line.matchAll(/\(\s*((?:['"][^'"]*['"])|[A-Za-z_]\w*)\s*,\s*(\d{2,5})\s*\)/g)) {
      const port = Number(tuple[2]);
      if (!found.has(port)) found.set(port, `(${tuple[1]}, ${port})`);
    }
  }
  const ports = [...found].filter(([port]) => port > 0 && port < 65536);
  if (ports.length !== 1) return undefined;
  const [[port, code]] = ports as [[number, string]];
  return { port, code };
}

/** Which port the client should have used, and where it went instead, when that can be told. */
function portAdvice({ source, port, portFallback }: HintInput): string | undefined {
  const literal = hardCodedPort(source);
  const readPort = portFallback
    ? `Read the port from sys.argv[2] or os.environ['SERVER_PORT'], defaulting to ${portFallback.assignmentPort}.`
    : '';
  if (literal && literal.port !== port) {
    return portFallback
      ? `Your program sends to port ${literal.port} (${literal.code}), but ${portFallback.reason}, so sockgrade's server listened on port ${port} and passed it to your client as argv[2] and SERVER_PORT. ${readPort}`
      : `Your program sends to port ${literal.port} (${literal.code}): this assignment uses port ${port}.`;
  }
  if (portFallback)
    return `${capitalise(portFallback.reason)}, so sockgrade's server listened on port ${port} and passed it to your client as argv[2] and SERVER_PORT; your client probably sent to port ${portFallback.assignmentPort} anyway. ${readPort}`;
  return undefined;
}

/** `127.0.0.1 port 12001`, `[::1] port 12001`. */
function showEndpoint(e: { address: string; port: number }): string {
  return `${e.address.includes(':') ? `[${e.address}]` : e.address} port ${e.port}`;
}

/** The line number and code of the last traceback frame before the error matching `pattern` (Python's format). */
export function failingLine(stderr: string, pattern: RegExp): { line: number; code: string } | undefined {
  const lines = stderr.split(/\r\n|\r|\n/);
  let i = lines.findLastIndex((l) => pattern.test(l));
  if (i < 0) return undefined;
  // Skip 3.11+'s ^^^^ / ~~~~ markers to the code line, then expect the `File "…", line N` above it.
  do i--;
  while (i >= 0 && /^\s*[~^]*\s*$/.test(lines[i] ?? ''));
  const code = lines[i]?.trim();
  const frame = /^\s*File ".*", line (\d+)/.exec(lines[i - 1] ?? '');
  if (!code || !frame?.[1]) return undefined;
  return { line: Number(frame[1]), code };
}

/**
 * The verdict on a program sockgrade could not start (`errored`: never counted against the student):
 * its command missing or not runnable, or sockgrade's launch helper failing before the program ran.
 */
export function notStarted(error: SpawnError, command: string): Problem {
  if (error.code === 'EHELPER') {
    return {
      status: 'errored',
      message: `sockgrade could not start ${JSON.stringify(command)}: its launch helper failed before the program ran (${error.message})`,
      hint: "This is sockgrade's failure, not the student's, and it is not counted against them: run sockgrade doctor, then grade again.",
    };
  }
  return {
    status: 'errored',
    message: `sockgrade could not start ${JSON.stringify(command)}: ${error.code === 'ENOENT' ? 'not found on this machine' : error.message}`,
    hint: `Install ${command} or tell sockgrade how to run the program with --server-cmd / --client-cmd. This is not counted against the student.`,
  };
}
