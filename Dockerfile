# syntax=docker/dockerfile:1
# Node 24, the maintained LTS line (Node 20 is past its end of life); CI runs the suite on 24 too.
ARG NODE_IMAGE=node:24-bookworm-slim

# Full dependencies (dev ones included), shared by the build and the emulator.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# Build stage: compile TypeScript, and bundle the operator console.
FROM deps AS build
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
# The operator console's page (docs/console.md), built by Vite into dist/console.
COPY console ./console
RUN npm run build

# Emulator image (local stand-in for Graph and Azure AD): runs from source with tsx. It reads
# nothing outside emulator/ and node_modules (its fixtures are built in code), so it is built from
# `deps`, not `build`: a service that does not compile does not hold the emulator back.
# Certificates go to /certs, a volume the service mounts to trust /certs/ca.pem; signing keys stay
# in /app/.emulator/keys, inside the container. Runs as root, so that the volume Docker creates
# (root-owned) is writable, and the service (user node) can read ca.pem but not the CA's key.
FROM deps AS emulator
COPY tsconfig.json ./
COPY emulator ./emulator
ENV NODE_ENV=development \
    EMULATOR_HOST=0.0.0.0 \
    EMULATOR_PORT=8443 \
    EMULATOR_CERT_DIR=/certs
EXPOSE 8443
# Healthy once the CA exists and the emulator answers over TLS signed by it; the service waits for
# this, because Node reads NODE_EXTRA_CA_CERTS only at start-up.
HEALTHCHECK --interval=3s --timeout=3s --start-period=60s --retries=20 CMD node -e "require('https').get({host:'127.0.0.1',port:process.env.EMULATOR_PORT,path:'/_emulator',ca:require('fs').readFileSync(process.env.EMULATOR_CERT_DIR+'/ca.pem')},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"
# node itself (not npx) is PID 1, so that SIGTERM from `docker stop` reaches the emulator directly.
CMD ["node", "--import", "tsx", "emulator/main.ts"]

# Runtime stage: production dependencies only, non-root user. The production profile refuses to
# start without PUBLIC_BASE_URL, the AZURE_* credentials, or with a placeholder operator key.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The built-in defaults: always read from here, whatever the working directory. A deployment mounts
# its own folder and points CONFIG_DIR at it; its files layer over these (docs/deployment.md).
COPY config ./config
# The embedded store's call journal (journal.dir, JOURNAL_DIR) must be writable by the service.
RUN mkdir -p /app/journal && chown node:node /app/journal
USER node
EXPOSE 3000
# Liveness with node itself (the slim image has no curl). /health/live, not /health/ready: an
# instance that is draining or waiting for Redis is alive, and restarting it would lose its calls.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node is PID 1, so SIGTERM from `docker stop` reaches the service and starts its drain.
CMD ["node", "dist/main.js"]
