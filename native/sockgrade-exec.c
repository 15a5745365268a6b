/*
 * sockgrade-exec: jails, sets resource limits, switches to an unprivileged user, and becomes the program.
 *
 *   sockgrade-exec [--status-fd N] [--jail [JAIL OPTIONS...]] [--cpu SECONDS] [--data BYTES] [--nproc N]
 *                  [--fsize BYTES] [--uid UID --gid GID] -- PROGRAM [ARGS...]
 *
 * It does, in one small static program, what `prlimit … -- bwrap … -- setpriv … --` did with three
 * dynamically linked ones: sockgrade starts every student program through it, and each of those cost
 * ~1 ms of CPU per launch, bwrap ~2.5 ms (it forks, pivots to a new root and makes ~25 mounts).
 *
 * --jail (root only) gives the program a mount namespace of its own, the same filesystem view
 * sockgrade's bwrap jail gives (harness/sandbox/jail.ts): everything read-only, nosuid and nodev; a
 * fresh /dev (null, zero, full, random, urandom, tty, a new devpts, shm, the fd links) and a fresh
 * /tmp (tmpfs, 1777); then the jail options, applied in the order given:
 *   --tmpfs PATH      an empty tmpfs (0755) over the folder PATH (hides it);
 *   --hide-file PATH  /dev/null, read-only, over the file PATH;
 *   --dir PATH        makes the folder PATH (0755), inside a tmpfs made before;
 *   --ro-bind PATH    PATH as it was before the jail, read-only, at the same place;
 *   --bind PATH       the same, writable;
 *   --copy FROM PATH  the folder PATH (0755, owned by --uid/--gid), inside the jail's /tmp, holding a copy
 *                     of the folder FROM as it was before the jail: folders (mode kept, plus owner rwx,
 *                     minus group and other write), regular files (mode kept, minus setuid, setgid and
 *                     sticky), and symbolic links whose text is relative and stays inside FROM; nothing
 *                     else (fifos, sockets, devices, links leading out). Every copy is the program's uid's.
 *                     The jail's /tmp then holds the copies' size besides its 64 MiB and 16,384 files, so a
 *                     program's room to write stays the same, and nothing it writes outlives it;
 *   --chdir PATH      the working directory.
 * What is bound is taken (open_tree) before anything is covered, so a folder can be bound from under a
 * path that is hidden. Needs Linux 5.12 (open_tree, move_mount, mount_setattr); sockgrade tries it
 * once per run and uses bwrap where it fails.
 *
 * Jailed or not, the program is killed when the process that started it dies (as bwrap's
 * --die-with-parent), set after the switch of user, which clears it (and so cleared bwrap's).
 *
 * --cpu N sets RLIMIT_CPU to N (soft) and N+1 (hard), so that the kernel sends SIGXCPU first;
 * --data, --nproc and --fsize set RLIMIT_DATA, RLIMIT_NPROC and RLIMIT_FSIZE (soft = hard); RLIMIT_CORE
 * is always 0 (no core dump), and every descriptor above 2 but --status-fd's is closed at the exec.
 * In the jail, /tmp holds at most 64 MiB and 16,384 files (a tmpfs is memory), and the working
 * directory is "/" unless --chdir says otherwise.
 * --uid/--gid (root only): no supplementary groups, real/effective/saved gid and uid set, then
 * no capabilities left (inheritable and ambient cleared too) and no_new_privs, as
 * `setpriv --reuid U --regid G --clear-groups --inh-caps=-all --no-new-privs` does.
 *
 * It fails closed: a bad argument or any step that fails ends it with status 125 and a message on
 * stderr, before the program runs. A program that cannot be executed gives 127 (126: not executable).
 * --status-fd N (first, when given): "started" and a newline are written there at once, then the
 * failure's message, if any; N is closed when the program starts (close-on-exec). An exec that fails
 * for the program's own reason (not there, not executable, not a program) exits 127 or 126; for any
 * other (EAGAIN under --nproc with the uid's other processes, ENOMEM, E2BIG…) it is the helper's failure. Whoever started
 * sockgrade-exec can so tell its own failure from a program that exits 125 and prints the same words
 * (the program never holds N), and a wrapper that failed before sockgrade-exec ran (bwrap, which
 * keeps N open for it) from a program that ran: nothing came on N.
 * Built by `npm run build` (scripts/build-native.mjs) when a C compiler is there; without it,
 * sockgrade uses bwrap, prlimit and setpriv.
 *
 *   sockgrade-exec --own-tcp-hash BUCKETS -- COMMAND [ARGS...]
 *
 * is another use, for the grading worker (harness/sandbox/namespace-command.ts), in the network
 * namespace its prefix has just made: where it can (root, Linux 6.1+) it runs COMMAND in a network
 * namespace of its own, the child of one it makes first and sets net.ipv4.tcp_child_ehash_entries to
 * BUCKETS in (so it never changes the setting of a namespace it was given), with its loopback up.
 * That namespace's TCP connections then have a hash of their own,
 * and reading /proc/net/tcp there (the worker does, to see a server listen and what a grading left)
 * walks BUCKETS buckets instead of the machine's hash (262,144 on a machine with much memory: ~3 ms a
 * read). Where a step fails, COMMAND runs in the namespace it was given, as it would have without it.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <linux/close_range.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The new mount API (Linux 5.2, mount_setattr 5.12), for C libraries and headers older than it. */
#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif
#define ATTR_RDONLY 0x00000001
#define ATTR_NOSUID 0x00000002
#define ATTR_NODEV 0x00000004
struct attr_of_mount {
  uint64_t attr_set;
  uint64_t attr_clr;
  uint64_t propagation;
  uint64_t userns_fd;
};

/* --status-fd: where "started" is said, and a failure reported besides stderr (-1: nowhere). */
static int status_fd = -1;

/* Writes `message` whole to the status descriptor, if there is one. */
static void report_status(const char *message) {
  if (status_fd < 0) return;
  size_t length = strlen(message);
  for (size_t at = 0; at < length;) {
    ssize_t n = write(status_fd, message + at, length - at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    at += (size_t)n;
  }
}

static void report(const char *message) {
  fputs(message, stderr);
  report_status(message);
}

static void fail(const char *what, const char *detail) {
  char message[1024];
  snprintf(message, sizeof message, "sockgrade-exec: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  report(message);
  exit(125);
}

static unsigned long long number(const char *option, const char *text) {
  if (text == NULL || *text < '0' || *text > '9') fail(option, "expected a whole number");
  errno = 0;
  char *end = NULL;
  unsigned long long value = strtoull(text, &end, 10);
  if (errno != 0 || end == NULL || *end != '\0') fail(option, "expected a whole number");
  return value;
}

/* A uid or gid: at most 4294967294 (a wider number would be cut to another id, e.g. 2^32 to root; 4294967295 means "unchanged"). */
static long long id_number(const char *option, const char *text) {
  unsigned long long value = number(option, text);
  if (value > 4294967294ULL) fail(option, "expected a user or group id below 4294967295");
  return (long long)value;
}

static void limit(int resource, const char *name, rlim_t soft, rlim_t hard) {
  struct rlimit rl = { soft, hard };
  if (setrlimit(resource, &rl) != 0) fail(name, strerror(errno));
}

/* ---- the jail ---- */

enum { TMPFS, HIDE_FILE, DIR_, RO_BIND, BIND, COPY };
#define MAX_STEPS 256
struct step {
  int kind;
  const char *path;
  const char *from; /* COPY: the folder copied */
  int tree; /* RO_BIND, BIND, HIDE_FILE: what is attached there, COPY: the folder copied, taken before anything was covered */
};
static struct step steps[MAX_STEPS];
static int step_count = 0;
static const char *const DEVICES[] = { "null", "zero", "full", "random", "urandom", "tty" };
#define DEVICE_COUNT (sizeof DEVICES / sizeof DEVICES[0])

static void jail_fail(const char *what, const char *path) {
  char message[1024];
  snprintf(message, sizeof message, "sockgrade-exec: --jail: %s %s: %s\n", what, path, strerror(errno));
  report(message);
  exit(125);
}

/* A detached copy of the mount tree at `path` (with what is mounted below it). */
static int take_tree(const char *path) {
  int fd = (int)syscall(SYS_open_tree, AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
  if (fd < 0) jail_fail("cannot take", path);
  return fd;
}

static void set_attributes(int dirfd, const char *path, unsigned flags, uint64_t set, uint64_t clear) {
  struct attr_of_mount attr = { set, clear, 0, 0 };
  if (syscall(SYS_mount_setattr, dirfd, path, flags | AT_RECURSIVE, &attr, sizeof attr) != 0) jail_fail("cannot set the mount flags of", *path ? path : "a bound path");
}

/* Makes the folders above `path` that are missing (0755), as bwrap does for what it mounts. */
static void make_parents(const char *path) {
  char way[4096];
  size_t length = strlen(path);
  if (length >= sizeof way) {
    errno = ENAMETOOLONG;
    jail_fail("cannot make the folders above", path);
  }
  memcpy(way, path, length + 1);
  for (char *slash = strchr(way + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
    *slash = '\0';
    if (mkdir(way, 0755) != 0 && errno != EEXIST) jail_fail("cannot make the folder", way);
    *slash = '/';
  }
}

/* Makes a mount point for `tree` at `path` when there is none (a folder or an empty file, like what is bound). */
static void mount_point(int tree, const char *path) {
  struct stat there, what;
  if (lstat(path, &there) == 0) return;
  make_parents(path);
  if (fstat(tree, &what) != 0) jail_fail("cannot inspect what is bound at", path);
  if (S_ISDIR(what.st_mode)) {
    if (mkdir(path, 0755) != 0) jail_fail("cannot make the folder", path);
  } else {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) jail_fail("cannot make the file", path);
    close(fd);
  }
}

static void attach(int tree, const char *path, uint64_t set, uint64_t clear) {
  mount_point(tree, path);
  set_attributes(tree, "", AT_EMPTY_PATH, set, clear);
  if (syscall(SYS_move_mount, tree, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH) != 0) jail_fail("cannot mount at", path);
  close(tree);
}

/* Makes the folder `path` (0755) and those above it that are missing; one already there is fine. */
static void make_dir(const char *path) {
  make_parents(path);
  if (mkdir(path, 0755) != 0 && errno != EEXIST) jail_fail("cannot make the folder", path);
}

static void tmpfs(const char *path, unsigned long flags, const char *mode) {
  make_dir(path);
  if (mount("tmpfs", path, "tmpfs", flags, mode) != 0) jail_fail("cannot mount a tmpfs at", path);
}

static void link_at(const char *target, const char *path) {
  if (symlink(target, path) != 0) jail_fail("cannot link", path);
}

/* ---- --copy ---- */

/* How deep a copied folder may go (a submission is a few files; a deeper one is refused, not copied in part). */
#define MAX_COPY_DEPTH 64

/* What a copy takes in the jail's /tmp: bytes (whole pages per file) and inodes. */
struct tally {
  unsigned long long bytes;
  unsigned long long inodes;
};

/* The entries of the folder `dir`, from the first (its descriptor stays open; the stream is the caller's to close). */
static DIR *entries_of(int dir, const char *path) {
  int again = dup(dir);
  DIR *stream = again < 0 ? NULL : fdopendir(again);
  if (stream == NULL) jail_fail("cannot read the folder", path);
  rewinddir(stream); /* a duplicate shares the position: the folder may have been read before (the count) */
  return stream;
}

static int skipped_name(const char *name) {
  return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* True when a symbolic link at `rel` (from the copied folder) with text `text` resolves inside it. */
static int stays_inside(const char *rel, const char *text) {
  if (text[0] == '/' || text[0] == '\0') return 0;
  int depth = 0;
  for (const char *c = rel; *c != '\0'; c++) depth += *c == '/';
  for (const char *part = text; *part != '\0';) {
    const char *slash = strchr(part, '/');
    size_t length = slash != NULL ? (size_t)(slash - part) : strlen(part);
    if (length == 2 && part[0] == '.' && part[1] == '.') {
      if (depth == 0) return 0;
      depth--;
    } else if (!(length == 0 || (length == 1 && part[0] == '.'))) {
      depth++;
    }
    if (slash == NULL) break;
    part = slash + 1;
  }
  return 1;
}

static void copy_file(int from, int to, const char *name, mode_t mode, uid_t uid, gid_t gid) {
  int in = openat(from, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  struct stat st;
  if (in < 0 || fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) jail_fail("cannot read the file", name);
  int out = openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0777);
  if (out < 0) jail_fail("cannot make the file", name);
  char buffer[65536];
  for (;;) {
    ssize_t n = read(in, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) jail_fail("cannot read the file", name);
    if (n == 0) break;
    for (ssize_t at = 0; at < n;) {
      ssize_t w = write(out, buffer + at, (size_t)(n - at));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) jail_fail("cannot copy the file", name);
      at += w;
    }
  }
  if (fchown(out, uid, gid) != 0 || fchmod(out, mode & 0777) != 0) jail_fail("cannot give the file to the program's user:", name);
  close(out);
  close(in);
}

/*
 * Copies the folder `from` into the folder `to` (`rel`: where `from` is, from the copied folder); with
 * `total`, copies nothing and adds up what that copy will take instead (every entry an inode, whether
 * it would be copied or left out).
 */
static void copy_tree(int from, int to, const char *rel, int depth, uid_t uid, gid_t gid, struct tally *total) {
  if (depth > MAX_COPY_DEPTH) {
    errno = ELOOP;
    jail_fail("cannot copy a folder this deep", rel);
  }
  DIR *stream = entries_of(from, rel);
  for (struct dirent *entry; (entry = readdir(stream)) != NULL;) {
    const char *name = entry->d_name;
    if (skipped_name(name)) continue;
    char at[4096];
    if ((size_t)snprintf(at, sizeof at, "%s%s%s", rel, *rel ? "/" : "", name) >= sizeof at) {
      errno = ENAMETOOLONG;
      jail_fail("cannot copy", name);
    }
    struct stat st;
    if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) != 0) jail_fail("cannot inspect", at);
    if (total != NULL) total->inodes++;
    if (S_ISDIR(st.st_mode)) {
      if (total != NULL) total->bytes += 4096;
      else if (mkdirat(to, name, (st.st_mode & 0755) | 0700) != 0 || fchownat(to, name, uid, gid, AT_SYMLINK_NOFOLLOW) != 0) jail_fail("cannot make the folder", at);
      int sub_from = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      int sub_to = total != NULL ? -1 : openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub_from < 0 || (total == NULL && sub_to < 0)) jail_fail("cannot open the folder", at);
      copy_tree(sub_from, sub_to, at, depth + 1, uid, gid, total);
      close(sub_from);
      if (sub_to >= 0) close(sub_to);
    } else if (S_ISREG(st.st_mode)) {
      if (total != NULL) total->bytes += ((unsigned long long)st.st_size + 4095) / 4096 * 4096;
      else copy_file(from, to, name, st.st_mode, uid, gid);
    } else if (S_ISLNK(st.st_mode) && total == NULL) {
      char text[4096];
      ssize_t n = readlinkat(from, name, text, sizeof text - 1);
      if (n < 0) jail_fail("cannot read the link", at);
      text[n] = '\0';
      if (stays_inside(at, text) && (symlinkat(text, to, name) != 0 || fchownat(to, name, uid, gid, AT_SYMLINK_NOFOLLOW) != 0)) jail_fail("cannot make the link", at);
    }
  }
  closedir(stream);
}

static void make_jail(uid_t uid, gid_t gid) {
  mode_t mask = umask(0);
  if (unshare(CLONE_NEWNS) != 0) jail_fail("cannot make a mount namespace", "");
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) jail_fail("cannot make the mounts private at", "/");
  /* Everything shown is taken before anything is covered. */
  int devices[DEVICE_COUNT];
  char path[64];
  for (size_t d = 0; d < DEVICE_COUNT; d++) {
    snprintf(path, sizeof path, "/dev/%s", DEVICES[d]);
    devices[d] = take_tree(path);
  }
  struct tally copies = { 0, 0 };
  for (int k = 0; k < step_count; k++) {
    if (steps[k].kind == RO_BIND || steps[k].kind == BIND) steps[k].tree = take_tree(steps[k].path);
    if (steps[k].kind == HIDE_FILE) steps[k].tree = take_tree("/dev/null");
    if (steps[k].kind == COPY) {
      steps[k].tree = open(steps[k].from, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (steps[k].tree < 0) jail_fail("cannot open the folder", steps[k].from);
      copies.inodes++;
      copies.bytes += 4096;
      copy_tree(steps[k].tree, -1, "", 0, uid, gid, &copies);
    }
  }
  set_attributes(AT_FDCWD, "/", 0, ATTR_RDONLY | ATTR_NOSUID | ATTR_NODEV, 0);
  /* A fresh /dev, as bwrap's --dev makes it. */
  tmpfs("/dev", MS_NOSUID | MS_NODEV, "mode=0755");
  for (size_t d = 0; d < DEVICE_COUNT; d++) {
    snprintf(path, sizeof path, "/dev/%s", DEVICES[d]);
    attach(devices[d], path, ATTR_NOSUID, ATTR_RDONLY | ATTR_NODEV);
  }
  if (mkdir("/dev/shm", 0755) != 0 || mkdir("/dev/pts", 0755) != 0) jail_fail("cannot make the folders of", "/dev");
  if (mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620") != 0) jail_fail("cannot mount devpts at", "/dev/pts");
  link_at("pts/ptmx", "/dev/ptmx");
  link_at("/proc/self/fd", "/dev/fd");
  link_at("/proc/self/fd/0", "/dev/stdin");
  link_at("/proc/self/fd/1", "/dev/stdout");
  link_at("/proc/self/fd/2", "/dev/stderr");
  link_at("/proc/kcore", "/dev/core");
  /* Bounded: it is memory. 64 MiB and 16,384 files to write, besides what --copy puts there. */
  char bounds[128];
  snprintf(bounds, sizeof bounds, "mode=1777,size=%llu,nr_inodes=%llu", 64ULL * 1024 * 1024 + copies.bytes, 16384ULL + copies.inodes);
  tmpfs("/tmp", MS_NOSUID | MS_NODEV, bounds);
  for (int k = 0; k < step_count; k++) {
    const char *at = steps[k].path;
    switch (steps[k].kind) {
      case TMPFS:
        tmpfs(at, MS_NOSUID | MS_NODEV, "mode=0755");
        break;
      case HIDE_FILE:
        attach(steps[k].tree, at, ATTR_RDONLY | ATTR_NOSUID | ATTR_NODEV, 0);
        break;
      case DIR_:
        make_dir(at);
        if (chmod(at, 0755) != 0) jail_fail("cannot open up the folder", at);
        break;
      case RO_BIND:
        attach(steps[k].tree, at, ATTR_RDONLY | ATTR_NOSUID | ATTR_NODEV, 0);
        break;
      case BIND:
        attach(steps[k].tree, at, ATTR_NOSUID | ATTR_NODEV, ATTR_RDONLY);
        break;
      case COPY: {
        if (strncmp(at, "/tmp/", 5) != 0) {
          errno = EINVAL;
          jail_fail("copies go under /tmp, not", at);
        }
        make_dir(at);
        if (chown(at, uid, gid) != 0) jail_fail("cannot give the folder to the program's user:", at);
        int to = open(at, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (to < 0) jail_fail("cannot open the folder", at);
        copy_tree(steps[k].tree, to, "", 0, uid, gid, NULL);
        close(to);
        close(steps[k].tree);
        break;
      }
    }
  }
  umask(mask);
}

static void add_step(const char *option, int kind, const char *path, const char *from) {
  if (step_count == MAX_STEPS) fail(option, "too many jail options");
  steps[step_count].kind = kind;
  steps[step_count].path = path;
  steps[step_count].from = from;
  steps[step_count].tree = -1;
  step_count++;
}

static int jail_step(const char *option) {
  if (strcmp(option, "--tmpfs") == 0) return TMPFS;
  if (strcmp(option, "--hide-file") == 0) return HIDE_FILE;
  if (strcmp(option, "--dir") == 0) return DIR_;
  if (strcmp(option, "--ro-bind") == 0) return RO_BIND;
  if (strcmp(option, "--bind") == 0) return BIND;
  return -1;
}

/*
 * --own-tcp-hash: a network namespace with a TCP hash of `buckets` and its loopback up, made from the
 * current one, where every step works; else the current one is kept (and returned to, if the new one
 * could not be made ready).
 */
static void own_tcp_hash(const char *buckets) {
  int current = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (current < 0) return;
  // The sysctl is set only in a namespace made here for it, never in the one it was given (were that
  // the machine's own by mistake, every namespace made there afterwards would get the setting).
  if (unshare(CLONE_NEWNET) != 0) {
    close(current);
    return;
  }
  int sysctl = open("/proc/sys/net/ipv4/tcp_child_ehash_entries", O_WRONLY | O_CLOEXEC);
  int set = sysctl >= 0 && write(sysctl, buckets, strlen(buckets)) == (ssize_t)strlen(buckets);
  if (sysctl >= 0) close(sysctl);
  if (!set || unshare(CLONE_NEWNET) != 0) {
    if (setns(current, CLONE_NEWNET) != 0) fail("--own-tcp-hash", "cannot return to the namespace it was given");
  } else {
    struct ifreq lo;
    memset(&lo, 0, sizeof lo);
    strncpy(lo.ifr_name, "lo", IFNAMSIZ - 1);
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int up = s >= 0 && ioctl(s, SIOCGIFFLAGS, &lo) == 0;
    if (up) {
      lo.ifr_flags |= IFF_UP;
      up = ioctl(s, SIOCSIFFLAGS, &lo) == 0;
    }
    if (s >= 0) close(s);
    if (!up && setns(current, CLONE_NEWNET) != 0) fail("--own-tcp-hash", "cannot bring lo up, nor return to the namespace it was given");
  }
  close(current);
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "--own-tcp-hash") == 0) {
    if (argc < 5 || strcmp(argv[3], "--") != 0) fail("usage", "sockgrade-exec --own-tcp-hash BUCKETS -- COMMAND [ARGS...]");
    number("--own-tcp-hash", argv[2]);
    own_tcp_hash(argv[2]);
    execvp(argv[4], argv + 4);
    int error = errno;
    fprintf(stderr, "sockgrade-exec: %s: %s\n", argv[4], strerror(error));
    return error == ENOENT ? 127 : 126;
  }
  long long uid = -1, gid = -1;
  int jail = 0;
  const char *workdir = NULL;
  pid_t parent = getppid();
  int i = 1;
  if (i + 1 < argc && strcmp(argv[i], "--status-fd") == 0) {
    char *end = NULL;
    long fd = strtol(argv[i + 1], &end, 10);
    if (end == argv[i + 1] || *end != '\0' || fd < 3 || fd > 1023) fail("--status-fd", "expected a descriptor number from 3 to 1023");
    /* A descriptor that is not open (a wrapper closed it) reports nowhere; one that is open is never the program's. */
    if (fcntl((int)fd, F_SETFD, FD_CLOEXEC) == 0) status_fd = (int)fd;
    report_status("started\n");
    i += 2;
  }
  for (; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
    const char *option = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(option, "--jail") == 0) {
      jail = 1;
      i -= 1; /* no value */
      continue;
    }
    if (strcmp(option, "--copy") == 0) {
      const char *to = i + 2 < argc ? argv[i + 2] : NULL;
      if (!jail) fail(option, "comes after --jail");
      if (value == NULL || value[0] != '/' || to == NULL || to[0] != '/') fail(option, "expected two absolute paths: the folder copied, and where");
      add_step(option, COPY, to, value);
      i += 1; /* two values */
      continue;
    }
    int kind = jail_step(option);
    if (kind >= 0 || strcmp(option, "--chdir") == 0) {
      if (!jail) fail(option, "comes after --jail");
      if (value == NULL || value[0] != '/') fail(option, "expected an absolute path");
      if (kind < 0) {
        workdir = value;
        continue;
      }
      add_step(option, kind, value, NULL);
      continue;
    }
    if (strcmp(option, "--cpu") == 0) {
      unsigned long long seconds = number(option, value);
      limit(RLIMIT_CPU, "--cpu", seconds, seconds + 1);
    } else if (strcmp(option, "--data") == 0) {
      unsigned long long bytes = number(option, value);
      limit(RLIMIT_DATA, "--data", bytes, bytes);
    } else if (strcmp(option, "--nproc") == 0) {
      unsigned long long count = number(option, value);
      limit(RLIMIT_NPROC, "--nproc", count, count);
    } else if (strcmp(option, "--fsize") == 0) {
      unsigned long long bytes = number(option, value);
      limit(RLIMIT_FSIZE, "--fsize", bytes, bytes);
    } else if (strcmp(option, "--uid") == 0) {
      uid = id_number(option, value);
    } else if (strcmp(option, "--gid") == 0) {
      gid = id_number(option, value);
    } else {
      fail("unknown option", option);
    }
  }
  if (i >= argc - 1) fail("usage", "sockgrade-exec [--status-fd N] [--jail [--tmpfs P] [--hide-file P] [--dir P] [--ro-bind P] [--bind P] [--copy F P] [--chdir P]] [--cpu S] [--data B] [--nproc N] [--fsize B] [--uid U --gid G] -- PROGRAM [ARGS...]");
  if ((uid < 0) != (gid < 0)) fail("--uid and --gid", "give both or neither");
  if (jail && uid < 0) fail("--jail", "needs --uid and --gid: a program left root could undo its jail");
  if (jail) {
    make_jail((uid_t)uid, (gid_t)gid);
    // Never left in a folder from before the jail (it may be under a cover): "/" when no --chdir.
    if (workdir == NULL) workdir = "/";
    if (chdir(workdir) != 0) jail_fail("cannot change to the folder", workdir);
  }
  if (uid >= 0) {
    if (uid == 0 || gid == 0) fail("--uid/--gid", "0 is not an unprivileged user");
    if (setgroups(0, NULL) != 0) fail("setgroups", strerror(errno));
    if (setresgid((gid_t)gid, (gid_t)gid, (gid_t)gid) != 0) fail("setresgid", strerror(errno));
    if (setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) != 0) fail("setresuid", strerror(errno));
    if (getuid() != (uid_t)uid || geteuid() != (uid_t)uid || getgid() != (gid_t)gid || getegid() != (gid_t)gid) fail("switching user", "did not take");
    // Leaving uid 0 cleared the permitted and effective sets; the inheritable set and ambient ones remain.
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capset, &header, data) != 0) fail("capset", strerror(errno));
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) fail("clearing ambient capabilities", strerror(errno));
  }
  // No core dump (a crashing program would write its memory where the kernel's core pattern says).
  limit(RLIMIT_CORE, "core dumps", 0, 0);
  // Only the descriptors sockgrade gave it reach the program: any other one inherited is closed at exec.
  syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail("no_new_privs", strerror(errno));
  // Killed with the process that started it (set after the switch of user, which clears it); if that
  // process has already died, this one was handed to another parent, and ends here.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 || getppid() != parent) fail("starting the program", "the process that started it is gone");
  execvp(argv[i + 1], argv + i + 1);
  int error = errno;
  // The program's own: it is not there, or not something that can run. Anything else (EAGAIN from
  // --nproc with the uid's processes, ENOMEM, E2BIG…) is the launch's failure, reported as such.
  if (error != ENOENT && error != EACCES && error != ENOEXEC && error != ENOTDIR && error != ELOOP && error != ENAMETOOLONG && error != EISDIR && error != ETXTBSY) {
    char what[512];
    snprintf(what, sizeof what, "%s: %s", argv[i + 1], strerror(error));
    fail("starting the program", what);
  }
  fprintf(stderr, "sockgrade-exec: %s: %s\n", argv[i + 1], strerror(error));
  return error == ENOENT ? 127 : 126;
}
