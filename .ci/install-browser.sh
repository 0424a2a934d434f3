#!/usr/bin/env bash
# Install the browser the browser tests drive: Debian's chromium (headless), used by
# Playwright through executable_path (tests/test_browser.py). Playwright's own browser
# download is never used. Idempotent; needs root and apt-get.
set -u
for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then
        echo "install-browser: $(command -v "$name") already installed"
        exit 0
    fi
done
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: cannot install chromium (needs root and apt-get); the browser tests will be skipped" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null
