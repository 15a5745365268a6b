# syntax=docker/dockerfile:1
# The sockgrade grading image: Node 20 on Debian bookworm (slim), python3 for student programs,
# bubblewrap + iproute2 + util-linux for a network/PID namespace and a jail per grading, tini as PID 1.
#
#   docker build -t sockgrade .                          # add --build-arg WITH_JAVA=true for .java submissions
#   docker run --rm --privileged -v "$PWD:/work" sockgrade grade udp-uppercase submissions/ -o results/
#   docker run --rm --privileged sockgrade doctor        # what isolation the container gets
#
# Namespaces need privileges inside the container: --privileged, or --cap-add SYS_ADMIN with
# --security-opt seccomp=unconfined --security-opt apparmor=unconfined (see docs/scale.md).
# Without them sockgrade still grades, in its documented fallback (`--sandbox none` semantics).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile the TypeScript (dev dependencies only live in this stage) ----
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# gcc + libc6-dev: `npm run build` compiles sockgrade-exec (static), the launch helper copied into the runtime image.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY harness ./harness
COPY reference ./reference
COPY scripts ./scripts
COPY native ./native
RUN npm run build

# ---- runtime ----
FROM ${NODE_IMAGE}
ARG WITH_JAVA=false
LABEL org.opencontainers.image.title="sockgrade" \
      org.opencontainers.image.description="Automated grading of socket-programming assignments (UDP/TCP client/server, textbook §2.7)" \
      org.opencontainers.image.licenses="MIT"

# python3: the student programs; bubblewrap: namespaces + jail; iproute2: loopback for the unshare route;
# util-linux: unshare, setpriv, prlimit; tini: reaps orphans and forwards signals as PID 1.
RUN set -eux; \
    packages="python3 bubblewrap iproute2 util-linux tini"; \
    if [ "$WITH_JAVA" = "true" ]; then packages="$packages default-jre-headless"; fi; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages; \
    rm -rf /var/lib/apt/lists/*

WORKDIR /opt/sockgrade
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY bin ./bin
COPY assignments ./assignments
# The fixture programs are what `sockgrade demo` grades (a smoke test of a new machine).
COPY fixtures/programs ./fixtures/programs
RUN chmod 0755 bin/sockgrade.js \
 && ln -s /opt/sockgrade/bin/sockgrade.js /usr/local/bin/sockgrade \
 && sockgrade --version && sockgrade list

# Runs as root on purpose: sockgrade then runs every student process as an unprivileged uid of its own
# grading (setpriv, 61000-64999) inside the jail. Mount the submissions and results under /work.
WORKDIR /work
ENTRYPOINT ["/usr/bin/tini", "--", "sockgrade"]
CMD ["--help"]
