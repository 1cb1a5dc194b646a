#!/usr/bin/env bash
# Photos at their real sizes (issue 10's benchmark): whole jobs (read, enlarge, write) in a fresh JVM each with
# -Xmx2g, for 1, 3, 12, 24, 48 and 100 MP inputs made from a photograph in Debian's plasma-workspace-wallpapers
# (EveningGlow, 2560×1600, cropped to 4:3 and resized; 100 MP is 11547×8660, just inside the pixel limit);
# bicubic, the direct and latent fixture packs, and realesrgan-x4fast up to 12 MP. Prints a Markdown table (and keeps the raw lines).
#   scripts/bench-sizes.sh [WORKDIR]      (default /tmp/sharpstep-bench; needs about 40 GB free there)
# Environment: SIZES="1 3 12" to pick sizes, PACKS="bicubic direct-fixture" to pick packs, XMX (default 2g).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/sharpstep-bench}"
xmx="${XMX:-2g}"
sizes="${SIZES:-1 3 12 24 48 100}"
packs="${PACKS:-bicubic direct-fixture latent-fixture realesrgan-x4fast}"
photo=/usr/share/wallpapers/EveningGlow/contents/images/2560x1600.jpg
mkdir -p "$work"
if [ ! -f "$photo" ]; then
  echo "bench: $photo missing: apt-get install plasma-workspace-wallpapers" >&2
  exit 1
fi
command -v convert >/dev/null || { echo "bench: ImageMagick (convert) is needed" >&2; exit 1; }
[ -f "$root/target/sharpstep.jar" ] || (cd "$root" && mvn -q -B -ntp package -DskipTests)
export SHARPSTEP_SCRATCH="$work/scratch"

input() { # MP -> file
  local mp=$1 f="$work/in-$1mp.jpg"
  if [ ! -f "$f" ]; then
    case $mp in
      1) g=1155x866 ;; 3) g=2000x1500 ;; 12) g=4000x3000 ;; 24) g=5656x4242 ;; 48) g=8000x6000 ;;
      100) g=11547x8660 ;; # 99,997,020 pixels: just inside the 100 MP limit
    esac
    convert "$photo" -gravity center -crop 2133x1600+0+0 +repage -resize "$g!" -quality 92 "$f"
  fi
  echo "$f"
}

pack() { # id -> --model argument
  case $1 in
    *-fixture) echo "$root/src/test/resources/fixtures/packs/$1" ;;
    *) echo "$1" ;;
  esac
}

raw="$work/results.tsv"
: > "$raw"
for mp in $sizes; do
  in=$(input "$mp")
  for p in $packs; do
    if [ "$p" = realesrgan-x4fast ] && [ "$mp" -gt 12 ]; then continue; fi
    echo "bench: $mp MP with $p" >&2
    if line=$(java -Xmx"$xmx" --enable-native-access=ALL-UNNAMED -Dsharpstep.home="$root" \
        -cp "$root/target/sharpstep.jar:$root/target/lib/*" io.sharpstep.cli.SharpStepCli \
        bench "$in" --model "$(pack "$p")" --device cpu --no-bicubic --tsv 2>&1 | grep '^TSV'); then
      echo "$mp	$line" >> "$raw"
    else
      echo "$mp	FAILED	$p" >> "$raw"
    fi
  done
done

echo "| input | pack | output MP | wall s | output MP/s | s per output MP | heap after GC MB | used heap MB | resident MB | scratch MB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
awk -F'\t' '$2=="FAILED"{print "| " $1 " MP | " $3 " | failed | | | | | | | |"; next}
            {print "| " $1 " MP | " $4 " | " $5 " | " $6 " | " $7 " | " $8 " | " $9 " | " $10 " | " $11 " | " $12 " |"}' "$raw"
