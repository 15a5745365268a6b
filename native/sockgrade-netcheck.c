/*
 * sockgrade-netcheck: the isolation probe's loopback trial, run inside a fresh grading namespace.
 * Exits 0 only when `lo` is the only interface with an address (so loopback is up and nothing else
 * is reachable) and 127.0.0.1:12000 can be bound for UDP and for TCP; otherwise it says why on
 * stderr and exits 3 (interfaces), 4 (UDP) or 5 (TCP). It answers what a Node script answered
 * before (still used when this is not built), for ~1 ms of CPU instead of a Node start (~60 ms).
 * Built by `npm run build` (scripts/build-native.mjs) with sockgrade-exec.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void bind_or_fail(int type, const char *name, int code) {
  int fd = socket(AF_INET, type, 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons(12000);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || (type == SOCK_STREAM && listen(fd, 1) != 0)) {
    fprintf(stderr, "%s bind 127.0.0.1:12000 failed: %s\n", name, strerror(errno));
    exit(code);
  }
  close(fd);
}

int main(void) {
  struct ifaddrs *all = NULL;
  if (getifaddrs(&all) != 0) {
    fprintf(stderr, "cannot list the interfaces: %s\n", strerror(errno));
    return 3;
  }
  char others[512] = "";
  int lo = 0;
  for (struct ifaddrs *i = all; i != NULL; i = i->ifa_next) {
    if (i->ifa_addr == NULL || (i->ifa_addr->sa_family != AF_INET && i->ifa_addr->sa_family != AF_INET6)) continue;
    if (strcmp(i->ifa_name, "lo") == 0) {
      lo = 1;
    } else if (strstr(others, i->ifa_name) == NULL && strlen(others) + strlen(i->ifa_name) + 3 < sizeof others) {
      if (others[0] != '\0') strcat(others, ", ");
      strcat(others, i->ifa_name);
    }
  }
  freeifaddrs(all);
  if (others[0] != '\0' || !lo) {
    fprintf(stderr, "interfaces inside: %s%s%s\n", lo ? "lo, " : "", others, !lo && others[0] == '\0' ? "none (lo is down)" : "");
    return 3;
  }
  bind_or_fail(SOCK_DGRAM, "UDP", 4);
  bind_or_fail(SOCK_STREAM, "TCP", 5);
  return 0;
}
