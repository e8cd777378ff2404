#!/usr/bin/env bash
# Builds the syslab server image (Dockerfile at the repository root), tagged
# syslab:latest as docker-compose.yml names it, so `docker compose up` finds it.
#
#   scripts/build-server-image.sh               FROM node:20-bookworm / -slim (needs a registry)
#   scripts/build-server-image.sh --local-base  FROM a base made of this host's own Node
#                                               (no registry: CI, air-gapped hosts)
#   --if-changed    do nothing when the image was built from the current sources
#
# The local base is the lab image's debootstrap base (scripts/build-image.sh
# --local-base makes it) plus this host's node, npm and Node headers (so
# native modules compile without downloading headers) and this host's CA
# bundle (a site whose proxy re-signs TLS has its CA there). npm packages
# come from the npm registry, over the host's network.
set -euo pipefail
cd "$(dirname "$0")/.."

local_base=0
if_changed=0
tag=syslab:latest
while [ $# -gt 0 ]; do
  case "$1" in
    --local-base) local_base=1 ;;
    --if-changed) if_changed=1 ;;
    --tag) tag=${2:?--tag needs a name}; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "build-server-image.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
export DOCKER_BUILDKIT=0
docker info >/dev/null 2>&1 || { echo "build-server-image.sh: no Docker engine answers (docker info failed)" >&2; exit 1; }

# The sources the image is built from (what .dockerignore lets in, roughly:
# every tracked file as it is now), kept as a label to skip an unchanged build.
recipe=$( { git ls-files -z | xargs -0 sha256sum 2>/dev/null; echo "local=$local_base"; } | sha256sum | cut -c1-16)
if [ "$if_changed" = 1 ]; then
  have=$(docker image inspect -f '{{ index .Config.Labels "syslab.recipe" }}' "$tag" 2>/dev/null || true)
  if [ "$have" = "$recipe" ]; then
    say "Server image $tag is up to date (recipe $recipe)"
    exit 0
  fi
fi

args=()
if [ "$local_base" = 1 ]; then
  docker image inspect syslab-base:bookworm >/dev/null 2>&1 || scripts/build-image.sh --local-base
  node_bin=$(command -v node)
  node_prefix=$(cd "$(dirname "$node_bin")/.." && pwd)
  [ -d "$node_prefix/include/node" ] || { echo "build-server-image.sh: no Node headers in $node_prefix/include/node" >&2; exit 1; }
  npm_dir=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)
  ctx=$(mktemp -d /var/tmp/syslab-node-base.XXXXXX)
  trap 'rm -rf "$ctx"' EXIT
  say "Making syslab-node-base from syslab-base:bookworm and this host's Node $(node --version)"
  mkdir -p "$ctx/include"
  cp "$node_bin" "$ctx/node"
  cp -a "$npm_dir" "$ctx/npm"
  cp -a "$node_prefix/include/node" "$ctx/include/node"
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/ca-certificates.crt"
  cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM syslab-base:bookworm
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY include/node /usr/local/include/node
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt npm_config_cafile=/etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
DOCKERFILE
  docker build -t syslab-node-base:local "$ctx"
  rm -rf "$ctx"
  trap - EXIT
  args+=(--build-arg BUILD_BASE=syslab-node-base:local --build-arg NODE_BASE=syslab-node-base:local
         --build-arg NODEDIR=/usr/local)
fi

say "Building $tag"
start=$(date +%s)
docker build --network host "${args[@]}" --label "syslab.recipe=$recipe" -t "$tag" .
say "Built $tag in $(( $(date +%s) - start )) s"
