// The hint catalogue: recognisable causes of a failure, found in what the student's program printed,
// each explained in plain words. Hints only explain; they never change a verdict.
import type { GradingPlan } from '../session/plan.js';

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
}

interface HintRule {
  id: string;
  test: (input: HintInput) => boolean;
  hint: (input: HintInput) => string;
}

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
    id: 'address-in-use',
    test: ({ stderr }) => /Address already in use|EADDRINUSE/.test(stderr),
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
];

/** The first hint whose cause is recognisable in the program's output, if any. */
export function hintFromOutput(input: HintInput): string | undefined {
  return RULES.find((rule) => rule.test(input))?.hint(input);
}

/** The hint for a program's output under a grading plan (host, port, and why that port). */
export function hintForOutput(plan: GradingPlan, output: { stdout: string; stderr: string }): string | undefined {
  return hintFromOutput({
    ...output,
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
