// What this machine allows for isolating student programs: the shape detectIsolation() reports.

/** Absolute paths of the helper programs the sandbox uses (null: not found). */
export interface SandboxTools {
  unshare: string | null;
  bwrap: string | null;
  setpriv: string | null;
  prlimit: string | null;
  ip: string | null;
}

/** One trial run of a helper: whether it worked, how long it took, and why not in plain words. */
export interface Trial {
  ok: boolean;
  /** Wall-clock cost of the trial, in milliseconds. */
  ms: number;
  /** The argv that was tried. */
  argv: string[];
  /** Empty when ok; else the exit status / timeout and the first line of stderr. */
  detail: string;
}

/** Trial runs (null: not attempted, e.g. the tool is missing or the platform has no namespaces). */
export interface Trials {
  /** A bare network namespace (`unshare --net`, with `--user --map-root-user` when not root). */
  netns: Trial | null;
  /** Network + PID + mount namespaces with a fresh /proc (`unshare --net --pid --fork --mount-proc`). */
  pidns: Trial | null;
  /** `bwrap --dev-bind / / --unshare-net --unshare-pid --die-with-parent true`. */
  bwrap: Trial | null;
  /** As root: `setpriv --reuid 65534 --regid 65534 --clear-groups --no-new-privs -- true`. */
  setpriv: Trial | null;
  /** The namespace prefix (bwrap first, else unshare) around a program that checks only `lo` is up and binds 127.0.0.1:12000. */
  loopback: Trial | null;
  /** Which prefix the loopback trial used last (the one that worked, if any). */
  loopbackKind: NamespaceKind | null;
  /** One jail launch (bwrap read-only root, fresh /dev and /tmp; setpriv to uid 65534 when root). */
  jail: Trial | null;
  /** As root, with sockgrade-exec built: the same jail made by sockgrade-exec itself (`--jail`, Linux 5.12+), as uid 65534. */
  helperJail: Trial | null;
}

/** Kernel switches that decide whether unprivileged users may create user namespaces (null: absent). */
export interface UserNamespaceSysctls {
  /** kernel.unprivileged_userns_clone (Debian/Ubuntu kernels; 0 forbids). */
  unprivilegedUsernsClone: number | null;
  /** kernel.apparmor_restrict_unprivileged_userns (Ubuntu 23.10+; 1 forbids). */
  apparmorRestrictUnprivilegedUserns: number | null;
  /** user.max_user_namespaces (0 forbids). */
  maxUserNamespaces: number | null;
}

/** How each kind of namespace is made. */
export type NamespaceKind = 'bwrap' | 'unshare';

/** Everything sockgrade knows about the isolation this machine allows. */
export interface IsolationReport {
  platform: NodeJS.Platform;
  isRoot: boolean;
  /** The harness's uid (null where there are none, e.g. Windows). */
  uid: number | null;
  tools: SandboxTools;
  sysctls: UserNamespaceSysctls;
  trials: Trials;
  /** How each grading gets its own net + pid namespaces with loopback up; null: none (free-port fallback). */
  namespace: NamespaceKind | null;
  /** A filesystem jail works for each student process: bwrap's, or (as root) sockgrade-exec's own. */
  canJail: boolean;
  /** The harness is root and setpriv, or sockgrade-exec, can switch to an unprivileged uid. */
  canDropPrivileges: boolean;
  /** prlimit (or sockgrade-exec) is there to set CPU/memory/process/file-size limits. */
  canLimitResources: boolean;
  /** sockgrade-exec, the launch helper `npm run build` compiles where a C compiler is (limits and the uid switch in one exec); null: prlimit and setpriv are used. */
  execHelper: string | null;
  /** Why something is not available, in plain words (empty when everything works). */
  problems: string[];
}
