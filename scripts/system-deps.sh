#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Studio needs to run and test: the libraries Qt's xcb
# platform loads, fonts, a virtual X server for tests and screenshots, PostgreSQL (the Hub's tests
# start a throwaway server of their own), a Secret Service for the keyring (gnome-keyring, which
# the sign-in tests run on a private D-Bus), and Python's venv module.
# As root it installs what is missing; otherwise it prints the exact command and fails.
set -euo pipefail

packages=(
  libxkbcommon-x11-0 libxcb-cursor0 libegl1 libgl1 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libdbus-1-3 libfontconfig1
  fonts-dejavu-core xvfb xauth
  postgresql
  gnome-keyring dbus dbus-x11
)
python=${PYTHON:-python3}
if ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  packages+=("$("$python" -c 'import sys; print(f"python3.{sys.version_info[1]}-venv")')")
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; install the equivalents of: ${packages[*]}" >&2
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "system-deps: these packages are missing. Run this, then try again:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
