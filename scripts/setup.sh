#!/usr/bin/env bash
# Shared setup for scripts/run.sh and scripts/test.sh: system packages (Debian/Ubuntu, via
# apt-get, only those missing) and a virtual environment in .venv with the project installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${INTERVIEW_SIM_VENV:-$ROOT/.venv}"

# What the app needs at run time on Linux: PortAudio, espeak-ng for pyttsx3, Qt's xcb
# libraries and a font with Hangul.
RUNTIME_PACKAGES=(
  libportaudio2 espeak-ng libespeak-ng1 libsndfile1
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 libgl1 libfontconfig1
  libdbus-1-3 fonts-nanum
)
# What the tests add: PulseAudio virtual devices, Xvfb for end-to-end runs, sox for audio checks.
TEST_PACKAGES=(pulseaudio pulseaudio-utils libasound2-plugins alsa-utils xvfb xauth xdotool sox)

install_system_packages() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: no apt-get here; install these yourself if missing: $*" >&2
    return 0
  fi
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

python_for_venv() {
  for candidate in python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "setup: Python 3.11 or newer is needed" >&2
  return 1
}

ensure_venv() {
  local extras="$1"
  if [ ! -x "$VENV/bin/python" ]; then
    "$(python_for_venv)" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT$extras" 2>&1 |
    grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -c "import interview_sim" # fail loudly if the install did not work
}
