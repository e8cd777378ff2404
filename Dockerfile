# The syslab server, for `docker compose up` (docs/deploy.md). It runs
# sandboxes with the Docker driver, through the host engine's socket.
#
# The bases are build arguments: a registry's node images for users; a base
# made from this host's own Node when no registry can be reached
# (scripts/build-server-image.sh --local-base).
ARG BUILD_BASE=node:20-bookworm
ARG NODE_BASE=node:20-bookworm-slim

FROM ${BUILD_BASE} AS build
# Where Node's headers are, when the base has them but node-gyp would
# otherwise download them (the local base; node images leave this empty).
ARG NODEDIR=""
ENV npm_config_nodedir=${NODEDIR}
WORKDIR /app
# Compilers for the native modules (node-pty, better-sqlite3) when no
# prebuilt binary fits; already in node:20-bookworm.
RUN command -v g++ >/dev/null && command -v make >/dev/null && command -v python3 >/dev/null \
 || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends g++ make python3 \
     && rm -rf /var/lib/apt/lists/*)
COPY package.json package-lock.json ./
# No scripts yet: `prepare` builds, and the sources are not here yet. Not
# `npm ci`: the lock records only the platform it was made on's optional
# packages (rollup's, esbuild's), and `npm ci` refuses it (scripts/setup.sh);
# `npm install` installs exactly the locked versions.
# Then the dependencies' own install scripts (native modules), still before
# the sources: a source change does not recompile SQLite.
RUN npm install --no-audit --no-fund --ignore-scripts && npm rebuild --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_BASE}
WORKDIR /app
ENV NODE_ENV=production \
    SYSLAB_DRIVER=docker \
    SYSLAB_HOST=0.0.0.0 \
    SYSLAB_PORT=3000 \
    SYSLAB_DATA_DIR=/var/lib/syslab
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/labs ./labs
RUN mkdir -p /var/lib/syslab
VOLUME /var/lib/syslab
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server/src/main.js"]
