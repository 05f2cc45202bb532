"""Measures the embedded model's fills as users get them: holes filled by the command line (`./arpg
inpaint`), then how detailed the fill is and how visible its border.

    python3 measure_fills.py --photos DIR --work DIR [--arpg ./arpg] [--seeds 2] [--label NAME]
                             [-- EXTRA ARPG OPTIONS, e.g. --temperature 1.0 --top-k 0]

Each photo (the evaluation pack: 512 px, never trained on) gets up to three 64 x 64 px holes (a quarter of
the model's 128 px window, so the fill runs at native scale): in its centre and towards two opposite
corners. One `arpg inpaint` run per seed fills every hole (a folder of images, the model loaded once;
PNG in and out, so nothing is lost to JPEG). Measured per hole, on the luminance (ITU-R 601):

- sharpness ratio: mean absolute 4-neighbour Laplacian inside the hole over the same in the ring
  8-40 px around it (Euclidean distance from the hole), as `ImageMetrics.sharpnessRatio` computes it
  for a square mask; 1.0 = as detailed as its surroundings. The photo's own pixels there give the
  reference (`photo_ratio`).
- seam: for each of the hole's four edges, the mean absolute RGB step across the edge over the mean
  step of the lines 2-16 px beside it on both sides, as `ImageMetrics.columnSeam` / `rowSeam`
  compute it (1.0 = invisible; a photo's own lines 1.0-1.3); the hole's seam is the mean of its four.

Prints one line per setting with the mean and median of both over all holes and seeds (holes whose
ring is flat, where no ratio exists, left out), and writes
WORK/LABEL.json with every hole's figures. Needs ImageMagick's `convert` and numpy.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

import numpy as np

HOLE = 64
RING_NEAR, RING_FAR = 8, 40
BESIDE_NEAR, BESIDE_FAR = 2, 16
MAX_SIDE = 4096


def read_rgb(path):
    """The image's pixels as (H, W, 3) uint8, read through ImageMagick (bounded size)."""
    size = subprocess.run(['identify', '-format', '%w %h', path + '[0]'], capture_output=True, text=True,
                          check=True, timeout=60).stdout.split()
    w, h = int(size[0]), int(size[1])
    if not (0 < w <= MAX_SIDE and 0 < h <= MAX_SIDE):
        raise ValueError(f'{path}: {w}x{h} is outside 1..{MAX_SIDE} px a side')
    raw = subprocess.run(['convert', path + '[0]', '-depth', '8', 'rgb:-'], capture_output=True, check=True,
                         timeout=60).stdout
    if len(raw) != w * h * 3:
        raise ValueError(f'{path}: expected {w * h * 3} bytes of RGB, got {len(raw)}')
    return np.frombuffer(raw, np.uint8).reshape(h, w, 3)


def luma(rgb):
    return rgb.astype(np.float64) @ np.array([0.299, 0.587, 0.114])


def abs_laplacian(y):
    """|4 y - its 4 neighbours| on the interior pixels, zero on the border (excluded by the regions)."""
    lap = np.zeros_like(y)
    lap[1:-1, 1:-1] = np.abs(4 * y[1:-1, 1:-1] - y[:-2, 1:-1] - y[2:, 1:-1] - y[1:-1, :-2] - y[1:-1, 2:])
    return lap


def sharpness_ratio(rgb, x0, y0):
    lap = abs_laplacian(luma(rgb))
    h, w = lap.shape
    yy, xx = np.mgrid[0:h, 0:w]
    dx = np.maximum(np.maximum(x0 - xx, xx - (x0 + HOLE - 1)), 0)
    dy = np.maximum(np.maximum(y0 - yy, yy - (y0 + HOLE - 1)), 0)
    dist = np.sqrt(dx * dx + dy * dy)
    interior = (xx > 0) & (yy > 0) & (xx < w - 1) & (yy < h - 1)
    inside = lap[(dist == 0) & interior].mean()
    ring = lap[(dist > RING_NEAR - 1) & (dist <= RING_FAR) & interior].mean()  # as PixelMask.grown(40) minus grown(7)
    return inside / ring if ring > 0 else float('nan')


def step(rgb, at, lo, hi, vertical):
    """Mean absolute RGB difference between line at-1 and line at over [lo, hi) (columns if vertical)."""
    a = rgb[lo:hi, at - 1] if vertical else rgb[at - 1, lo:hi]
    b = rgb[lo:hi, at] if vertical else rgb[at, lo:hi]
    return np.abs(a.astype(np.int32) - b.astype(np.int32)).mean()


def seam(rgb, at, lo, hi, vertical):
    across = rgb.shape[1] if vertical else rgb.shape[0]
    beside = [step(rgb, line, lo, hi, vertical) for k in range(BESIDE_NEAR, BESIDE_FAR + 1)
              for line in (at - k, at + k) if 1 <= line < across]
    mean = sum(beside) / len(beside)
    here = step(rgb, at, lo, hi, vertical)
    return (1.0 if here == 0 else float('inf')) if mean == 0 else here / mean


def hole_seam(rgb, x0, y0):
    edges = [seam(rgb, x0, y0, y0 + HOLE, True), seam(rgb, x0 + HOLE, y0, y0 + HOLE, True),
             seam(rgb, y0, x0, x0 + HOLE, False), seam(rgb, y0 + HOLE, x0, x0 + HOLE, False)]
    return sum(edges) / 4


def holes(w, h):
    """Top-left corners of the three holes: centre, and a third of the way towards two opposite corners."""
    margin = RING_FAR + 1
    def clamp(v, side):
        return int(min(max(v, margin), side - margin - HOLE))
    cx, cy = (w - HOLE) // 2, (h - HOLE) // 2
    return [(clamp(cx, w), clamp(cy, h)), (clamp(cx - w // 4, w), clamp(cy - h // 4, h)),
            (clamp(cx + w // 4, w), clamp(cy + h // 4, h))]


def prepare(photos, work, count):
    """Writes WORK/in/NAME_hK.png and WORK/mask/NAME_hK.png for the first `count` holes of every photo;
    returns {case: (photo rgb, x0, y0)}."""
    cases = {}
    for d in ('in', 'mask'):
        shutil.rmtree(os.path.join(work, d), ignore_errors=True)
        os.makedirs(os.path.join(work, d))
    for name in sorted(os.listdir(photos)):
        if not name.lower().endswith(('.jpg', '.jpeg', '.png')):
            continue
        src = os.path.join(photos, name)
        rgb = read_rgb(src)
        h, w, _ = rgb.shape
        if w < HOLE + 2 * (RING_FAR + 1) or h < HOLE + 2 * (RING_FAR + 1):
            continue
        stem = os.path.splitext(name)[0]
        subprocess.run(['convert', src + '[0]', '-strip', os.path.join(work, 'in', stem + '.png')], check=True,
                       timeout=60)
        for k, (x0, y0) in enumerate(holes(w, h)[:count]):
            case = f'{stem}_h{k}'
            if k > 0:
                shutil.copyfile(os.path.join(work, 'in', stem + '.png'), os.path.join(work, 'in', case + '.png'))
            subprocess.run(['convert', '-size', f'{w}x{h}', 'xc:black', '-fill', 'white', '-draw',
                            f'rectangle {x0},{y0} {x0 + HOLE - 1},{y0 + HOLE - 1}',
                            os.path.join(work, 'mask', case + '.png')], check=True, timeout=60)
            cases[case] = (rgb, x0, y0)
        os.replace(os.path.join(work, 'in', stem + '.png'), os.path.join(work, 'in', stem + '_h0.png'))
    return cases


def write_rgb(rgb, path):
    h, w, _ = rgb.shape
    subprocess.run(['convert', '-size', f'{w}x{h}', '-depth', '8', 'rgb:-', path], input=np.ascontiguousarray(rgb).tobytes(),
                   check=True, timeout=60)


def grid(work, columns, cases, wanted, path, scale=2, gap=2):
    """The evaluation grid: per wanted photo (centre hole) its 128 px window around the hole, the window
    with the hole grey, and the fill in each of the `columns` (output folders of WORK), each enlarged
    `scale` times, 2 px white gaps."""
    tiles = []
    for stem in wanted:
        case = next(c for c in sorted(cases) if c.startswith(stem) and c.endswith('_h0'))
        photo, x0, y0 = cases[case]
        m = (128 - HOLE) // 2
        window = (slice(y0 - m, y0 - m + 128), slice(x0 - m, x0 - m + 128))
        holed = photo.copy()
        holed[y0:y0 + HOLE, x0:x0 + HOLE] = 128
        row = [photo[window], holed[window]]
        row += [read_rgb(os.path.join(work, column, case + '.png'))[window] for column in columns]
        tiles.append(row)
    side = 128 * scale
    canvas = np.full((len(tiles) * (side + gap) - gap, len(tiles[0]) * (side + gap) - gap, 3), 255, np.uint8)
    for r, row in enumerate(tiles):
        for c, t in enumerate(row):
            canvas[r * (side + gap):r * (side + gap) + side, c * (side + gap):c * (side + gap) + side] = \
                t.repeat(scale, 0).repeat(scale, 1)
    write_rgb(canvas, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--photos', required=True)
    parser.add_argument('--work', required=True)
    parser.add_argument('--arpg', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'arpg'))
    parser.add_argument('--seeds', type=int, default=2)
    parser.add_argument('--holes', type=int, default=3, choices=(1, 2, 3), help='holes per photo (centre first)')
    parser.add_argument('--label', default='default')
    parser.add_argument('--reuse', action='store_true', help='keep WORK/in and WORK/mask from an earlier run')
    parser.add_argument('--grid', help='also draw the evaluation grid (PNG) of the centre holes of --grid-photos')
    parser.add_argument('--grid-photos', default='sklearn__china,sklearn__flower,chelsea,coffee,fruits,home,leuvenA,astronaut',
                        help='comma-separated parts of photo names, one row each')
    parser.add_argument('--grid-baseline', metavar='LABEL',
                        help="a first fill column from an earlier run's seed 0 in WORK (other settings, say)")
    parser.add_argument('extra', nargs='*', help='options passed to arpg inpaint (after --)')
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    if args.reuse and os.path.isdir(os.path.join(args.work, 'mask')):
        cases = {}
        for name in sorted(os.listdir(os.path.join(args.work, 'mask'))):
            case = os.path.splitext(name)[0]
            stem, k = case.rsplit('_h', 1)
            rgb = read_rgb(os.path.join(args.work, 'in', case + '.png'))
            cases[case] = (rgb, *holes(rgb.shape[1], rgb.shape[0])[int(k)])
    else:
        cases = prepare(args.photos, args.work, args.holes)
    rows = []
    for seed in range(args.seeds):
        out = os.path.join(args.work, f'out-{args.label}-s{seed}')
        shutil.rmtree(out, ignore_errors=True)
        cmd = [args.arpg, 'inpaint', '--image', os.path.join(args.work, 'in'), '--mask',
               os.path.join(args.work, 'mask'), '--out', out, '--seed', str(1000 + seed)] + args.extra
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, timeout=3600)
        for case, (photo, x0, y0) in sorted(cases.items()):
            result = read_rgb(os.path.join(out, case + '.png'))
            rows.append({'case': case, 'seed': seed, 'x0': x0, 'y0': y0,
                         'ratio': sharpness_ratio(result, x0, y0), 'photo_ratio': sharpness_ratio(photo, x0, y0),
                         'seam': hole_seam(result, x0, y0), 'photo_seam': hole_seam(photo, x0, y0)})
    summary = {'label': args.label, 'options': args.extra, 'holes': len(cases), 'seeds': args.seeds}
    measured = [r for r in rows if np.isfinite(r['photo_ratio'])]  # a flat ring (a synthetic photo) has no ratio
    summary['measured'] = len(measured)
    for key in ('ratio', 'photo_ratio', 'seam', 'photo_seam'):
        values = [r[key] for r in measured]
        summary[key + '_mean'] = round(statistics.fmean(values), 3)
        summary[key + '_median'] = round(statistics.median(values), 3)
    with open(os.path.join(args.work, args.label + '.json'), 'w') as f:
        json.dump({'summary': summary, 'holes': rows}, f, indent=1)
    print(json.dumps(summary))
    if args.grid:
        wanted = [next(c.rsplit('_h', 1)[0] for c in sorted(cases) if w.strip() in c) for w in args.grid_photos.split(',')]
        columns = ([f'out-{args.grid_baseline}-s0'] if args.grid_baseline else []) + \
            [f'out-{args.label}-s{seed}' for seed in range(args.seeds)]
        grid(args.work, columns, cases, wanted, args.grid)


if __name__ == '__main__':
    sys.exit(main())
