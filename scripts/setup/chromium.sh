#!/usr/bin/env bash
# `npm run setup:browser`: makes sure the Chromium the web page tests drive is here (TOOLCHAIN.md: Debian's
# chromium package; Playwright's own browser downloads are not reachable from these machines).
set -euo pipefail
chromium="${MICROCRED_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi
if [ -n "${MICROCRED_CHROMIUM:-}" ]; then
  echo "setup:browser: MICROCRED_CHROMIUM=$chromium is not an executable" >&2
  exit 1
fi
# Root installs directly; otherwise sudo, if it needs no password (a CI runner); otherwise say what to do.
as_root=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
fi
if { [ "$(id -u)" -ne 0 ] && [ ${#as_root[@]} -eq 0 ]; } || ! command -v apt-get >/dev/null; then
  echo "setup:browser: the web page tests need Chromium at /usr/bin/chromium: install Debian's chromium package (sudo apt-get install chromium), or set MICROCRED_CHROMIUM to a Chromium or Chrome binary" >&2
  exit 1
fi
echo "setup:browser: installing Debian's chromium for the web page tests…"
# The package lists may be missing or stale on a fresh machine: refresh them only if the first try fails.
apt_get=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
"${apt_get[@]}" install -y -q chromium >/dev/null || { "${apt_get[@]}" update -q >/dev/null && "${apt_get[@]}" install -y -q chromium >/dev/null; }
echo "setup:browser: $("$chromium" --version)"
