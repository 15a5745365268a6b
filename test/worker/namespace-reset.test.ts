// The check between two gradings in one worker refuses to sweep anything outside a PID namespace of
// its own, and keeps a worker only for jailed programs run as another user.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { resetNamespace } from '../../harness/worker/namespace-reset.js';
import type { GradingPlan, ProgramPlan } from '../../harness/session/plan.js';

const program = (extra: Partial<ProgramPlan>): ProgramPlan => ({ file: 'UDPServer.py', cwd: '/tmp', template: ['python3', '{file}'], ...extra });
const plan = (server: ProgramPlan): GradingPlan => ({ server, port: 12000 }) as GradingPlan;

describe('resetNamespace', () => {
  it('retires a worker whose student programs ran with its own user', async () => {
    expect(await resetNamespace(plan(program({ wrapper: ['bwrap'] })))).toBe("student programs ran unjailed or with sockgrade's own user");
    expect(await resetNamespace(plan(program({ uid: 4242 })))).toBe("student programs ran unjailed or with sockgrade's own user");
  });

  it('outside a PID namespace of its own, kills nothing and says so', async () => {
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      expect(await resetNamespace(plan(program({ wrapper: ['bwrap'], uid: 4242 })))).toBe('not inside a PID namespace of its own');
      expect(bystander.exitCode).toBeNull();
      expect(bystander.signalCode).toBeNull();
      expect(() => process.kill(bystander.pid as number, 0)).not.toThrow();
    } finally {
      bystander.kill('SIGKILL');
    }
  });
});
