// Test helper run INSIDE a grading namespace, like the worker: starts a jailed UDP server (argv in
// JAILED_ARGV) as its own process-group leader, exchanges one datagram with it over 127.0.0.1:12000,
// prints what it saw as JSON, and kills the server's group. Bounded: gives up after 10 s.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';

const argv = JSON.parse(process.env.JAILED_ARGV ?? '[]');
const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
const finish = (result) => {
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  console.log(JSON.stringify({ leader: child.pid, ...result }));
  process.exit(0);
};
setTimeout(() => finish({ error: 'timed out' }), 10_000).unref();
let out = '';
child.stdout.setEncoding('utf8').on('data', (chunk) => {
  out += chunk;
  const line = out.split('\n')[0];
  if (!out.includes('\n') || !line.startsWith('ready')) return;
  const [, pgrp, pid, uid] = line.split(' ').map(Number);
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, from) => finish({ pgrp, pid, uid, reply: msg.toString(), from: `${from.address}:${from.port}` }));
  socket.send('hello from the worker', 12000, '127.0.0.1');
});
child.once('exit', (code) => finish({ error: `server exited with ${code}: ${out}` }));
