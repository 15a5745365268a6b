// The small C programs of native/ that `npm run build` compiles into dist/native/ where a C compiler
// is (scripts/build-native.mjs): each has a slower stand-in used when it is not built.

import path from 'node:path';
import { isExecutable } from './launch/command-check.js';
import { PACKAGE_ROOT } from './version.js';

/** Where `npm run build` puts them. */
export const NATIVE_DIR = path.join(PACKAGE_ROOT, 'dist', 'native');

export type NativeProgram = 'sockgrade-exec' | 'sockgrade-netcheck';

const found = new Map<NativeProgram, string | null>();

/** The program's path when it is built and can run here (Linux), else null (checked once per process). */
export function nativeProgram(name: NativeProgram): string | null {
  let where = found.get(name);
  if (where === undefined) {
    const file = path.join(NATIVE_DIR, name);
    where = process.platform === 'linux' && isExecutable(file) ? file : null;
    found.set(name, where);
  }
  return where;
}
