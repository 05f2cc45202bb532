"""Checks on the CPU (numpy and ImageMagick, no torch) that `sweep.py` measures its fills as
`measure_fills.py` measures the command line's:

    python3 training/check_sweep.py --photos DATA/eval

On the evaluation photos' holes, through `measure_fills.summarise_windows` (what `sweep.py` calls):

1. each photo's own window pasted back gives the photo bit for bit, and the photos' own figures, all
   finite although a flat ring (no ratio) is among the holes;
2. the same windows as a tokenizer returns them, softened (3 x 3 box blur) and with a colour shift
   that varies across the window: pasted as they are, as the sweep used to, the seam is far above a
   photo's own; pasted with the editor's colour match and feather it is no more than the photo's own
   (the feather softens the edge), and the sharpness ratio shows the lost detail.

Prints the figures and exits non-zero when a check fails.
"""
import argparse
import os
import sys

import numpy as np

from measure_fills import HOLE, composite, holes, measure_hole, read_rgb, summarise, summarise_windows

WINDOW = 128
MARGIN = (WINDOW - HOLE) // 2


def softened(window):
    """A stand-in for the tokenizer's round trip: a 3 x 3 box blur and a colour shift of 4-16 levels."""
    w = window.astype(np.float64)
    p = np.pad(w, ((1, 1), (1, 1), (0, 0)), mode='edge')
    blurred = sum(p[dy:dy + WINDOW, dx:dx + WINDOW] for dy in range(3) for dx in range(3)) / 9
    ramp = np.linspace(0, 1, WINDOW)[None, :, None]
    shift = np.array([12.0, -8.0, 4.0]) + ramp * np.array([4.0, 6.0, -10.0])
    return np.clip(np.floor(blurred + shift + 0.5), 0, 255).astype(np.uint8)


def pasted_raw(photo, window, x0, y0):
    out = photo.copy()
    out[y0:y0 + HOLE, x0:x0 + HOLE] = window[MARGIN:MARGIN + HOLE, MARGIN:MARGIN + HOLE]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--photos', required=True)
    args = parser.parse_args()
    photos, cases = [], []
    for name in sorted(os.listdir(args.photos)):
        if name.lower().endswith(('.jpg', '.jpeg', '.png')):
            rgb = read_rgb(os.path.join(args.photos, name))
            h, w, _ = rgb.shape
            if min(h, w) >= HOLE + 82:  # as sweep.py
                cases += [(len(photos), x0, y0) for x0, y0 in holes(w, h)]
                photos.append(rgb)
    own = np.stack([photos[i][y0 - MARGIN:y0 - MARGIN + WINDOW, x0 - MARGIN:x0 - MARGIN + WINDOW] for i, x0, y0 in cases])
    failures = []

    def check(ok, what):
        print(('ok   ' if ok else 'FAIL ') + what)
        if not ok:
            failures.append(what)

    unchanged = all(np.array_equal(composite(photos[i], win, x0 - MARGIN, y0 - MARGIN, x0, y0), photos[i])
                    for (i, x0, y0), win in zip(cases, own))
    check(unchanged, "each photo's own window pasted back gives the photo bit for bit")
    photo = summarise_windows(photos, cases, own)
    print(f'  photos\' own: {photo}')
    check(all(np.isfinite(v) for v in photo.values()), 'every figure finite')
    check(0 < photo['measured'] < len(cases), f"{len(cases) - photo['measured']} of {len(cases)} holes without a ratio "
          "(flat ring) left out")
    check(photo['ratio_mean'] == photo['photo_ratio_mean'] and photo['seam_mean'] == photo['photo_seam_mean'],
          "the photos' own pixels measure as the photos")

    soft = np.stack([softened(win) for win in own])
    raw = summarise([measure_hole(pasted_raw(photos[i], win, x0, y0), photos[i], x0, y0)
                     for (i, x0, y0), win in zip(cases, soft)])
    matched = summarise_windows(photos, cases, soft)
    print(f'  softened, pasted as they are: {raw}')
    print(f'  softened, colour match and feather: {matched}')
    check(raw['seam_mean'] > 2 * photo['seam_mean'], 'pasted as they are, the colour shift shows as a seam')
    check(matched['seam_mean'] <= photo['seam_mean'] and matched['seam_mean'] < raw['seam_mean'] / 2,
          "with the colour match and feather, the seam is no more than the photos' own")
    check(matched['ratio_mean'] < 0.8 * photo['ratio_mean'], 'the blur shows in the sharpness ratio')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
