#!/usr/bin/env bash
# Sets up a fresh Debian (bookworm) machine to run syslab, or with --test to
# run its test suite too. Idempotent: a second run only checks and rebuilds.
#
#   ./scripts/setup.sh          system packages, npm dependencies, build
#   ./scripts/setup.sh --test   the same plus Chromium for the browser tests, and
#                               Docker (engine, lab and server images,
#                               docker-compose) for the Docker driver's tests
#   SYSLAB_DRIVER=docker ./scripts/setup.sh
#                               also Docker: the engine running and the lab image built
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "setup.sh: run as root (it installs system packages, and the server needs root to give each sandbox its own uid and cgroups)." >&2
  exit 1
fi

# Node 20.19+ (Vite 7 and the server need it); Debian's own nodejs is too old.
if ! command -v node >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "setup.sh: Node.js 20.19 or newer is required (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "Install it from https://nodejs.org or NodeSource, then run this again." >&2
  exit 1
fi

# System packages: the sandbox runtime, the learner's tools, and for --test a browser.
packages=(bubblewrap util-linux ca-certificates)
mapfile -t learner < <(grep -v '^\s*#' sandbox/packages.txt | grep -v '^\s*$')
packages+=("${learner[@]}")
# prometheus: tests/repo/prometheus-scrape.test.ts runs the dashboard's queries against a real one.
[ "$want_test" = 1 ] && packages+=(chromium fonts-dejavu-core prometheus)
want_docker=0
{ [ "$want_test" = 1 ] || [ "${SYSLAB_DRIVER:-}" = docker ]; } && want_docker=1
# The engine, debootstrap for a lab image base without a registry, and
# docker-compose (v1: Debian has no compose v2) to validate docker-compose.yml.
[ "$want_docker" = 1 ] && packages+=(docker.io debootstrap docker-compose)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "Installing ${#missing[@]} Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages: all present"
fi
# The networking lab runs nginx inside its sandboxes; Debian's package also
# starts it as a system service on the host's port 80, which nothing needs.
if command -v systemctl >/dev/null && systemctl is-enabled nginx >/dev/null 2>&1; then
  say "Disabling the nginx system service (the labs run their own nginx, sandboxed)"
  systemctl disable --now nginx >/dev/null 2>&1 || true
fi
# --test installs Prometheus for the dashboard test, which starts its own on a
# free port; Debian's package would also run one as a service on :9090.
if command -v systemctl >/dev/null && systemctl is-enabled prometheus >/dev/null 2>&1; then
  say "Disabling the prometheus system service (the tests run their own)"
  systemctl disable --now prometheus >/dev/null 2>&1 || true
fi

# Unprivileged user namespaces (bubblewrap needs them; Debian enables them by default).
if [ -e /proc/sys/kernel/unprivileged_userns_clone ] && [ "$(cat /proc/sys/kernel/unprivileged_userns_clone)" = 0 ]; then
  say "Enabling unprivileged user namespaces"
  sysctl -q -w kernel.unprivileged_userns_clone=1
fi

# npm dependencies: reinstall only when the lock file changed. `npm install`
# runs the `prepare` script, which builds the server and the web page. Not
# `npm ci`: npm records only this platform's optional packages (rollup's,
# esbuild's) in the lock, and then `npm ci` refuses the lock it wrote;
# `npm install` installs exactly the locked versions and leaves the lock as is.
stamp=node_modules/.syslab-lock-sha256
lock_sha=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sha" ]; then
  say "Installing npm dependencies"
  npm install --no-audit --no-fund
  echo "$lock_sha" > "$stamp"
else
  say "npm dependencies: up to date"
  say "Building (npm run build)"
  npm run build --silent
fi

# Docker: an engine that answers, and the lab image built from the current
# sandbox/packages.txt and sandbox/Dockerfile.
if [ "$want_docker" = 1 ]; then
  if docker info >/dev/null 2>&1; then
    say "Docker engine: answering"
  else
    if command -v systemctl >/dev/null && systemctl start docker 2>/dev/null && docker info >/dev/null 2>&1; then
      say "Docker engine: started with systemctl"
    else
      say "Starting dockerd in the background (log: /var/log/syslab-dockerd.log)"
      # Its own session, stdin and output off this script: it outlives setup.sh, as a service would.
      setsid nohup dockerd </dev/null >/var/log/syslab-dockerd.log 2>&1 &
      for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
      if ! docker info >/dev/null 2>&1; then
        echo "setup.sh: dockerd did not answer within 60 s; its log:" >&2
        tail -20 /var/log/syslab-dockerd.log >&2
        exit 1
      fi
    fi
  fi
  scripts/build-image.sh --if-changed
  # The server's own image, for the test of `docker compose up`; from this
  # host's Node (CI pulls nothing). Native modules stay cached between runs.
  if [ "$want_test" = 1 ]; then scripts/build-server-image.sh --local-base --if-changed; fi
fi
say "Ready."
