// Sixteen unchanged textbook UDP servers (port 12000 hard-coded) graded at once all get full marks:
// each in its own network namespace where the machine allows it, or taking turns on port 12000
// under the fallback's lock. Either way they never collide.
import { describe, expect, it } from 'vitest';
import { cli, program, TEST_SANDBOX } from '../e2e/grade.js';
import type { Result } from '../../harness/result/types.js';

describe('sixteen textbook UDP servers graded concurrently', () => {
  it('all get full marks on port 12000, none colliding', async () => {
    const runs = await Promise.all(
      Array.from({ length: 16 }, () => cli(['check', 'udp-uppercase', '--server', program('textbook/UDPServer.py'), '--format', 'json'])),
    );
    const results = runs.map((run) => JSON.parse(run.stdout) as Result);
    expect(results.map((r) => `${r.score}/${r.maxScore} on port ${r.environment.port.used}`)).toEqual(Array(16).fill('12/12 on port 12000'));
    expect(runs.map((r) => r.code)).toEqual(Array(16).fill(0));
    expect(new Set(results.map((r) => r.environment.sandbox))).toEqual(new Set([TEST_SANDBOX === 'none' ? 'none' : 'namespace']));
  });
});
