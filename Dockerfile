# dta-mcp as a container: `docker build -t dta-mcp .` (README: "Run in production").
#
# Build stage: the package exactly as npm publishes it (`npm pack`, which builds it when
# the package has a build step), installed without devDependencies into /project, a
# project like a user's; plus the tools it serves by default: this repository's example
# (generated/ afresh, and manifests/ for the local handler modules it imports).
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node bin/dta-mcp.js generate --root /src \
 && npm pack --silent --pack-destination /tmp \
 && mkdir /project && cd /project \
 && npm init -y >/dev/null && npm pkg set type=module \
 && npm install --omit=dev --no-audit --no-fund /tmp/dta-mcp-*.tgz \
 && cp -r /src/generated /src/manifests /src/openapi /project/

# Runtime stage: no compilers, no npm cache, not root; the code is owned by root, read-only to the server.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
COPY --from=build --chown=root:root /project /project
WORKDIR /project
USER node
EXPOSE 3000
# Liveness only (the process answers); load balancers use /readyz. Slim images have no
# curl: node's fetch probes, and the probe paths accept any Host.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# serve drains in-flight calls on SIGTERM (http.shutdownGraceMs) before it exits; give
# `docker stop -t` (compose: stop_grace_period) at least that long.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "node_modules/dta-mcp/bin/dta-mcp.js"]
CMD ["serve", "--transport", "http", "--host", "0.0.0.0", "--port", "3000", "--root", "/project", "--config", "/config/dta-mcp.config.yaml"]
