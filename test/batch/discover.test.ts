// Discovering a class in each export layout, and which file is matched to which role.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { discoverSubmissions } from '../../harness/batch/discover.js';
import { matchRoles, assignmentRoles, rolePatterns } from '../../harness/batch/match-roles.js';
import { matchingLine } from '../../harness/batch/matching.js';
import { extractZip, safeTarget } from '../../harness/batch/zip.js';
import { loadAssignmentFile } from '../../harness/spec/load.js';
import { CLASS, makeClass, type ExportLayout } from './make-class.js';

async function matching(submissions: string): Promise<{ layout: string; lines: string[]; ignored: string[] }> {
  const { assignment } = await loadAssignmentFile('assignments/udp-uppercase.yaml');
  const roles = assignmentRoles(assignment).map((role) => ({ role, patterns: rolePatterns(assignment, role) }));
  const found = await discoverSubmissions(submissions);
  const lines = found.submissions.map((s) =>
    matchingLine({ student: s.student, matched: Object.fromEntries(matchRoles(assignment, s.files).flatMap((m) => (m.file ? [[m.role, m.file.display]] : []))) }, roles),
  );
  return { layout: found.layout, lines, ignored: found.ignored };
}

const FRANK = 'no file matches UDPServer.py or *server*.py); client none (no file matches UDPClient.py or *client*.py)';
const DAVE_CLIENT = 'client none (no file matches UDPClient.py or *client*.py)';

const EXPECTED: Record<ExportLayout, string[]> = {
  folders: [
    'alice: server alice/UDPServer.py; client alice/UDPClient.py',
    'bob: server bob/udp-server.py; client bob/udp-client.py',
    'carol: server carol/UDPServer.py; client carol/UDPClient.py',
    `dave: server dave/UDPServer.py; ${DAVE_CLIENT}`,
    'erin: server erin/UDPServer.py; client erin/UDPClient.py',
    `frank: server none (${FRANK}`,
    'grace: server grace/UDPServer.py; client grace/UDPClient.py',
    'heidi: server heidi/server_udp.py; client heidi/my_client.py',
    'ivan: server ivan/UDPServer.py; client ivan/UDPClient.py',
    'judy: server judy/UDPServer.py; client judy/UDPClient.py',
    'mallory: server mallory/UDPServer.py; client mallory/UDPClient.py',
    'oscar: server oscar/UDPServer.py; client oscar/UDPClient.py',
  ],
  canvas: [
    'alice_101: server alice_101_5101_UDPServer.py; client alice_101_5101_UDPClient.py',
    'bob_102: server bob_102_5102_udp-server.py; client bob_102_5102_udp-client.py',
    'carol_103: server carol_103_5103_UDPServer.py; client carol_103_5103_UDPClient.py',
    `dave_104: server dave_104_5104_UDPServer.py; ${DAVE_CLIENT}`,
    'erin_105: server erin_105_5105_UDPServer.py; client erin_105_5105_UDPClient.py',
    `frank_106: server none (${FRANK}`,
    'grace_107: server grace_107_5107_UDPServer.py; client grace_107_5107_UDPClient.py',
    'heidi_108: server heidi_108_5108_server_udp.py; client heidi_108_5108_my_client.py',
    'ivan_109: server ivan_109_5109_UDPServer.py; client ivan_109_5109_UDPClient.py',
    'judy_110: server judy_110_5110_UDPServer.py; client judy_110_5110_UDPClient.py',
    'mallory_111: server mallory_111_5111_UDPServer.py; client mallory_111_5111_UDPClient.py',
    'oscar_112: server oscar_112_5112_UDPServer.py; client oscar_112_5112_UDPClient.py',
  ],
  moodle: [
    'Alice Adams_101: server Alice Adams_101_assignsubmission_file_/UDPServer.py; client Alice Adams_101_assignsubmission_file_/UDPClient.py',
    'Bob Brown_102: server Bob Brown_102_assignsubmission_file_/udp-server.py; client Bob Brown_102_assignsubmission_file_/udp-client.py',
    'Carol Clark_103: server Carol Clark_103_assignsubmission_file_/UDPServer.py; client Carol Clark_103_assignsubmission_file_/UDPClient.py',
    `Dave Davis_104: server Dave Davis_104_assignsubmission_file_/UDPServer.py; ${DAVE_CLIENT}`,
    'Erin Evans_105: server Erin Evans_105_assignsubmission_file_/UDPServer.py; client Erin Evans_105_assignsubmission_file_/UDPClient.py',
    `Frank Foster_106: server none (${FRANK}`,
    'Grace Green_107: server Grace Green_107_assignsubmission_file_/UDPServer.py; client Grace Green_107_assignsubmission_file_/UDPClient.py',
    'Heidi Hill_108: server Heidi Hill_108_assignsubmission_file_/server_udp.py; client Heidi Hill_108_assignsubmission_file_/my_client.py',
    'Ivan Irwin_109: server Ivan Irwin_109_assignsubmission_file_/UDPServer.py; client Ivan Irwin_109_assignsubmission_file_/UDPClient.py',
    'Judy Jones_110: server Judy Jones_110_assignsubmission_file_/UDPServer.py; client Judy Jones_110_assignsubmission_file_/UDPClient.py',
    'Mallory Moore_111: server Mallory Moore_111_assignsubmission_file_/UDPServer.py; client Mallory Moore_111_assignsubmission_file_/UDPClient.py',
    'Oscar Owens_112: server Oscar Owens_112_assignsubmission_file_/UDPServer.py; client Oscar Owens_112_assignsubmission_file_/UDPClient.py',
  ],
  gradescope: [
    'Alice Adams_101: server submission_101/UDPServer.py; client submission_101/UDPClient.py',
    'Bob Brown_102: server submission_102/udp-server.py; client submission_102/udp-client.py',
    'Carol Clark_103: server submission_103/UDPServer.py; client submission_103/UDPClient.py',
    `Dave Davis_104: server submission_104/UDPServer.py; ${DAVE_CLIENT}`,
    'Erin Evans_105: server submission_105/UDPServer.py; client submission_105/UDPClient.py',
    `Frank Foster_106: server none (${FRANK}`,
    'Grace Green_107: server submission_107/UDPServer.py; client submission_107/UDPClient.py',
    'Heidi Hill_108: server submission_108/server_udp.py; client submission_108/my_client.py',
    'Ivan Irwin_109: server submission_109/UDPServer.py; client submission_109/UDPClient.py',
    'Judy Jones_110: server submission_110/UDPServer.py; client submission_110/UDPClient.py',
    'Mallory Moore_111: server submission_111/UDPServer.py; client submission_111/UDPClient.py',
    'Oscar Owens_112: server submission_112/UDPServer.py; client submission_112/UDPClient.py',
  ],
};

describe('discovering a class', () => {
  for (const layout of ['folders', 'canvas', 'moodle', 'gradescope'] as const) {
    test(`recognises a ${layout} layout, as a folder and as a .zip, and matches each role's file`, async () => {
      for (const zip of [false, true]) {
        const given = await makeClass(layout, CLASS, { zip });
        const root = zip ? await extractZip(given) : undefined;
        try {
          expect(await matching(root?.root ?? given)).toEqual({ layout, lines: EXPECTED[layout], ignored: [] });
        } finally {
          await root?.dispose();
        }
      }
    });
  }

  test('takes the first pattern that matches, strips Canvas re-upload suffixes, marks late work, and lists names of no submission', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-flat-'));
    for (const name of ['smithjohn_LATE_7_70_UDPServer-1.py', 'smithjohn_LATE_7_70_udp_server_old.py', 'smithjohn_LATE_7_70_UDPClient.py', 'syllabus.pdf']) await writeFile(path.join(dir, name), 'print(1)\n');
    expect(await matching(dir)).toEqual({
      layout: 'canvas',
      lines: ['smithjohn_7: server smithjohn_LATE_7_70_UDPServer-1.py; client smithjohn_LATE_7_70_UDPClient.py'],
      ignored: ['syllabus.pdf'],
    });
    const found = await discoverSubmissions(dir);
    expect(found.submissions[0]?.identity).toEqual({ name: 'smithjohn', canvasUserId: '7', late: true });
  });

  test('Moodle files exported flat (not in folders) are grouped by participant', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-moodle-'));
    for (const name of ['Ana María López_31_assignsubmission_file_UDPServer.py', 'Ana María López_31_assignsubmission_file_UDPClient.py', 'Ana María López_31_assignsubmission_onlinetext_onlinetext.html']) {
      await writeFile(path.join(dir, name), 'x\n');
    }
    expect(await matching(dir)).toEqual({
      layout: 'moodle',
      lines: ['Ana María López_31: server Ana María López_31_assignsubmission_file_UDPServer.py; client Ana María López_31_assignsubmission_file_UDPClient.py'],
      ignored: ['Ana María López_31_assignsubmission_onlinetext_onlinetext.html'],
    });
  });

  test('a zip entry that would land outside the extraction folder is refused, and nothing is left behind', async () => {
    expect(safeTarget('/x', '../evil.py')).toBeUndefined();
    expect(safeTarget('/x', '/etc/passwd')).toBeUndefined();
    expect(safeTarget('/x', 'a/../../b')).toBeUndefined();
    expect(safeTarget('/x', 'C:/win.py')).toBeUndefined();
    expect(safeTarget('/x', 'alice/UDPServer.py')).toBe('/x/alice/UDPServer.py');
    const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-evil-'));
    const file = path.join(dir, 'evil.zip');
    await writeFile(file, zipSync({ 'alice/UDPServer.py': new Uint8Array([1]), '../../escaped.py': new Uint8Array([2]) }));
    await expect(extractZip(file)).rejects.toThrow(`submissions ${file}: entry "../../escaped.py" would be written outside the extraction folder`);
    await expect(readFile(path.join(tmpdir(), 'escaped.py'))).rejects.toThrow();
  });

  test('a zip that unpacks to more than the cap is refused', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-big-'));
    const file = path.join(dir, 'big.zip');
    await writeFile(file, zipSync({ 'alice/UDPServer.py': new Uint8Array(4096) }));
    await expect(extractZip(file, { maxTotalBytes: 10_000, maxFileBytes: 1000, maxFiles: 10 })).rejects.toThrow(`submissions ${file}: alice/UDPServer.py unpacks to more than 1000 bytes`);
  });
});
