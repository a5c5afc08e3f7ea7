# syntax=docker/dockerfile:1
#
# peerhours in a container: built with cgo (mattn/go-sqlite3 links SQLite
# from C), run as an unprivileged user, with its database on the /data
# volume. deploy/dockerfile_test.go builds the binary with the exact flags
# of the `go build` line below, so the two cannot drift apart.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t peerhours .
#   docker run -d --name peerhours --env-file peerhours.env -v peerhours-data:/data -p 127.0.0.1:8080:8080 peerhours

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Dependencies first, so code changes reuse the module layer.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ENV CGO_ENABLED=1
RUN go build -trimpath -buildvcs=false -tags "sqlite_omit_load_extension" -ldflags "-s -w -X main.version=${VERSION}" -o /out/peerhours ./cmd/peerhours

FROM debian:bookworm-slim
# ca-certificates for Discord and the LLM endpoint over TLS; sqlite3 for
# `.backup` (README, "Backups"). Time zones are compiled into the binary.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates sqlite3 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 peerhours \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --shell /usr/sbin/nologin peerhours \
 && mkdir -p /data && chown 10001:10001 /data && chmod 0700 /data
COPY --from=build /out/peerhours /usr/local/bin/peerhours
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
ENV DATABASE_PATH=/data/peerhours.db \
    HTTP_ADDR=0.0.0.0:8080 \
    LOG_FORMAT=json
# /healthz, /readyz and /metrics. Publish it to localhost or a private
# network only: /metrics is for your Prometheus, not the internet.
EXPOSE 8080
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/peerhours"]
CMD ["run"]
