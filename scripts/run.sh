#!/usr/bin/env bash
# Run the app on its embedded defaults: bundled question bank, offline Korean speech
# recognition (Vosk), local text-to-speech. Extra arguments go to interview-sim.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
install_system_packages "${RUNTIME_PACKAGES[@]}"
ensure_venv ""
exec "$VENV/bin/interview-sim" "$@"
