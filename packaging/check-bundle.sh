#!/usr/bin/env bash
# Checks the Linux bundle that `mvn -Ppackage package` made (run by Maven at verify with -Ppackage, so by
# scripts/test.sh in CI):
#  - the app image's sharpstep-cli lists the packs bundled in the image and enlarges the sample photo x4
#    (bicubic, and the default Real-ESRGAN pack when the build made the packs);
#  - the .deb, unpacked with dpkg -x into a throwaway folder: launchers, jars, sample, packs, icon, and the
#    desktop entry (Exec with %F, Icon, MimeType for jpg/png/tif/webp; the CLI entry hidden).
# Usage: packaging/check-bundle.sh target/jpackage
set -euo pipefail
JP="$(cd "${1:?target/jpackage}" && pwd)"
APP="$JP/app/SharpStep"
CLI="$APP/bin/sharpstep-cli"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/sharpstep-bundle.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
fail() { echo "[check-bundle] FAIL: $*" >&2; exit 1; }
ok() { echo "[check-bundle] ok: $*"; }

# PNG width and height from the IHDR chunk.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{printf "%d %d\n", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'; }
check_x4() { # IN OUT
    [ -s "$2" ] || fail "no output $2"
    read -r w h < <(png_size "$1"); read -r W H < <(png_size "$2")
    [ "$W" -eq $((4 * w)) ] && [ "$H" -eq $((4 * h)) ] || fail "$2 is ${W}x${H}, expected $((4 * w))x$((4 * h))"
    ok "$(basename "$2") is ${W}x${H} (4 x ${w}x${h})"
}

[ -x "$CLI" ] && [ -x "$APP/bin/SharpStep" ] || fail "launchers missing in $APP/bin"
SAMPLE="$APP/lib/app/examples/lighthouse.png"
[ -f "$SAMPLE" ] || fail "sample photo missing: $SAMPLE"

# Packs in the image, found through -Dsharpstep.home=$APPDIR (not the checkout: run from the throwaway folder).
cd "$TMP"
packs=()
for d in "$APP"/lib/app/models/packs/*/; do [ -f "$d/model.json" ] && packs+=("$(basename "$d")"); done
"$CLI" models > "$TMP/models.txt" 2>&1 || { cat "$TMP/models.txt"; fail "sharpstep-cli models failed"; }
cat "$TMP/models.txt"
grep -q "bicubic" "$TMP/models.txt" || fail "bicubic not listed"
for p in ${packs[@]+"${packs[@]}"}; do
    grep -q "$p .*\[$APP/lib/app/models/packs/$p\]" "$TMP/models.txt" || fail "bundled pack $p not found by the app"
done
ok "sharpstep-cli models lists bicubic and ${#packs[@]} bundled pack(s)"

"$CLI" upscale "$SAMPLE" -o "$TMP/bicubic" --model bicubic >/dev/null
check_x4 "$SAMPLE" "$TMP/bicubic/lighthouse_x4.png"
if [ ${#packs[@]} -gt 0 ]; then
    grep -q '^\* realesrgan' "$TMP/models.txt" || fail "the default pack is not a bundled Real-ESRGAN pack"
    # The default pack (x4plus: about 70 s on 2 cores); SHARPSTEP_CHECK_MODEL=realesrgan-x4fast is quicker.
    model="${SHARPSTEP_CHECK_MODEL:-$(grep '^\*' "$TMP/models.txt" | awk '{print $2}')}"
    start=$SECONDS
    "$CLI" upscale "$SAMPLE" -o "$TMP/default" --model "$model" >/dev/null
    check_x4 "$SAMPLE" "$TMP/default/lighthouse_x4.png"
    ok "pack $model in the image in $((SECONDS - start)) s"
else
    echo "[check-bundle] no Real-ESRGAN packs in the image (built with -Dsharpstep.models.skip=true or offline)"
fi

# The .deb.
DEB="$(ls "$JP"/installer/*.deb 2>/dev/null | head -1)"
if [ -z "$DEB" ] && ! command -v fakeroot >/dev/null; then
    echo "[check-bundle] SKIPPED the .deb checks: fakeroot is missing, so no .deb was made (scripts/install-deps.sh)"
    echo "[check-bundle] sizes: app image $(du -sm "$APP" | cut -f1) MB"
    exit 0
fi
[ -n "$DEB" ] || fail "no .deb in $JP/installer"
PKG="$(dpkg-deb -f "$DEB" Package)"
X="$TMP/deb"
dpkg -x "$DEB" "$X"
O="$X/opt/$PKG"
for f in bin/SharpStep bin/sharpstep-cli lib/app/sharpstep.jar lib/app/examples/lighthouse.png lib/SharpStep.png \
         lib/app/SharpStep.cfg lib/app/sharpstep-cli.cfg lib/runtime/release; do
    [ -e "$O/$f" ] || fail ".deb lacks /opt/$PKG/$f"
done
for p in ${packs[@]+"${packs[@]}"}; do
    [ -f "$O/lib/app/models/packs/$p/model.json" ] || fail ".deb lacks pack $p"
done
grep -q -- '-Dsharpstep.home=$APPDIR' "$O/lib/app/SharpStep.cfg" || fail "launcher config lacks -Dsharpstep.home"
DESKTOP="$O/lib/$PKG-SharpStep.desktop"
[ -f "$DESKTOP" ] || fail "no desktop entry $DESKTOP"
grep -qx "Exec=/opt/$PKG/bin/SharpStep %F" "$DESKTOP" || fail "desktop Exec wrong: $(grep ^Exec "$DESKTOP")"
icon="$(sed -n 's/^Icon=//p' "$DESKTOP")"
[ -s "$X$icon" ] || fail "desktop Icon $icon not in the package"
mimes="$(sed -n 's/^MimeType=//p' "$DESKTOP")"
for m in image/jpeg image/png image/tiff image/webp; do
    [[ ";$mimes;" == *";$m;"* ]] || fail "desktop MimeType lacks $m: $mimes"
done
# JDK 19+ honours linux-shortcut=false (no CLI entry); JDK 17 makes one anyway, from our hidden template.
CLI_DESKTOP="$O/lib/$PKG-sharpstep-cli.desktop"
[ ! -e "$CLI_DESKTOP" ] || grep -q "^NoDisplay=true" "$CLI_DESKTOP" || fail "the CLI launcher shows in the menu"
"$O/bin/sharpstep-cli" --version >/dev/null || fail "the unpacked .deb's sharpstep-cli does not run"
ok ".deb $(basename "$DEB"): files, desktop entry (Exec %F, Icon, MimeType $mimes)"

echo "[check-bundle] sizes: app image $(du -sm "$APP" | cut -f1) MB, $(basename "$DEB") $(( $(stat -c %s "$DEB") >> 20 )) MB"
