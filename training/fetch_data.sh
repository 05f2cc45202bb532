#!/usr/bin/env bash
# Fetches the freely licensed photo packages (Debian), selects the photographs and packs them small
# for training the embedded default model (training pack) and for measuring it (evaluation pack).
#
#   training/fetch_data.sh OUT_DIR
#
# writes OUT_DIR/train/*.jpg, OUT_DIR/eval/*.jpg (JPEG q82 / q88, longest side at most 640 / 512 px),
# OUT_DIR/train/labels.tsv (file, class id) and OUT_DIR/ATTRIBUTION.md.
# Needs apt-get, dpkg, python3 and ImageMagick's convert. Downloads ~670 MB into ${CACHE:-/tmp/arpg-debs}.
# The evaluation set (python3-skimage, python3-sklearn, opencv-doc) never enters the training pack.
set -euo pipefail

OUT=${1:?usage: fetch_data.sh OUT_DIR}
CACHE=${CACHE:-/tmp/arpg-debs}
HERE=$(cd "$(dirname "$0")" && pwd)
TRAIN_SIDE=640
EVAL_SIDE=512
TRAIN_QUALITY=82  # small enough to travel to the GPU machine with the checkout
EVAL_QUALITY=88
CONVERT=/usr/bin/convert; [ -x "$CONVERT" ] || CONVERT=convert

TRAIN_PACKAGES="endless-sky-high-dpi endless-sky-data mate-backgrounds plasma-workspace-wallpapers
  lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 lxqt-themes palapeli-data scratch gcompris-qt-data
  kphotoalbum gnome-control-center-data"
# not in bookworm: fetched through a temporary trixie source list
TRIXIE_PACKAGES="budgie-backgrounds wordpress-theme-twentytwentyfive wordpress-theme-twentytwentyfour"
EVAL_PACKAGES="python3-skimage python3-sklearn opencv-doc"

mkdir -p "$CACHE/x" "$OUT/train" "$OUT/eval"
cd "$CACHE"

fetch() {  # fetch PKG [apt options...]: download and extract once
  local pkg=$1; shift
  if [ ! -d "x/$pkg" ]; then
    ls "${pkg}"_*.deb >/dev/null 2>&1 || apt-get "$@" download "$pkg"
    dpkg -x "${pkg}"_*.deb "x/$pkg"
  fi
}
for p in $TRAIN_PACKAGES $EVAL_PACKAGES; do fetch "$p"; done
if [ -n "$TRIXIE_PACKAGES" ]; then
  mkdir -p "$CACHE/trixie-lists/partial"
  echo "deb http://deb.debian.org/debian trixie main" > "$CACHE/trixie.list"
  TX=(-o Dir::Etc::sourcelist="$CACHE/trixie.list" -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$CACHE/trixie-lists")
  need=0; for p in $TRIXIE_PACKAGES; do ls "${p}"_*.deb >/dev/null 2>&1 || need=1; done
  [ $need = 0 ] || apt-get "${TX[@]}" update
  for p in $TRIXIE_PACKAGES; do fetch "$p" "${TX[@]}"; done
fi

# GCompris keeps its activities' photos inside compiled Qt resource files: unpack those once
GC=x/gcompris-qt-data/usr/share/gcompris-qt/rcc
for a in categorization explore_monuments erase clickgame explore_farm_animals explore_world_animals; do
  [ -d "x/gcompris-rcc/$a" ] || python3 "$HERE/rcc_extract.py" "$GC/$a.rcc" "x/gcompris-rcc/$a" >/dev/null
done

# ---- selection: photographs only (illustrations, renders, logos and drawn scenes are left out) ----
ES=x/endless-sky-high-dpi/usr/share/games/endless-sky/plugins/endless-sky-high-dpi/images/land
PW=x/plasma-workspace-wallpapers/usr/share/wallpapers
SCR=x/scratch/usr/share/scratch/Media/Backgrounds
{
  for f in "$ES"/*.jpg; do echo "endless-sky-high-dpi $f"; done
  for f in x/endless-sky-data/usr/share/games/endless-sky/images/scene/*.jpg; do echo "endless-sky-data $f"; done
  for f in x/mate-backgrounds/usr/share/backgrounds/mate/nature/*.jpg; do echo "mate-backgrounds $f"; done
  for t in BytheWater ColdRipple DarkestHour EveningGlow FallenLeaf Grey Kite OneStandsOut Path Shell summer_1am; do
    echo "plasma-workspace-wallpapers $(ls -S "$PW/$t"/contents/images/*.jpg | head -1)"
  done
  for p in lomiri-wallpapers-16.04 lomiri-wallpapers-20.04; do
    for f in x/$p/usr/share/backgrounds/*.jpg; do
      case $f in *analogpattern*|*umang_*|*Fossa_*|*Infinite-Sea_*|*Painting-Colors_*) ;; *) echo "$p $f";; esac
    done
  done
  for f in x/budgie-backgrounds/usr/share/backgrounds/budgie/*.jpg; do
    case $f in *valley-midnight*|*waves-midnight*) ;; *) echo "budgie-backgrounds $f";; esac
  done
  for n in Butterfly-Kenneth-Wimer.jpg Valendas.png after-the-rain.jpg appleflower.png beam.png butterfly.png cloud.png drop.png flowers.png fog.jpg; do
    echo "lxqt-themes x/lxqt-themes/usr/share/lxqt/wallpapers/$n"
  done
  for f in x/palapeli-data/usr/share/palapeli/collection/*.jpg; do echo "palapeli-data $f"; done
  find x/gcompris-rcc -name '*.webp' | sort | while read -r f; do  # categories' alphabets, numbers, clickgame's drawn fish: not photos
    case $f in */alphabets/*|*/numbers/*) ;; */clickgame/*) case ${f##*/} in sea*) echo "gcompris-qt-data $f";; esac ;;
      *) echo "gcompris-qt-data $f";; esac
  done
  for f in x/kphotoalbum/usr/share/kphotoalbum/demo/*.jpg; do  # thumbnails (People-*, Places-*...) and logos left out
    case ${f##*/} in [A-Z]*-*|qt-logo.jpg|search.jpg) ;; *) echo "kphotoalbum $f";; esac
  done
  for f in x/gnome-control-center-data/usr/share/pixmaps/faces/*.{jpg,png}; do  # renders left out
    case ${f##*/} in flake.*|energy-arc.*|tennis-ball.*|baseball.*|soccerball.*|gamepad.*|astronaut.*) ;; *) echo "gnome-control-center-data $f";; esac
  done
  for p in wordpress-theme-twentytwentyfive wordpress-theme-twentytwentyfour; do  # mock-ups, book covers, icons left out
    find "x/$p" \( -name '*.jpg' -o -name '*.webp' -o -name '*.png' \) ! -name 'screenshot.*' | sort | while read -r f; do
      case ${f##*/} in services-subscriber*|book-image*|icon-*|location*|404-*) ;; *) echo "$p $f";; esac
    done
  done
  for f in "$SCR"/{Nature,Outdoors,Indoors,Sports}/*.jpg; do
    case ${f##*/} in chalkboard.jpg|party-room.jpg|room[123].jpg|spotlight-stage.jpg|woods-and-bench.jpg|*mural*|graffiti.jpg|school2.jpg) ;;
      *) echo "scratch $f";; esac
  done
} > "$CACHE/train-list.txt"

SKD=x/python3-skimage/usr/lib/python3/dist-packages/skimage/data
OCV=x/opencv-doc/usr/share/doc/opencv-doc/examples/data
{
  for n in astronaut.png coffee.png chelsea.png rocket.jpg motorcycle_left.png grass.png gravel.png brick.png; do echo "python3-skimage $SKD/$n"; done
  for n in china.jpg flower.jpg; do echo "python3-sklearn x/python3-sklearn/usr/lib/python3/dist-packages/sklearn/datasets/images/$n"; done
  for n in fruits.jpg baboon.jpg HappyFish.jpg leuvenA.jpg home.jpg messi5.jpg orange.jpg apple.jpg aero1.jpg squirrel_cls.jpg stuff.jpg graf1.png smarties.png basketball1.png; do
    echo "opencv-doc $OCV/$n"
  done
} > "$CACHE/eval-list.txt"

# class of a training photo from its file name (scene kinds; line i+1 of classes.txt is class i)
class_of() {
  local n; n=$(basename "$1" | tr 'A-Z' 'a-z'); n=${n#*__}  # the photo's own name, not its package's
  case $n in
    *sea*|*water*|*beach*|*ocean*|*wave*|*lake*|*pool*|*ripple*|*aqua*) echo 1 ;;
    *mountain*|*hill*|*valley*|*canyon*|*badlands*|*aitzgorri*|*picos*) echo 2 ;;
    *desert*|*dune*) echo 3 ;;
    *snow*|*ice*|*cold*) echo 4 ;;
    *sky*|*fog*|*cloud*|*storm*|*space*|*moon*|*sunset*|*glow*|*darkest*) echo 5 ;;
    *city*|*station*|*industrial*|*building*|*castle*|*colosseum*|*street*|*house*|*village*|*mansion*|*bridge*|*brick*|*casa*|*piazza*|*hall*|*store*|*kitchen*|*movies*|*parking*|*route*|*silos*|*tracks*|*court*) echo 6 ;;
    *field*|*forest*|*wood*|*garden*|*flower*|*meadow*|*tree*|*leaf*|*grass*|*hay*|*tea*|*path*|*moss*|*stands*) echo 7 ;;
    *) echo 0 ;;
  esac
}

pack() {  # pack LIST DIR SIDE QUALITY: resize each photo (longest side at most SIDE), strip metadata, JPEG
  local list=$1 dir=$2 side=$3 quality=$4
  rm -f "$dir"/*.jpg
  while read -r pkg src; do
    local base; base=$(basename "${src%.*}")
    case $base in [0-9]*x[0-9]*) base=$(basename "$(dirname "$(dirname "$(dirname "$src")")")");; esac  # plasma: THEME/contents/images/WxH.jpg
    case $src in */gcompris-rcc/*) base=$(printf '%s' "$src" | sed 's|.*/gcompris-rcc/\([^/]*\)/.*|\1|')-$base;; esac  # the same monument in two activities
    local name; name=$(printf '%s__%s' "$pkg" "$(printf '%s' "$base" | tr -c 'A-Za-z0-9_.-' '_')")
    echo "$src $dir/$name.jpg"
  done < "$list" | xargs -P "$(nproc)" -n 2 sh -c \
    "$CONVERT \"\$0\"'[0]' -auto-orient -colorspace sRGB -type TrueColor -resize '${side}x${side}>' -strip -quality $quality \"\$1\""
}
pack "$CACHE/train-list.txt" "$OUT/train" $TRAIN_SIDE $TRAIN_QUALITY
pack "$CACHE/eval-list.txt" "$OUT/eval" $EVAL_SIDE $EVAL_QUALITY

: > "$OUT/train/labels.tsv"
for f in "$OUT"/train/*.jpg; do printf '%s\t%s\n' "$(basename "$f")" "$(class_of "$f")" >> "$OUT/train/labels.tsv"; done

# ---- attribution: every source package, its count, and its license text's summary ----
{
  echo "# Photos the embedded default model was trained on"
  echo
  echo "The weights in this folder were trained only on the photographs below, taken from Debian packages"
  echo "(bookworm; $(echo $TRIXIE_PACKAGES | sed "s/ /, /g") from trixie) by \`training/fetch_data.sh\`. Each package's full copyright"
  echo "file is /usr/share/doc/PACKAGE/copyright in the package; the licenses it names are listed here."
  echo "No photo is shipped: only model weights derived from them."
  echo
  echo "| package | version | photos | licenses named in its copyright file |"
  echo "| --- | --- | --- | --- |"
  for p in $TRAIN_PACKAGES $TRIXIE_PACKAGES; do
    v=$(dpkg-deb -f "$CACHE/${p}"_*.deb Version)
    c=$(grep -c "^$p " "$CACHE/train-list.txt" || true)
    l=$(grep -h '^License:' "x/$p/usr/share/doc/$p/copyright" 2>/dev/null | sed 's/License: *//' | sort -u | paste -sd, - | sed 's/,/, /g')
    echo "| $p | $v | $c | ${l:-see copyright file} |"
  done
  echo
  echo "Evaluation only (never trained on): python3-skimage, python3-sklearn, opencv-doc ($(wc -l < "$CACHE/eval-list.txt") photos)."
  echo
  echo "## Files"
  echo
  sed 's|^\([^ ]*\) x/[^ ]*/\(.*\)|- \1: \2|' "$CACHE/train-list.txt"
} > "$OUT/ATTRIBUTION.md"

echo "train: $(ls "$OUT"/train/*.jpg | wc -l) photos, $(du -sh "$OUT/train" | cut -f1); eval: $(ls "$OUT"/eval/*.jpg | wc -l) photos, $(du -sh "$OUT/eval" | cut -f1)"
