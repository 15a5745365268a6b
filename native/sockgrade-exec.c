/*
 * sockgrade-exec: sets resource limits, switches to an unprivileged user, and becomes the program.
 *
 *   sockgrade-exec [--cpu SECONDS] [--data BYTES] [--nproc N] [--fsize BYTES] [--uid UID --gid GID] -- PROGRAM [ARGS...]
 *
 * It does, in one small static program, what `prlimit … -- bwrap … -- setpriv … --` did with two
 * dynamically linked ones: sockgrade starts every student program through it (inside the jail, after
 * bubblewrap has made the mounts as root), and each of those two cost ~1 ms of CPU per launch.
 *
 * --cpu N sets RLIMIT_CPU to N (soft) and N+1 (hard), so that the kernel sends SIGXCPU first;
 * --data, --nproc and --fsize set RLIMIT_DATA, RLIMIT_NPROC and RLIMIT_FSIZE (soft = hard).
 * --uid/--gid (root only): no supplementary groups, real/effective/saved gid and uid set, then
 * no capabilities left (inheritable and ambient cleared too) and no_new_privs, as
 * `setpriv --reuid U --regid G --clear-groups --inh-caps=-all --no-new-privs` does.
 *
 * It fails closed: a bad argument or any step that fails ends it with status 125 and a message on
 * stderr, before the program runs. A program that cannot be executed gives 127 (126: not executable).
 * Built by `npm run build` (scripts/build-native.mjs) when a C compiler is there; without it,
 * sockgrade uses prlimit and setpriv.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "sockgrade-exec: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
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

static void limit(int resource, const char *name, rlim_t soft, rlim_t hard) {
  struct rlimit rl = { soft, hard };
  if (setrlimit(resource, &rl) != 0) fail(name, strerror(errno));
}

int main(int argc, char **argv) {
  long long uid = -1, gid = -1;
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
    const char *option = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : NULL;
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
      uid = (long long)number(option, value);
    } else if (strcmp(option, "--gid") == 0) {
      gid = (long long)number(option, value);
    } else {
      fail("unknown option", option);
    }
  }
  if (i >= argc - 1) fail("usage", "sockgrade-exec [--cpu S] [--data B] [--nproc N] [--fsize B] [--uid U --gid G] -- PROGRAM [ARGS...]");
  if ((uid < 0) != (gid < 0)) fail("--uid and --gid", "give both or neither");
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
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail("no_new_privs", strerror(errno));
  execvp(argv[i + 1], argv + i + 1);
  int error = errno;
  fprintf(stderr, "sockgrade-exec: %s: %s\n", argv[i + 1], strerror(error));
  return error == ENOENT ? 127 : 126;
}
