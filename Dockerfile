# mou-bot as a container. Two stages: the build stage installs every package, compiles the
# TypeScript and makes the language data; the runtime stage holds the production packages, the
# build and that data, and runs the bot as an unprivileged user.
#
#   docker compose up -d --build          (compose.yaml: the settings from .env, two volumes)
#
# or by hand (a .env that sets KNOWLEDGE_DIR, DATA_DIR or INDEX_CACHE_PATH, even blank,
# overrides the folders set below: leave them commented out, as .env.example has them):
#   docker build -t mou-bot .
#   docker run -d --init --env-file .env -v mou-knowledge:/app/knowledge \
#     -v mou-data:/app/data mou-bot
#
# README ("Deploy") says what to back up.

# Node 22 and 24 are supported (Node 20 has reached end of life). The two stages must use the same
# Node and Debian release: better-sqlite3 is compiled in one and loaded in the other.
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /app
# better-sqlite3 is compiled from its sources (the full image has python3, make and g++), with
# the headers of the Node in the image: nothing is downloaded but npm packages.
ENV npm_config_build_from_source=true \
    npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
# The build ends by making the language data in .cache/ (the packages it is made from are
# development dependencies); then the development packages go.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/.cache ./.cache
COPY LICENSE NOTICE ./
# The shipped articles seed a new knowledge volume. The knowledge folder (with its trash,
# knowledge/.trash: removed articles, for /mou-admin undo) and the data folder belong to the user
# the bot runs as, so that moderators' changes and the database can be written.
COPY --chown=node:node knowledge ./knowledge
RUN mkdir -p data && chown node:node data
# The index cache lives in the data volume, so a restarted container skips the analysis.
ENV KNOWLEDGE_DIR=/app/knowledge \
    DATA_DIR=/app/data \
    INDEX_CACHE_PATH=/app/data/knowledge-index.jsonl
VOLUME ["/app/knowledge", "/app/data"]
USER node
# No HEALTHCHECK: the bot serves no port to probe; discord.js reconnects to the gateway by itself,
# and a bot that cannot go on exits, for the restart policy to start it again.
# Node itself is the main process, so `docker stop` (SIGTERM) reaches the bot's clean shutdown.
CMD ["node", "dist/src/cli/start.js"]
