#!/bin/sh
# Make sure the named Debian packages are installed: install them when running
# as root on Debian, otherwise stop with one line that names what is missing.
missing=""
for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends $missing >/dev/null \
        || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $missing >/dev/null; } \
        || { echo "could not install system packages:$missing" >&2; exit 1; }
    exit 0
fi
echo "missing system packages:$missing (install them with: sudo apt-get install$missing)" >&2
exit 1
