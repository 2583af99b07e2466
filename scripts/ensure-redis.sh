#!/usr/bin/env bash
# The Redis tests (two nodes sharing one Redis) start their own redis-server on a
# free loopback port. Install Debian's when we can (root on Debian), otherwise
# say exactly what to run. REDIS_SERVER_PATH overrides the path.
set -euo pipefail
path="${REDIS_SERVER_PATH:-/usr/bin/redis-server}"
[ -x "$path" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's redis-server for the Redis tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  [ -x "$path" ] && exit 0 # the tests start their own servers: the packaged service is not used
  echo "apt-get installed redis-server, but not at $path: set REDIS_SERVER_PATH." >&2
  exit 1
fi
echo "The Redis tests need redis-server at $path." >&2
echo "Install it (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_SERVER_PATH." >&2
exit 1
