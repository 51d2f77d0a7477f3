# Ferrule on PostgreSQL: built once, migrations applied by the server at start.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOST=0.0.0.0 PORT=3000
COPY --from=build /app /app
RUN npm prune --omit=dev --no-audit --no-fund && chown -R node:node /app/.next
USER node
EXPOSE 3000
CMD ["node", "dist/server/main.mjs"]
