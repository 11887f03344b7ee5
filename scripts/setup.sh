#!/usr/bin/env bash
# Set up everything the project needs on a fresh Debian/Ubuntu machine with Python 3.11+:
# system packages for PDF work (LibreOffice, CJK fonts, poppler) when run as root, then the
# Python package with its development tools into the active Python (use a virtual environment).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -i "Noto.*CJK" >/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing LibreOffice Writer, Noto CJK fonts and poppler-utils (apt-get)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-writer-nogui fonts-noto-cjk poppler-utils >/dev/null
  else
    echo "note: LibreOffice is not installed and this is not a root Debian shell;" >&2
    echo "      PDF output and the PDF tests will be skipped. Install: libreoffice-writer-nogui fonts-noto-cjk" >&2
  fi
fi

python3 -m pip install -q --upgrade pip >/dev/null 2>&1 || true
python3 -m pip install -q -e ".[dev]"
echo "setup done: $(command -v contracts)"
