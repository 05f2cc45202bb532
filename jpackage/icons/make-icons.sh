#!/usr/bin/env bash
# Derives every icon the app and its installers use from ONE source image,
# ui-resources/icon/arpg-studio.png (1024 x 1024, drawn by DrawIcon.java beside this script):
#   - PNGs 16..512 px in ui-resources' jar (window icons; the Linux installers use the 256 px one),
#   - ui-resources/icon/arpg-studio.ico  (Windows: 16..256 px, through ImageMagick),
#   - ui-resources/icon/arpg-studio.icns (macOS: PNG entries 16..1024 px, through Icns.java).
# The results are committed; run this again after changing the source image.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/scripts/system-libs.sh"
command -v convert >/dev/null || ensure_system_libs imagemagick

source_png="$root/ui-resources/icon/arpg-studio.png"
png_dir="$root/ui-resources/src/main/resources/com/arpgstudio/ui/icons"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$png_dir"

# -strip and the excluded chunks keep the output byte-identical from run to run.
resize() { # SIZE OUT
  convert "$source_png" -filter Lanczos -resize "$1x$1" -strip \
    -define png:exclude-chunks=date,time "png32:$2"
}

for size in 16 32 48 64 128 256 512; do
  resize "$size" "$png_dir/app-$size.png"
done

for size in 16 32 48 64 128 256; do
  resize "$size" "$work/ico-$size.png"
done
convert "$work"/ico-{16,32,48,64,128,256}.png "$root/ui-resources/icon/arpg-studio.ico"

for size in 16 32 64 128 256 512 1024; do
  resize "$size" "$work/icns-$size.png"
done
# icp4/icp5/icp6/ic07/ic08/ic09: 16..512 px at 1x; ic11..ic14 and ic10: the same sizes at 2x.
java "$root/jpackage/icons/Icns.java" "$root/ui-resources/icon/arpg-studio.icns" \
  icp4="$work/icns-16.png" icp5="$work/icns-32.png" icp6="$work/icns-64.png" \
  ic07="$work/icns-128.png" ic08="$work/icns-256.png" ic09="$work/icns-512.png" \
  ic11="$work/icns-32.png" ic12="$work/icns-64.png" ic13="$work/icns-256.png" \
  ic14="$work/icns-512.png" ic10="$work/icns-1024.png"
echo "icons written to $png_dir and $root/ui-resources/icon" >&2
