// The assignment the batch tests grade against: the UDP pair with its points pinned here, so that
// gradebook texts do not move when the bundled assignment is tuned.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const YAML = `schema: sockgrade/assignment@1
id: lab2-udp
title: Lab 2, UDP upper-case
transport: udp
port: 12000
host: localhost
transform:
  kind: uppercase
fixtures:
  - id: core
    points: 4
    sentences:
      - hello world
      - sockets are fun, said the student
consecutiveClients: 3
server:
  files: [UDPServer.py, "*server*.py"]
  points: { server-binds: 2, server-keeps-serving: 2, server-udp-interleaved: 2 }
client:
  files: [UDPClient.py, "*client*.py"]
  points: { client-sends-sentence: 3, client-prints-reply: 3, client-exits: 2 }
`;

/** Writes the test assignment (optionally with another title, to make a different assignment) and returns its path. */
export async function writeAssignment(title = 'Lab 2, UDP upper-case'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-assignment-'));
  const file = path.join(dir, 'lab2-udp.yaml');
  await writeFile(file, YAML.replace('Lab 2, UDP upper-case', title));
  return file;
}

/** The scores of CLASS (make-class.ts) graded against the test assignment. */
export const SCORES: Record<string, string> = {
  alice_101: '18/18',
  bob_102: '18/18',
  carol_103: '14/18',
  dave_104: '10/18',
  erin_105: '10/18',
  frank_106: '0/18',
  grace_107: '8/18',
  heidi_108: '18/18',
  ivan_109: '14/18',
  judy_110: '15/18',
  mallory_111: '14/18',
  oscar_112: '18/18',
};
