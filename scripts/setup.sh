#!/usr/bin/env bash
# Set up everything the project needs on a fresh Debian/Ubuntu machine with Python 3.11+:
# system packages for PDF work (LibreOffice, fonts, poppler) and the portal's browser tests (headless
# Chromium and its WebDriver) when run as root, then the
# Python package with its development tools into the active Python (use a virtual environment).
# `setup.sh --print-font-packages` prints the font packages below and does nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

# Every font the documents name, by the package that provides it (installed without recommends,
# so each is listed): the templates' Times New Roman is drawn with Liberation Serif (same metrics),
# the sign-off pack and its watermark use Liberation Sans, 宋体/黑体 fall to Noto Serif/Sans CJK SC,
# and LibreOffice draws list bullets and symbols with OpenSymbol.
FONT_PACKAGES=(fonts-liberation2 fonts-noto-cjk fonts-opensymbol)
FONT_FAMILIES=("Liberation Serif" "Liberation Sans" "Noto Serif CJK SC" "Noto Sans CJK SC" "OpenSymbol")
# The portal's end-to-end tests drive Debian's Chromium through its own chromedriver (Selenium): nothing is
# downloaded at test time.
BROWSER_PACKAGES=(chromium chromium-driver)
# The portal beyond one machine (docs/deploy.md): .ci/run's second pass runs the tests on PostgreSQL and Redis,
# started on loopback by scripts/services.sh from Debian's packages (runuser, for PostgreSQL as root, is util-linux's).
SERVICE_PACKAGES=(postgresql redis-server)
# pgrep (procps): the PDF tests look for LibreOffice processes left behind; slim images lack it.
PACKAGES=(libreoffice-writer-nogui poppler-utils procps "${FONT_PACKAGES[@]}" "${BROWSER_PACKAGES[@]}"
          "${SERVICE_PACKAGES[@]}")

if [ "${1-}" = "--print-font-packages" ]; then
  printf '%s\n' "${FONT_PACKAGES[@]}"
  exit 0
fi

missing=()
command -v soffice >/dev/null 2>&1 || missing+=("soffice")
command -v pdftoppm >/dev/null 2>&1 || missing+=("pdftoppm")
command -v pgrep >/dev/null 2>&1 || missing+=("pgrep")
command -v chromium >/dev/null 2>&1 || missing+=("chromium")
command -v chromedriver >/dev/null 2>&1 || missing+=("chromedriver")
families="$(fc-list : family 2>/dev/null || true)"
for family in "${FONT_FAMILIES[@]}"; do
  grep -qxF "$family" <<<"${families//,/$'\n'}" || missing+=("font '$family'")
done
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${PACKAGES[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" = "install ok installed" ] || missing+=("$pkg")
  done
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "missing: ${missing[*]}; installing ${PACKAGES[*]} (apt-get)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
  else
    echo "note: missing ${missing[*]} and this is not a root Debian shell;" >&2
    echo "      PDF output and the PDF tests will be skipped or draw with other fonts, the browser tests" >&2
    echo "      skipped, and scripts/services.sh (PostgreSQL, Redis for .ci/run's second pass) cannot start." >&2
    echo "      Install: ${PACKAGES[*]}" >&2
  fi
fi

python3 -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# constraints.txt: the exact versions CI tested
python3 -m pip install -q -c constraints.txt -e ".[dev]"
echo "setup done: $(command -v contracts)"
