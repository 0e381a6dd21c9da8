#!/usr/bin/env bash
# Installs the Debian packages rekindle needs to build, run and test, skipping any that
# are already installed. Safe to run again and again; `make` runs it first.
#   scripts/bootstrap.sh        what make run and make test need
#   scripts/bootstrap.sh fuzz   and clang 14 with its sanitizer runtimes, for make fuzz
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config make
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libssl-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql postgresql-client
  libsodium-dev libtomlplusplus-dev libcli11-dev libunistring-dev libcmark-dev libcurl4-openssl-dev zlib1g-dev
  libical-dev liboath-dev
  libgtest-dev libgmock-dev libbenchmark-dev wrk
  chromium fonts-dejavu-core tzdata ca-certificates curl python3-aiosmtpd openssl
  coturn
)
# libFuzzer, ASan and UBSan come with clang's runtimes (clang 14: Debian 12's default).
if [ "${1:-}" = fuzz ]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v node >/dev/null 2>&1 || missing+=(nodejs)

if [ ${#missing[@]} -eq 0 ] && command -v npm >/dev/null 2>&1; then
  exit 0
fi

run_as_root=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    run_as_root=(sudo -n)
  else
    echo "bootstrap: these packages are missing and I am not root: ${missing[*]}" >&2
    echo "bootstrap: run as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  "${run_as_root[@]}" apt-get update -q
  "${run_as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Debian's nodejs ships npm separately; NodeSource's includes it (and conflicts with it).
if ! command -v npm >/dev/null 2>&1; then
  "${run_as_root[@]}" apt-get install -y -q --no-install-recommends npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "bootstrap: Node.js 20 or newer is needed for the web client and browser tests (found $(node --version))" >&2
  exit 1
fi
