# The same binary as `go build ./cmd/cee`, in an image: an alternative to
# running it under systemd (README.md, « Container image »).
#
#   docker build -t cee .
#   docker run -p 8080:8080 -v cee-data:/data cee serve --demo
#
# Build: the Go version of go.mod; the assets, templates and reference data
# are embedded, so the binary needs nothing else.
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/cee ./cmd/cee

# Run: Debian slim rather than distroless, for pg_dump / pg_restore (cee
# backup on PostgreSQL) and curl (the health check).
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl postgresql-client tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin cee \
 && mkdir -p /data && chown cee:cee /data
COPY --from=build /out/cee /usr/local/bin/cee
USER cee
# The SQLite database, uploads and generated files: keep them on a volume.
VOLUME /data
ENV CEE_DATA_DIR=/data CEE_ADDR=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["cee"]
CMD ["serve"]
