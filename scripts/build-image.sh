#!/usr/bin/env bash
# Builds the lab image the Docker driver runs (sandbox/Dockerfile), tagged
# $SYSLAB_DOCKER_IMAGE (default syslab-sandbox:latest). `npm run image` runs this.
#
#   scripts/build-image.sh                 base: debian:bookworm-slim if the engine has it
#                                          or can pull it, else a local debootstrap base
#   scripts/build-image.sh --base IMAGE    build FROM this image instead
#   scripts/build-image.sh --local-base    always use the local debootstrap base (no registry)
#   scripts/build-image.sh --if-changed    do nothing when the image was built from the
#                                          current packages.txt and Dockerfile
#
# The local base is a minimal Debian bookworm made with debootstrap from the
# apt mirror this machine already uses, then `docker import`ed: no registry is
# needed. The Dockerfile then installs sandbox/packages.txt from that mirror,
# over the host's network. (debootstrap --include cannot be given the whole
# list: its resolver does not follow virtual packages, and gdb's fail.)
set -euo pipefail
cd "$(dirname "$0")/.."

image=${SYSLAB_DOCKER_IMAGE:-syslab-sandbox:latest}
base=""
local_base=0
if_changed=0
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base=${2:?--base needs an image}; shift ;;
    --local-base) local_base=1 ;;
    --if-changed) if_changed=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "build-image.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
# The legacy builder prints every step and every line of apt's output as it
# goes; Debian's docker.io has no buildx plugin for BuildKit.
export DOCKER_BUILDKIT=0

if ! docker info >/dev/null 2>&1; then
  echo "build-image.sh: no Docker engine answers (docker info failed). Start one (dockerd, or systemctl start docker) and run this again." >&2
  exit 1
fi

# What the image is built from; stored as a label so a changed list or
# Dockerfile means a rebuild, and an unchanged one does not.
recipe=$(cat sandbox/packages.txt sandbox/Dockerfile | sha256sum | cut -c1-16)
if [ "$if_changed" = 1 ]; then
  have=$(docker image inspect -f '{{ index .Config.Labels "syslab.recipe" }}' "$image" 2>/dev/null || true)
  if [ "$have" = "$recipe" ]; then
    say "Lab image $image is up to date (recipe $recipe)"
    exit 0
  fi
fi

local_tag="syslab-base:bookworm"

build_local_base() {
  if docker image inspect "$local_tag" >/dev/null 2>&1; then
    say "Local base $local_tag exists"
    return
  fi
  command -v debootstrap >/dev/null || { echo "build-image.sh: debootstrap is missing: apt-get install debootstrap" >&2; exit 1; }
  [ "$(id -u)" = 0 ] || { echo "build-image.sh: making a local base needs root (debootstrap)" >&2; exit 1; }
  mirror=$(apt_mirror)
  root=$(mktemp -d /var/tmp/syslab-rootfs.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  say "Making a minimal Debian bookworm base with debootstrap from $mirror (progress below)"
  debootstrap --variant=minbase bookworm "$root" "$mirror"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  say "Importing it as $local_tag"
  tar -C "$root" -c . | docker import -c 'CMD ["/bin/bash"]' - "$local_tag" >/dev/null
  rm -rf "$root"
  trap - EXIT
}

# The first deb.debian.org-style mirror apt is set up with here.
apt_mirror() {
  local m
  m=$(grep -rhoE '^(URIs:|deb) +[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
      | awk '{print $2}' | grep -E '/debian/?$' | head -1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

if [ -z "$base" ]; then
  if [ "$local_base" = 0 ] && docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
    base=debian:bookworm-slim
  elif [ "$local_base" = 0 ] && timeout 60 docker pull debian:bookworm-slim >/dev/null 2>&1; then
    base=debian:bookworm-slim
  else
    [ "$local_base" = 0 ] && say "debian:bookworm-slim cannot be pulled here; using a local base"
    build_local_base
    base=$local_tag
  fi
fi

say "Building $image from $base"
start=$(date +%s)
# Host networking: if the base lacks a package, apt reaches the mirror the
# way the host does (the default bridge may have no route on a locked-down host).
docker build --network host --build-arg "BASE=$base" --label "syslab.recipe=$recipe" \
  -t "$image" -f sandbox/Dockerfile sandbox
say "Built $image in $(( $(date +%s) - start )) s"
