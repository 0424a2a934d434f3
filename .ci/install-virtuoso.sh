#!/usr/bin/env bash
# Install what the tests talk to: Virtuoso (Debian's virtuoso-opensource-7) and Graphviz.
# Idempotent; needs root and apt-get. The service is not started here: the test fixture
# starts its own private Virtuoso on 127.0.0.1 (tests/virtuoso_fixture.py).
set -u
need=()
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource-7)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
if [ ${#need[@]} -eq 0 ]; then
    echo "install-virtuoso: virtuoso-t and dot already installed"
    exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-virtuoso: cannot install ${need[*]} (needs root and apt-get); those tests will be skipped" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null
status=$?
# the package may start a system-wide service on 1111/8890: the tests do not need it
if command -v service >/dev/null 2>&1; then service virtuoso-opensource-7 stop >/dev/null 2>&1 || true; fi
exit $status
