#!/usr/bin/env bash
# Copies what gpu-run.sh needs and a bare GPU machine lacks into DEST (default .gpu, which
# .git/info/exclude should list): the real photos as DEST/plates and the fonts synth.py uses
# as DEST/fonts/{truetype,opentype}/..., laid out like /usr/share/fonts.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-.gpu}
mkdir -p "$dest/plates" "$dest/fonts"
dest=$(cd "$dest" && pwd)  # absolute: the font copy below runs from this script's folder
cp -r "$here/../../../shared/data/plates/us" "$here/../../../shared/data/plates/eu" "$dest/plates/"
cd "$here" && /usr/bin/python3 -c '
import synth
for p in synth.available(synth.MAIN_FONTS + synth.DECOR_FONTS):
    print(p)' | sort -u | while read -r f; do
  rel=${f#/usr/share/fonts/}
  mkdir -p "$dest/fonts/$(dirname "$rel")"
  cp "$f" "$dest/fonts/$rel"
done
