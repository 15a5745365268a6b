// --port auto (and a taken assignment port) on the machine's shared network: a free port below the
// kernel's ephemeral range, which no outgoing connection can take before the student's server binds it.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { choosePort, isFree } from '../../harness/session/ports.js';

describe('choosing a port', () => {
  it('gives a free port below the ephemeral range for --port auto, each time another', async () => {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    const choices = await Promise.all(Array.from({ length: 8 }, () => choosePort(12000, 'auto')));
    for (const c of choices) {
      expect(c.port).toBeLessThan(low);
      expect(c.port).toBeGreaterThanOrEqual(1024);
      expect(c.reason).toBe('--port auto asked for a free port');
    }
    expect(new Set(choices.map((c) => c.port)).size).toBe(choices.length);
  });

  it("takes the assignment's port when free, and says why it took another when not", async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen({ port: 0, host: '0.0.0.0' }, resolve));
    const taken = (holder.address() as net.AddressInfo).port;
    try {
      expect(await isFree(taken)).toBe(false);
      const other = await choosePort(taken, undefined);
      expect(other.port).not.toBe(taken);
      expect(other.reason).toBe(`port ${taken} was in use on this machine`);
      expect(await choosePort(taken, 4321)).toEqual({ port: 4321, reason: 'port 4321 was given with --port' });
    } finally {
      holder.close();
    }
  });
});
