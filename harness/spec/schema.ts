// The assignment file format (YAML), as a zod schema: the single source of truth for validation,
// for the TypeScript type, and for the JSON Schema shipped to editors.
import { z } from 'zod';

const positiveMs = () => z.number({ error: 'expected a positive integer (milliseconds)' }).int().positive();

/** Placeholders a command template may use. */
export const COMMAND_PLACEHOLDERS = ['{file}', '{host}', '{port}', '{dir}'] as const;

const transformSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('uppercase') }).strict(),
  z
    .object({
      kind: z.literal('count-letter'),
      letter: z.string().length(1, { error: 'expected exactly one character' }),
      caseSensitive: z.boolean().default(true),
    })
    .strict(),
]);

const fixtureGroupSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected a kebab-case id such as "core"' }),
    title: z.string().min(1).optional(),
    points: z.number().nonnegative(),
    /** Sentences; `{ repeat, times }` builds a long one (e.g. a line over 1024 bytes). */
    sentences: z
      .array(
        z.union([
          z.string(),
          z
            .object({ repeat: z.string().min(1), times: z.number().int().min(1).max(10_000) })
            .strict()
            .transform((r) => r.repeat.repeat(r.times)),
        ], { error: 'expected a sentence (quote it if it contains ": ") or { repeat: "…", times: N }' }),
      )
      .min(1, { error: 'expected at least one sentence' }),
    /** Beyond the textbook: documented as such in output. */
    beyondTextbook: z.boolean().default(false),
    /** A hidden group: its checks are marked hidden and their details masked in student-visible output. */
    hidden: z.boolean().default(false),
  })
  .strict();

/** A hidden group announced in a public assignment file: its sentences come at grading time (`--fixtures`). */
const announcedGroupSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected a kebab-case id such as "hidden"' }),
    points: z.number().nonnegative(),
  })
  .strict();

const roleSchema = z
  .object({
    /** File names or glob patterns that identify this role's file in a submission. */
    files: z.array(z.string().min(1)).min(1).optional(),
    /** Command template overriding the default chosen by file extension. */
    command: z.string().min(1).optional(),
    /** Points per check id of this role. */
    points: z.record(z.string(), z.number().nonnegative()).default({}),
  })
  .strict();

/** The schema of one assignment file. */
export const assignmentSchema = z
  .object({
    $schema: z.string().optional(),
    schema: z.literal('sockgrade/assignment@1', {
      error: 'expected "sockgrade/assignment@1" (the format version of assignment files)',
    }),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected a kebab-case id such as "udp-uppercase"' }),
    title: z.string().min(1),
    description: z.string().optional(),
    transport: z.enum(['udp', 'tcp']),
    /** The port the textbook programs hard-code. */
    port: z.number().int().min(1).max(65535),
    /** The host name the student client is told to use. */
    host: z.string().min(1).default('localhost'),
    transform: transformSchema,
    timeouts: z
      .object({
        startupMs: positiveMs().default(5000),
        exchangeMs: positiveMs().default(2000),
        exitMs: positiveMs().default(2000),
      })
      .strict()
      .prefault({}),
    /** Limits on every student process (each is per process; processes counts the whole program). */
    limits: z
      .object({
        cpuSeconds: z.number({ error: 'expected a positive number (seconds of CPU time)' }).positive().default(10),
        memoryMb: z.number({ error: 'expected a positive number (MiB)' }).positive().default(1024),
        processes: z.number({ error: 'expected a positive integer' }).int().positive().default(64),
        fileSizeMb: z.number({ error: 'expected a positive number (MiB)' }).positive().default(16),
        outputKb: z.number({ error: 'expected a positive number (KiB per stream)' }).positive().default(1024),
      })
      .strict()
      .prefault({}),
    fixtures: z.array(fixtureGroupSchema).min(1, { error: 'expected at least one fixture group (the first is the core)' }),
    /** Hidden groups whose sentences the instructor adds at grading time (`--fixtures private.yaml`); a self-check counts them. */
    hiddenFixtures: z.array(announcedGroupSchema).default([]),
    /** Multi variant: the client makes one exchange per input line until end of input or the quit word (not sent). */
    multi: z
      .object({ quitWord: z.string().min(1).default('quit') })
      .strict()
      .optional(),
    /** TCP: the server must serve clients at the same time (a client waiting does not block another). */
    concurrent: z.boolean().default(false),
    /** Consecutive clients the server must serve without a restart. */
    consecutiveClients: z.number().int().min(2).max(50).default(3),
    server: roleSchema.optional(),
    client: roleSchema.optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.fixtures[0]?.hidden) ctx.addIssue({ code: 'custom', path: ['fixtures', 0, 'hidden'], message: 'the first fixture group is the core, shown to students: expected it not to be hidden' });
    const ids = new Set<string>();
    const groups = [...a.fixtures.map((g, i) => ({ id: g.id, path: ['fixtures', i, 'id'] })), ...a.hiddenFixtures.map((g, i) => ({ id: g.id, path: ['hiddenFixtures', i, 'id'] }))];
    for (const g of groups) {
      if (ids.has(g.id)) ctx.addIssue({ code: 'custom', path: g.path, message: `expected a fixture group id used once; ${JSON.stringify(g.id)} is used twice` });
      ids.add(g.id);
    }
  });

/** The schema of a private fixtures file (`--fixtures`): hidden sentences an instructor adds at grading time. */
export const privateFixturesSchema = z
  .object({
    $schema: z.string().optional(),
    schema: z.literal('sockgrade/fixtures@1', {
      error: 'expected "sockgrade/fixtures@1" (the format version of private fixtures files)',
    }),
    /** The id of the assignment these sentences belong to. */
    assignment: z.string().min(1),
    fixtures: z
      .array(fixtureGroupSchema.omit({ hidden: true }).extend({ points: z.number().nonnegative().optional() }))
      .min(1, { error: 'expected at least one fixture group' }),
  })
  .strict();

/** A validated private fixtures file. */
export type PrivateFixtures = z.infer<typeof privateFixturesSchema>;

/** A validated assignment. */
export type Assignment = z.infer<typeof assignmentSchema>;
/** One fixture group of an assignment. */
export type FixtureGroup = z.infer<typeof fixtureGroupSchema>;
/** A role's settings in an assignment. */
export type RoleSettings = z.infer<typeof roleSchema>;
