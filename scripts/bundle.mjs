#!/usr/bin/env node
// `npm run build`, second step: bundles the three programs sockgrade starts — the CLI, the grading
// worker and the reference programs — each into one ES module (with their dependencies, and chunks
// they share) under dist/bundle/. Node then reads and compiles a few files instead of resolving and
// loading ~100 modules at every start: a grading worker starts in ~75 ms instead of ~110, the CLI
// loads an assignment ~60 ms sooner (docs/benchmarks-history.md, session 4). The worker and the reference programs are
// one file each, with no chunks: they are processes of their own that share no state with the CLI,
// and one module instead of ~15 saves each worker start ~7 ms of CPU. `tsc` still type-checks and emits dist/harness/ (the benchmarks and tests
// import those modules).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
const common = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Some dependencies are CommonJS (commander, cli-progress): their `require` of Node's own modules
  // needs a real `require` inside an ES module.
  banner: { js: "import { createRequire as __sockgradeRequire } from 'node:module'; const require = __sockgradeRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [englishOnlyZod()],
};
await Promise.all([
  build({
    ...common,
    entryPoints: { main: 'harness/cli/main.ts', early: 'harness/cli/early.ts' },
    splitting: true, // a command's code still loads only when it runs (main's `await import(…)`); early.js and main.js share their state
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({ ...common, entryPoints: { 'worker-main': 'harness/worker/worker-main.ts', 'reference-entry': 'harness/validate/reference-entry.ts' }, splitting: false }),
]);

/**
 * zod re-exports its ~60 message locales (`z.locales`, ~370 KB of the bundle) though sockgrade
 * writes its own messages and uses only the English one zod configures by default: its locale index
 * becomes English alone, which makes loading an assignment ~10 ms cheaper for every command.
 */
function englishOnlyZod() {
  return {
    name: 'english-only-zod',
    setup(plugin) {
      plugin.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
        args.importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`) ? { path: 'zod-locales', namespace: 'english-only-zod' } : undefined,
      );
      plugin.onLoad({ filter: /.*/, namespace: 'english-only-zod' }, () => ({
        contents: `export { default as en } from ${JSON.stringify(path.join(root, 'node_modules', 'zod', 'v4', 'locales', 'en.js'))};`,
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}
