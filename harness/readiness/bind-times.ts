// How long servers took to bind, remembered by the process that starts them (a grading worker starts
// one per grading, with the same interpreter): the first look at a new server's sockets can wait until
// a little before the earliest of those, instead of reading /proc every millisecond while the
// interpreter starts up (a Python server takes ~40 ms to bind here; each look costs ~0.3 ms of CPU,
// taken from the student programs on a machine whose cores are all grading).

/** How many recent binds of one command are remembered. */
const REMEMBERED = 8;
/** Binds of a command seen before its first look is put off. */
const SEEN_BEFORE = 2;
/** The first look comes at this fraction of the earliest remembered bind. */
const LEAD = 0.75;

/** Recent bind times (from launch to the bind being seen) by the command that started the server. */
export class BindTimes {
  private readonly byCommand = new Map<string, number[]>();

  /**
   * How long to wait before the first look at a server started with `command`: 0 until it has been
   * seen binding {@link SEEN_BEFORE} times, then {@link LEAD} of the earliest of its last
   * {@link REMEMBERED} binds. A server faster than all of those is seen at that time, no later.
   */
  firstLookMs(command: string): number {
    const times = this.byCommand.get(command);
    if (times === undefined || times.length < SEEN_BEFORE) return 0;
    return Math.floor(Math.min(...times) * LEAD);
  }

  /** Remembers that a server started with `command` was seen bound `waitedMs` after its launch. */
  record(command: string, waitedMs: number): void {
    const times = this.byCommand.get(command) ?? [];
    times.push(waitedMs);
    if (times.length > REMEMBERED) times.shift();
    this.byCommand.set(command, times);
  }
}
