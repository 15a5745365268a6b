#!/usr/bin/env python3
"""The graders sockgrade is compared with (see docs/benchmarks.md), with no harness at all.

  python3 bench/floor.py --mode floor|naive --transport udp|tcp --jobs N SUBMISSION_DIR...

Each SUBMISSION_DIR holds the student's server and client (the first file named *Server*.py /
*Client*.py). Submissions run N at a time; each runs in a forked child that unshares a fresh
network namespace (as sockgrade's worker does, so the textbook programs' fixed port 12000 is free;
it costs ~1 ms), with a TCP connection hash of 256 buckets where the kernel allows it (as sockgrade's
worker has: see fresh_netns), and then drives exactly the exchanges sockgrade's udp-uppercase /
tcp-uppercase checks make:

  server role: start the server; wait until it has bound the port (floor: /proc/net polled every
  1 ms, and its exit watched; naive: sleep 1 s); the core sentences (3), non-ASCII, whitespace, the
  long line, (UDP) the empty datagram, each from a fresh socket; 3 consecutive clients; (UDP) two
  interleaved clients; stop the server.
  client role: a reference server on the port (upper-case plus a token); the client run once per
  core sentence (3 runs), each with the sentence on stdin. The naive grader starts the textbook
  server as a program of its own instead, sleeps 1 s (as after any server it starts), runs the
  client once per core sentence (each within 5 s) and looks for the upper-cased sentence.

The floor stops a check at its first failed exchange and skips the server's exchanges when the
server exited before binding (as sockgrade does); the naive grader cannot tell a crash from a slow
start, so it sleeps, then lets each check's first exchange time out (1 s; sockgrade allows 2 s).
Prints one JSON object: per-submission timings (ms) and the wall time.
"""
import argparse
import ctypes
import fcntl
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import time

PORT = 12000
CORE = ['hello world', 'the quick brown fox jumps over the lazy dog', 'sockets are fun, said the student']
EXTRA_UDP = ['straße, café and naïve', '   three spaces before and two after  ', 'all work and no play makes a long line ' * 40, '']
EXTRA_TCP = EXTRA_UDP[:3]
CLONE_NEWNET = 0x40000000


def fresh_netns():
    """A network namespace of its own, with its loopback up; True when its TCP hash is a small one.

    A fresh namespace gets a TCP connection hash as big as the machine's (262,144 buckets here), and
    reading /proc/net/tcp walks all of it (~3.4 ms), which a 1 ms poll for a TCP server's listen would
    pay at every look. sockgrade's worker runs in a namespace made with 256 buckets (as root, Linux
    6.1+: net.ipv4.tcp_child_ehash_entries set in a namespace, then its child made); the floor does
    the same, so that neither pays that walk. Where the setting is missing, the first namespace is used.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), 'unshare(CLONE_NEWNET) (run as root, or with user namespaces)')
    small = False
    try:
        with open('/proc/sys/net/ipv4/tcp_child_ehash_entries', 'w') as f:
            f.write('256')
        if libc.unshare(CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), 'unshare(CLONE_NEWNET) for the small TCP hash')
        small = True
    except OSError:
        pass
    # Bring loopback up (SIOCGIFFLAGS / SIOCSIFFLAGS with IFF_UP).
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ifr = struct.pack('16sH14x', b'lo', 0)
    flags = struct.unpack('16sH14x', fcntl.ioctl(s, 0x8913, ifr))[1]
    fcntl.ioctl(s, 0x8914, struct.pack('16sH14x', b'lo', flags | 1))
    s.close()
    return small


def bound(transport):
    """True when something in this namespace has bound the port (listening, for TCP)."""
    files = ['/proc/net/udp', '/proc/net/udp6'] if transport == 'udp' else ['/proc/net/tcp', '/proc/net/tcp6']
    want = ':%04X' % PORT
    for name in files:
        try:
            with open(name) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    if parts[1].endswith(want) and (transport == 'udp' or parts[3] == '0A'):
                        return True
        except FileNotFoundError:
            pass
    return False


def env():
    e = {k: v for k, v in os.environ.items() if k in ('PATH', 'LANG', 'LC_ALL', 'TZ', 'HOME')}
    e.update(SERVER_HOST='localhost', SERVER_PORT=str(PORT), PYTHONUNBUFFERED='1')
    return e


PYTHON = 'python3'
# The process groups this grading started (each program runs in a session of its own), ended if the bench is stopped.
STARTED = set()


def popen(argv, **kw):
    proc = subprocess.Popen(argv, start_new_session=True, **kw)
    STARTED.add(proc.pid)
    return proc


def end_started(signum, _frame):
    """A stopped bench (SIGINT, SIGTERM to this process group): end every program this grading started, then leave."""
    for pgid in STARTED:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass
    os._exit(128 + signum)


def start(path, **kw):
    return popen([PYTHON, os.path.basename(path), 'localhost', str(PORT)], cwd=os.path.dirname(path), env=env(), **kw)


def stop(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(2)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def udp_exchange(payload, timeout):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(payload, ('127.0.0.1', PORT))
        try:
            return s.recvfrom(65536)[0]
        except OSError:
            return None


def tcp_exchange(payload, timeout):
    try:
        with socket.create_connection(('127.0.0.1', PORT), timeout=timeout) as s:
            s.sendall(payload)
            got = b''
            while True:  # the textbook server closes after its reply
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
            # As sockgrade does: a reset, not a close, so that no TIME_WAIT keeps the port from the next bind.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            return got
    except OSError:
        return None


def server_role(path, transport, mode, t):
    timeout = 1.0 if mode == 'naive' else 2.0
    t0 = time.monotonic()
    proc = start(path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    crashed = False
    if mode == 'naive':
        time.sleep(1)
    else:
        deadline = t0 + 5
        while not bound(transport):
            if proc.poll() is not None:
                crashed = True
                break
            if time.monotonic() > deadline:
                crashed = True
                break
            time.sleep(0.001)
    t['server_ready_ms'] = round((time.monotonic() - t0) * 1000, 1)
    if crashed:
        t['server_exited_before_bind'] = True
    else:
        exchange = udp_exchange if transport == 'udp' else tcp_exchange
        groups = [CORE] + [[s] for s in (EXTRA_UDP if transport == 'udp' else EXTRA_TCP)] + [CORE]  # the last: consecutive clients
        for group in groups:
            for sentence in group:
                reply = exchange(sentence.encode(), timeout)
                if reply is None:
                    break  # the check has failed: its other exchanges are not made
        if transport == 'udp':  # two interleaved clients
            a, b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM), socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            for s, text in ((a, CORE[0]), (b, CORE[1])):
                s.settimeout(timeout)
                s.sendto(text.encode(), ('127.0.0.1', PORT))
            for s in (a, b):
                try:
                    s.recvfrom(65536)
                except OSError:
                    pass
                s.close()
    stop(proc)
    proc.stderr.close()
    t['server_role_ms'] = round((time.monotonic() - t0) * 1000, 1)


def client_role(path, transport, t):
    t0 = time.monotonic()
    kind = socket.SOCK_DGRAM if transport == 'udp' else socket.SOCK_STREAM
    srv = socket.socket(socket.AF_INET, kind)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('', PORT))
    if transport == 'tcp':
        srv.listen(8)
    ok = 0
    for i, sentence in enumerate(CORE):
        reply = (sentence.upper() + ' [TOKEN%d]' % i).encode()
        proc = start(path, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdin.write((sentence + '\n').encode())
        proc.stdin.close()
        out, err = proc.stdout, proc.stderr
        got = b''
        conn = None
        replied = False
        deadline = time.monotonic() + 5
        pending = [out, err, srv]
        while (out in pending or err in pending) and time.monotonic() < deadline:
            ready, _, _ = select.select(pending, [], [], max(0.0, deadline - time.monotonic()))
            for r in ready:
                if r is srv and transport == 'udp':
                    data, addr = srv.recvfrom(65536)
                    srv.sendto(reply, addr)
                elif r is srv:
                    conn, _ = srv.accept()
                    pending.remove(srv)
                    pending.append(conn)
                elif r is conn:
                    data = conn.recv(65536)
                    if data and not replied:
                        conn.sendall(reply)  # then let the client close first (no TIME_WAIT on the port)
                        replied = True
                    elif not data:
                        pending.remove(conn)
                        conn.close()
                else:
                    chunk = os.read(r.fileno(), 65536)
                    if not chunk:
                        pending.remove(r)
                    elif r is out:
                        got += chunk
        if out in pending or err in pending:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        out.close()
        err.close()
        if conn is not None and conn in pending:
            conn.close()
        ok += reply.decode() in got.decode(errors='replace')
    srv.close()
    t['client_ok'] = ok
    t['client_role_ms'] = round((time.monotonic() - t0) * 1000, 1)


# The naive grader's reference server for a student's client: the textbook server, as its own program.
REFERENCE_SERVER = {
    'udp': '''
from socket import *
import sys
s = socket(AF_INET, SOCK_DGRAM)
s.bind(('', int(sys.argv[1])))
while True:
    m, a = s.recvfrom(2048)
    s.sendto(m.decode().upper().encode(), a)
''',
    'tcp': '''
from socket import *
import sys
s = socket(AF_INET, SOCK_STREAM)
s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
s.bind(('', int(sys.argv[1])))
s.listen(8)
while True:
    c, a = s.accept()
    c.send(c.recv(1024).decode().upper().encode())
    c.close()
''',
}


def naive_client_role(path, transport, t):
    """What instructors script today: start the reference server, sleep 1, run the client once per
    sentence (`echo sentence | timeout 5 python3 Client.py`), look for the upper-cased sentence, kill."""
    t0 = time.monotonic()
    server = popen([PYTHON, '-c', REFERENCE_SERVER[transport], str(PORT)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    ok = 0
    for sentence in CORE:
        run = popen([PYTHON, os.path.basename(path), 'localhost', str(PORT)], cwd=os.path.dirname(path), env=env(),
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out, _ = run.communicate((sentence + '\n').encode(), timeout=5)
            ok += sentence.upper() in out.decode(errors='replace')
        except subprocess.TimeoutExpired:
            run.kill()
            run.communicate()
    stop(server)
    t['client_ok'] = ok
    t['client_role_ms'] = round((time.monotonic() - t0) * 1000, 1)


def grade(sub, transport, mode):
    t = {'submission': os.path.basename(sub)}
    t0 = time.monotonic()
    t['small_tcp_hash'] = fresh_netns()
    names = sorted(os.listdir(sub))
    server = next((n for n in names if 'server' in n.lower()), None)
    client = next((n for n in names if 'client' in n.lower()), None)
    if server:
        server_role(os.path.join(sub, server), transport, mode, t)
    if client and mode == 'naive':
        naive_client_role(os.path.join(sub, client), transport, t)
    elif client:
        client_role(os.path.join(sub, client), transport, t)
    t['total_ms'] = round((time.monotonic() - t0) * 1000, 1)
    return t


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--mode', choices=['floor', 'naive'], required=True)
    p.add_argument('--transport', choices=['udp', 'tcp'], required=True)
    p.add_argument('--jobs', type=int, default=os.cpu_count() or 1)
    p.add_argument('--python', default='python3', help='the interpreter the student programs run with')
    p.add_argument('subs', nargs='+')
    a = p.parse_args()
    global PYTHON
    PYTHON = a.python
    started = time.monotonic()
    todo = list(a.subs)
    running = {}
    results = []
    while todo or running:
        while todo and len(running) < a.jobs:
            sub = todo.pop(0)
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                signal.signal(signal.SIGTERM, end_started)
                signal.signal(signal.SIGINT, end_started)
                os.close(r)
                try:
                    data = json.dumps(grade(sub, a.transport, a.mode)).encode()
                except BaseException as e:  # noqa: BLE001 — reported, never hidden
                    data = json.dumps({'submission': os.path.basename(sub), 'error': repr(e)}).encode()
                os.write(w, data)
                os._exit(0)
            os.close(w)
            running[pid] = r
        pid, _ = os.wait()
        r = running.pop(pid)
        with os.fdopen(r, 'rb') as f:
            results.append(json.loads(f.read() or b'{}'))
    json.dump({'mode': a.mode, 'transport': a.transport, 'jobs': a.jobs, 'wall_ms': round((time.monotonic() - started) * 1000, 1), 'submissions': results}, sys.stdout)
    print()


if __name__ == '__main__':
    main()
