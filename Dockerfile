# sipbot in a container: built with cargo, run in a small Debian image as a non-root user.
# Untested where it was written (no container engine there): a starting point, see README.md
# "A large deployment". Build: docker build -t sipbot .
#
# The data (catalogue, migrations) is compiled into the binary, so the runtime image holds the
# binary and CA certificates only (Discord's API is HTTPS; rustls reads the system roots).

FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin sipbot \
 && strip target/release/sipbot

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --create-home sipbot
COPY --from=build /src/target/release/sipbot /usr/local/bin/sipbot
USER sipbot
WORKDIR /data
# SQLite by default (a file in /data: mount a volume there); set DATABASE_URL=postgres://…
# to share one database between processes.
ENV DATABASE_URL=sqlite:///data/sipbot.db
VOLUME ["/data"]
ENTRYPOINT ["/usr/local/bin/sipbot"]
CMD ["run"]
