#!/usr/bin/env bash
# WeasyPrint needs Pango (and HarfBuzz's subsetter for fonts in PDFs) from the system.
# Installs them with apt-get when missing and running as root; otherwise names the packages.
set -euo pipefail
missing=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so.0' || missing+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing system libraries for WeasyPrint: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "WeasyPrint needs these system packages: ${missing[*]}" >&2
    echo "install them, for example: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
