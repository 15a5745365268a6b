import { describe, expect, it } from 'vitest';
import { isBoundEntry, parseProcNetTable, parseProcNetUnixInodes } from '../../harness/readiness/proc-net.js';

// Literal samples from a little-endian Linux (trailing columns as the kernel prints them).
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:2EE0 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 52011 1 0000000000000000 100 0 0 10 0
   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1472 1 00000000a64352e7 100 0 0 10 0
   2: 0100007F:2EE0 0100007F:D2F4 01 00000000:00000000 00:00000000 00000000  1000        0 52013 1 0000000000000000 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:E95D 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 61234 1 0000000000000000 100 0 0 10 0
`;
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
 1234: 0100007F:2EE0 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 70001 2 0000000000000000 0
 1300: 0100007F:A1B2 0100007F:2EE0 01 00000000:00000000 00:00000000 00000000  1000        0 70002 2 0000000000000000 0
 1400: 00000000:0000 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 70003 2 0000000000000000 0
`;
const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
15373: 0000000000000000FFFF00000100007F:CF60 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 5061 2 000000005c1d8f13 0
 1234: 00000000000000000000000000000000:2EE0 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 70004 2 0000000000000000 0
`;

describe('parseProcNetTable', () => {
  it('reads address, port, state and inode of every row of an IPv4 TCP table', () => {
    expect(parseProcNetTable(TCP, { transport: 'tcp', family: 4, file: 'tcp' }, true)).toEqual([
      { transport: 'tcp', family: 4, address: '127.0.0.1', port: 12000, state: 0x0a, inode: 52011 },
      { transport: 'tcp', family: 4, address: '0.0.0.0', port: 22, state: 0x0a, inode: 1472 },
      { transport: 'tcp', family: 4, address: '127.0.0.1', port: 12000, state: 0x01, inode: 52013 },
    ]);
  });

  it('reads IPv6 rows, including IPv4-mapped and wildcard addresses', () => {
    expect(parseProcNetTable(TCP6, { transport: 'tcp', family: 6, file: 'tcp6' }, true)).toEqual([
      { transport: 'tcp', family: 6, address: '::1', port: 59741, state: 0x0a, inode: 61234 },
    ]);
    expect(parseProcNetTable(UDP6, { transport: 'udp', family: 6, file: 'udp6' }, true).map((e) => [e.address, e.port, e.inode])).toEqual([
      ['::ffff:127.0.0.1', 53088, 5061],
      ['::', 12000, 70004],
    ]);
  });

  it('skips the header, blank lines and malformed rows', () => {
    const text = `${TCP}garbage line\n   9: 0100007F 00000000:0000 0A\n   9: 0100007F:2EE0 00000000:0000 0A 0:0 0:0 0 0 0 notanumber\n\n`;
    expect(parseProcNetTable(text, { transport: 'tcp', family: 4, file: 'tcp' }, true)).toHaveLength(3);
    expect(parseProcNetTable(TCP6, { transport: 'tcp', family: 4, file: 'tcp' }, true)).toEqual([]); // IPv6 text is not IPv4
  });
});

describe('isBoundEntry', () => {
  it('counts a TCP socket only in LISTEN, not a connection', () => {
    const rows = parseProcNetTable(TCP, { transport: 'tcp', family: 4, file: 'tcp' }, true);
    expect(rows.map(isBoundEntry)).toEqual([true, true, false]);
  });

  it('counts a UDP socket bound to a port and unconnected, not a connected one nor one on port 0', () => {
    const rows = parseProcNetTable(UDP, { transport: 'udp', family: 4, file: 'udp' }, true);
    expect(rows.map((e) => [e.inode, isBoundEntry(e)])).toEqual([
      [70001, true],
      [70002, false],
      [70003, false],
    ]);
  });
});

describe('parseProcNetUnixInodes', () => {
  it('reads the inode column of every unix-domain socket row', () => {
    const text = `Num       RefCount Protocol Flags    Type St Inode Path
00000000771bd888: 00000003 00000000 00000000 0001 03  1468
0000000079da10ae: 00000002 00000000 00010000 0001 01  20311 /run/dbus/system_bus_socket
`;
    expect(parseProcNetUnixInodes(text)).toEqual([1468, 20311]);
  });
});
