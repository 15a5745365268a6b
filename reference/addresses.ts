// Address helpers shared by the reference servers and clients.
import { isIP } from 'node:net';
import type { PeerAddress } from './types.js';

/** Loopback addresses a reference server listens on by default (IPv4 and IPv6). */
export const DEFAULT_HOSTS: readonly string[] = ['127.0.0.1', '::1'];

/** The address to use for a host: 'localhost' → 127.0.0.1 (one deterministic family), '' → 0.0.0.0 (Python's `bind('')`). */
export function resolveHost(host: string): string {
  if (host === 'localhost') return '127.0.0.1';
  if (host === '') return '0.0.0.0';
  return host;
}

/** The IP family of a host as given: IPv6 only for an IPv6 literal. */
export function familyOf(host: string): 'IPv4' | 'IPv6' {
  return isIP(host) === 6 ? 'IPv6' : 'IPv4';
}

/** A peer address from the parts Node reports (a family may be missing or numeric). */
export function peerAddress(address: string | undefined, port: number | undefined, family: string | number | undefined): PeerAddress {
  const addr = address ?? '';
  const fam = family === 'IPv6' || family === 6 || (family === undefined && isIP(addr) === 6) ? 'IPv6' : 'IPv4';
  return { address: addr, port: port ?? 0, family: fam };
}

/** `host:port`, with brackets around an IPv6 address. */
export function formatAddress(a: { address: string; port: number }): string {
  return isIP(a.address) === 6 ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

/** The `code` of a Node system error, or 'UNKNOWN'. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return 'UNKNOWN';
}

/** `{ code, message }` of any thrown value, as results carry it. */
export function errorInfo(error: unknown): { code: string; message: string } {
  return { code: errorCode(error), message: error instanceof Error ? error.message : String(error) };
}
