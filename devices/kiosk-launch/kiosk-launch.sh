#!/bin/sh
# Starts the kiosk page full screen with no way out (docs/deployment.md). Settings come from the environment,
# normally /etc/clinic-kiosk/kiosk-launch.env (see kiosk-launch.env.example):
#   KIOSK_URL   the kiosk page on the server node with its pairing, e.g.
#               http://192.168.1.10:8080/kiosk/#pair=K2:TOKEN
#   KIOSK_LANG  the interface language, zh-CN (default) or en
set -eu

: "${KIOSK_URL:?set KIOSK_URL to the kiosk page on the server, e.g. http://192.168.1.10:8080/kiosk/}"
KIOSK_LANG="${KIOSK_LANG:-zh-CN}"
# a fresh profile per start: no remembered state from yesterday, no restore-session prompt
PROFILE="${XDG_RUNTIME_DIR:-/tmp}/clinic-kiosk-chromium"
rm -rf "$PROFILE"

exec /usr/bin/chromium \
  --app="$KIOSK_URL" \
  --kiosk \
  --noerrdialogs \
  --disable-session-crashed-bubble \
  --disable-infobars \
  --autoplay-policy=no-user-gesture-required \
  --disable-features=Translate,TouchpadOverscrollHistoryNavigation,OverscrollHistoryNavigation \
  --disable-pinch \
  --overscroll-history-navigation=0 \
  --no-first-run \
  --disable-sync \
  --password-store=basic \
  --lang="$KIOSK_LANG" \
  --user-data-dir="$PROFILE" \
  --ozone-platform=wayland
