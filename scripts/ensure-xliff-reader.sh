#!/usr/bin/env bash
# Makes the virtual environment tests/xliff.rs reads exported XLIFF files with:
# target/xliff-reader/, with translate-toolkit (PyPI), whose translate.storage.xliff2
# reads XLIFF 2.x, pinned below. Does nothing when it is there already.
set -euo pipefail

cd "$(dirname "$0")/.."
say() { echo "ensure-xliff-reader: $*" >&2; }
venv=target/xliff-reader
version=3.20.4
# (sed reads pip's whole output: `grep -q` would close the pipe early, which pipefail
# would take for a failure.)
installed=$("$venv/bin/pip" show translate-toolkit 2>/dev/null | sed -n 's/^Version: //p' || true)
if [ "$installed" = "$version" ] && "$venv/bin/python" -c "import translate.storage.xliff2" 2>/dev/null; then
    say "translate-toolkit $version is in $venv"
    exit 0
fi
if ! command -v python3 >/dev/null; then
    say "installing python3 and python3-venv (Debian) to make $venv"
    source scripts/lib/apt.sh
    apt_install python3 python3-venv
elif ! python3 -c "import venv, ensurepip" 2>/dev/null; then
    say "installing python3-venv (Debian) to make $venv"
    source scripts/lib/apt.sh
    apt_install python3-venv
fi
say "making $venv with translate-toolkit $version (pip, from PyPI)"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "translate-toolkit==$version"
