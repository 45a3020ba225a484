#!/usr/bin/env bash
# Installs the Debian packages Jiuyou needs, only those missing, and quietly
# when everything is there. Idempotent. Run as root or with sudo available.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config git
  # GIS stack
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin
  # libraries
  libtomlplusplus-dev libcli11-dev libicu-dev libexpected-dev libxlsxwriter-dev libminizip-dev liblemon-dev
  coinor-libcbc-dev libglpk-dev libtbb-dev
  # viewer and headless renderer
  libimgui-dev libstb-dev libglfw3-dev libegl-dev libgl-dev libgl1-mesa-dri libegl-mesa0
  glslang-tools fonts-wqy-microhei xvfb xauth
  # township atlas (PDF) and its tests
  libcairo2-dev poppler-utils
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev postgresql-15-postgis-3 postgresql-client-15
  python3-xlwt  # an old .xls written for the loader's tests (GDAL reads .xls, writes none)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${#missing[@]} missing Debian package(s): ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup: need root to install packages (run as root or install sudo): ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
