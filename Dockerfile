# One image for every certplane app. The default command runs the api; override it to run
# another app from the same image (docker-compose.yml does):
#   node dist/apps/cert-issuer/src/main.js
#   node dist/apps/projector/src/main.js
#   node dist/libs/platform/src/migrate.main.js        (database migrations; the apps also migrate at start-up)
# Health checks live per service in docker-compose.yml rather than here, because each app
# exposes its own (the api: GET /health on $PORT, default 8080).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /app/dist ./dist
# A writable data/ for anything an app keeps on local disk; the rest of /app stays read-only
# to the unprivileged user.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
CMD ["node", "dist/apps/api/src/main.js"]
