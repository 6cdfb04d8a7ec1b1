# anfang, built in release mode into a small Debian image. SQLite, libpq and OpenSSL are
# compiled into the binary; the image adds only the CA certificates S3 over TLS needs.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin anfang

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /var/lib/anfang --create-home anfang
COPY --from=build /src/target/release/anfang /usr/local/bin/anfang
USER anfang
WORKDIR /var/lib/anfang
ENV ANFANG_BIND=0.0.0.0:8080 \
    ANFANG_DATA_DIR=/var/lib/anfang \
    ANFANG_LOG_FORMAT=json
EXPOSE 8080
# Ready means the database and object storage both answer (`/readyz`).
HEALTHCHECK --interval=15s --timeout=6s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/anfang", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/anfang"]
CMD ["serve"]
