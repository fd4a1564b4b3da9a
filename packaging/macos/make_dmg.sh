#!/usr/bin/env bash
# Package dist/"Interview Sim.app" (built by packaging/interview_sim.spec) into a .dmg, then sign
# and notarize the .dmg when the credentials are there; without them the .dmg is made unsigned
# and the signing steps say they were skipped.
#
#   bash packaging/macos/make_dmg.sh VERSION [ARCH]
#
# Environment (optional):
#   INTERVIEW_SIM_CODESIGN_IDENTITY  "Developer ID Application: Name (TEAMID)": signs the .dmg (the app
#                                    itself was signed by PyInstaller with the same identity)
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_SPECIFIC_PASSWORD
#                                    notarize with notarytool and staple the ticket
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

VERSION="${1:?usage: make_dmg.sh VERSION [ARCH]}"
ARCH="${2:-$(uname -m)}"
APP="dist/Interview Sim.app"
OUT_DIR="dist/installer"
DMG="$OUT_DIR/InterviewSim-$VERSION-macos-$ARCH.dmg"
IDENTITY="${INTERVIEW_SIM_CODESIGN_IDENTITY:-}"

[ -d "$APP" ] || { echo "make_dmg: $APP is missing; build it with PyInstaller first" >&2; exit 1; }

echo "== checking the app's signature"
# PyInstaller signs every binary and the bundle (ad hoc without an identity); a broken
# signature would make Gatekeeper refuse the app, so stop here rather than ship it.
codesign --verify --deep --strict --verbose=2 "$APP"
if [ -n "$IDENTITY" ]; then
  codesign --display --entitlements - "$APP" 2>&1 | grep -q "com.apple.security.device.audio-input" ||
    { echo "make_dmg: the app was signed without the audio-input entitlement" >&2; exit 1; }
fi

echo "== building $DMG"
mkdir -p "$OUT_DIR"
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
# ditto keeps the bundle's symbolic links, extended attributes and signatures intact.
ditto "$APP" "$staging/Interview Sim.app"
ln -s /Applications "$staging/Applications"
rm -f "$DMG"
# hdiutil create fails now and then on CI machines ("Resource busy", a volume still being
# indexed or detached): try again after a pause, a few times, before giving up.
attempt=1
until hdiutil create -volname "Interview Sim $VERSION" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$DMG"; do
  if [ "$attempt" -ge 5 ]; then
    echo "make_dmg: hdiutil create failed $attempt times" >&2
    exit 1
  fi
  echo "== hdiutil create failed (attempt $attempt); retrying in $((attempt * 5)) s"
  sleep $((attempt * 5))
  attempt=$((attempt + 1))
  rm -f "$DMG"
done

if [ -z "$IDENTITY" ]; then
  echo "== signing skipped: INTERVIEW_SIM_CODESIGN_IDENTITY is not set (unsigned .dmg, ad-hoc signed app)"
  echo "== notarization skipped: needs a signing identity"
  exit 0
fi
echo "== signing the .dmg"
codesign --sign "$IDENTITY" --timestamp "$DMG"

if [ -z "${APPLE_ID:-}" ] || [ -z "${APPLE_TEAM_ID:-}" ] || [ -z "${APPLE_APP_SPECIFIC_PASSWORD:-}" ]; then
  echo "== notarization skipped: APPLE_ID, APPLE_TEAM_ID and APPLE_APP_SPECIFIC_PASSWORD are not all set"
  exit 0
fi
echo "== notarizing (notarytool, waits for Apple's answer)"
credentials=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_SPECIFIC_PASSWORD")
# `notarytool submit --wait` exits 0 even when Apple answers "Invalid": read the status from its
# JSON output, and on anything but "Accepted" print Apple's log, which names each problem.
result="$(xcrun notarytool submit "$DMG" "${credentials[@]}" --wait --timeout 1h --output-format json)"
echo "$result"
read -r submission status < <(printf '%s' "$result" | /usr/bin/python3 -c \
  'import json, sys; r = json.load(sys.stdin); print(r.get("id", ""), r.get("status", "unknown"))')
if [ "$status" != "Accepted" ]; then
  echo "make_dmg: notarization ended with status '$status' (submission $submission); Apple's log:" >&2
  if [ -n "$submission" ]; then
    xcrun notarytool log "$submission" "${credentials[@]}" >&2 || true
  fi
  exit 1
fi
# Stapling puts the ticket in the .dmg, so Gatekeeper accepts it offline too.
xcrun stapler staple "$DMG"
xcrun stapler validate "$DMG"
spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
