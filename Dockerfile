# One image for every certplane app. The default command runs the api; override it to run
# another app from the same image (docker-compose.yml does):
#   node dist/apps/cert-issuer/src/main.js
#   node dist/apps/projector/src/main.js
#   node dist/libs/platform/src/migrate.main.js        (database migrations; the apps also migrate at start-up)
# Health checks live per service in docker-compose.yml rather than here, because each app
# exposes its own: the api GET /health and /health/ready on $PORT (default 8080), the workers on
# CERTPLANE_WORKER_HTTP_PORT (default 9090 for the cert-issuer, 9091 for the projector).
#
# Node.js 22: 20 is past its end of life (README, Quick start: Node.js versions).
#
# GET /health reports the build: pass its commit and time as build args, e.g.
#   docker build --build-arg CERTPLANE_BUILD_COMMIT="$(git rev-parse HEAD)" \
#                --build-arg CERTPLANE_BUILD_TIME="$(date -u +%Y-%m-%dT%H:%M:%SZ)" .
# (.git is not in the build context, so the image cannot find them itself; without them: "unknown").

# pkcs11js (the CA key in an HSM) is a native addon that node-gyp compiles during npm ci: both stages
# need a compiler for that, and the runtime stage removes it again in the same layer.
FROM node:22-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
 && npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && apt-get purge -y --auto-remove python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/dist ./dist
# Declared after the layers above, so that a new commit does not rebuild them.
ARG CERTPLANE_BUILD_COMMIT=
ARG CERTPLANE_BUILD_TIME=
ENV CERTPLANE_BUILD_COMMIT=${CERTPLANE_BUILD_COMMIT} \
    CERTPLANE_BUILD_TIME=${CERTPLANE_BUILD_TIME}
# A writable data/ for anything an app keeps on local disk; the rest of /app stays read-only
# to the unprivileged user.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080 8443 9090 9091
CMD ["node", "dist/apps/api/src/main.js"]
