# dta-mcp as a container: `docker build -t dta-mcp .` (README: "Run in production").
# Build stage: install with the lockfile, build when the package has a build step, then
# drop devDependencies. tsx and typescript are runtime dependencies: generated/ and
# local handler modules are TypeScript loaded at start.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build --if-present && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: no compilers, no npm cache, not root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=root:root /app /app
# The project served by default is the bundled example (generated/ of this repository);
# mount your own at /project and pass --root /project, or derive an image (README).
USER node
EXPOSE 3000
# Liveness only (the process answers); /readyz is for the load balancer. Slim images
# have no curl: node's fetch probes, and any Host is accepted on the probe paths.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# serve drains in-flight calls on SIGTERM (http.shutdownGraceMs) before it exits; give
# `docker stop -t` at least that long.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/dta-mcp.js"]
CMD ["serve", "--transport", "http", "--host", "0.0.0.0", "--port", "3000", "--config", "/config/dta-mcp.config.yaml"]
