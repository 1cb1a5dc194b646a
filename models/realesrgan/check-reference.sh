#!/usr/bin/env bash
# Bigger correctness check of the converted packs against upstream upscayl-bin (real-esrgan-ncnn-vulkan,
# needs a Vulkan driver, e.g. Debian mesa-vulkan-drivers) on centre crops of the mate-backgrounds photos.
#   models/realesrgan/check-reference.sh [realesrgan-x4plus|realesrgan-x4fast] [crop size] [photo.jpg...]
# Exits non-zero when a crop differs by more than 2/255 on average.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -o test-compile
mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" io.sharpstep.convert.ReferenceCheck \
    "${1:-realesrgan-x4fast}" "${2:-96}" "${@:3}"
