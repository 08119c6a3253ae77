# The platform's image for docker-compose.yml (and any container runtime): every service under one supervisor,
# as `npm start` runs them. With DATABASE_URL set it uses that Postgres and starts none of its own.
FROM node:20-bookworm-slim

WORKDIR /app
# Dependencies first, so a source change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/build.mjs

# The gateway alone listens on HOST; the services' internal APIs stay on the container's loopback.
ENV HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
VOLUME /data
EXPOSE 3000
# No npm in between: SIGTERM from `docker stop` reaches the supervisor, which stops the services in order.
CMD ["node", "dist/tools/start.js"]
