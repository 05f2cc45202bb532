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

`composite` pastes a decoded window as the editor's compositor does at native scale (colour match,
feather), so that `sweep.py`, which samples on the GPU without the command line, measures the same.
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
FEATHER, COLOUR_RING = 8, 16  # the editor's defaults (EditOptions.defaults), photo pixels at native scale
MEMBRANE_CELLS = 64  # the colour match's coarse cells per side, at most (Compositor.MAX_GRID)


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


def hole_distance(h, w, x0, y0):
    """Euclidean distance of every pixel of an h x w image from the hole whose top-left is (x0, y0); 0 inside."""
    yy, xx = np.mgrid[0:h, 0:w]
    dx = np.maximum(np.maximum(x0 - xx, xx - (x0 + HOLE - 1)), 0)
    dy = np.maximum(np.maximum(y0 - yy, yy - (y0 + HOLE - 1)), 0)
    return np.sqrt(dx * dx + dy * dy)


def sharpness_ratio(rgb, x0, y0):
    # only the hole and its ring count: cut them out (with the ring's neighbours) so a ratio costs the same in any photo
    top, left = max(0, y0 - RING_FAR - 1), max(0, x0 - RING_FAR - 1)
    rgb = rgb[top:y0 + HOLE + RING_FAR + 1, left:x0 + HOLE + RING_FAR + 1]
    x0, y0 = x0 - left, y0 - top
    lap = abs_laplacian(luma(rgb))
    h, w = lap.shape
    yy, xx = np.mgrid[0:h, 0:w]
    dist = hole_distance(h, w, x0, y0)
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


def measure_hole(result, photo, x0, y0):
    """The figures of one filled hole, and of the photo's own pixels there."""
    return {'ratio': sharpness_ratio(result, x0, y0), 'photo_ratio': sharpness_ratio(photo, x0, y0),
            'seam': hole_seam(result, x0, y0), 'photo_seam': hole_seam(photo, x0, y0)}


def summarise(rows):
    """Mean and median of every figure over the holes where both the photo and the fill have a ratio (a
    flat ring, as smarties' background, has none: it would make every mean NaN; a JPEG decoder that leaves
    a little noise there gives the photo one and can leave the fill without), with the count left out."""
    measured = [r for r in rows if np.isfinite(r['photo_ratio']) and np.isfinite(r['ratio'])]
    summary = {'measured': len(measured), 'without_ratio': len(rows) - len(measured)}
    for key in ('ratio', 'photo_ratio', 'seam', 'photo_seam'):
        values = [r[key] for r in measured]
        summary[key + '_mean'] = round(statistics.fmean(values), 3)
        summary[key + '_median'] = round(float(statistics.median(values)), 3)
    return summary


def fade(distance, width):
    """1 at distance 0 or less, a smoothstep down to 0 at width, 0 beyond (the Compositor's feather)."""
    t = np.clip(1 - distance / width, 0, 1) if width > 0 else (distance <= 0).astype(np.float64)
    return t * t * (3 - 2 * t)


def colour_offset(diff, known, cell):
    """The Compositor's colour match: the mean of diff (photo minus decoded, (H, W, 3)) over the known
    pixels of each cell x cell cell, the other cells relaxed towards the mean of their neighbours (Jacobi,
    4 x max(columns, rows) sweeps, as `Membrane.relax`), read bilinearly at every pixel."""
    h, w, _ = diff.shape
    rows, cols = -(-h // cell), -(-w // cell)
    k = (np.arange(h)[:, None] // cell) * cols + np.arange(w)[None, :] // cell
    counts = np.bincount(k[known], minlength=rows * cols)
    if counts.sum() == 0:
        return np.zeros_like(diff)
    grid = np.empty((rows * cols, 3))
    for c in range(3):
        sums = np.bincount(k[known], weights=diff[..., c][known], minlength=rows * cols)
        grid[:, c] = np.where(counts > 0, sums / np.maximum(counts, 1), sums.sum() / counts.sum())
    grid = grid.reshape(rows, cols, 3)
    fixed = (counts > 0).reshape(rows, cols, 1)
    neighbours = np.pad(np.ones((rows, cols)), 1)
    neighbours = (neighbours[:-2, 1:-1] + neighbours[2:, 1:-1] + neighbours[1:-1, :-2] + neighbours[1:-1, 2:])[..., None]
    for _ in range(4 * max(rows, cols)):
        p = np.pad(grid, ((1, 1), (1, 1), (0, 0)))
        grid = np.where(fixed, grid, (p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:]) / neighbours)

    def axis(n, cells):
        g = np.clip((np.arange(n) + 0.5) / cell - 0.5, 0, cells - 1)
        lo = g.astype(int)
        return lo, np.minimum(cells - 1, lo + 1), (g - lo)[:, None]

    x0, x1, fx = axis(w, cols)
    y0, y1, fy = axis(h, rows)
    top = grid[y0][:, x0] * (1 - fx) + grid[y0][:, x1] * fx
    bottom = grid[y1][:, x0] * (1 - fx) + grid[y1][:, x1] * fx
    return top * (1 - fy[:, :, None]) + bottom * fy[:, :, None]


def composite(photo, window, wx, wy, x0, y0, feather=FEATHER, ring=COLOUR_RING):
    """The photo with its hole at (x0, y0) filled from a decoded window (uint8 (S, S, 3), its top-left at
    (wx, wy), inside the photo), pasted as the editor's `Compositor` pastes at native scale: the colour
    match fitted on the known pixels within `ring` of the hole, then the hole replaced and the `feather`
    pixels around it blended from the fill to the photo."""
    s = window.shape[0]
    under = photo[wy:wy + s, wx:wx + s].astype(np.float64)
    generated = window.astype(np.float64)
    distance = hole_distance(s, s, x0 - wx, y0 - wy)
    cell = max(4, -(-s // MEMBRANE_CELLS))
    generated += colour_offset(under - generated, (distance > 0) & (distance <= ring), cell)
    alpha = fade(distance, feather)[..., None]
    out = photo.copy()
    out[wy:wy + s, wx:wx + s] = np.clip(np.floor(alpha * generated + (1 - alpha) * under + 0.5), 0, 255)
    return out


def summarise_windows(photos, cases, windows):
    """The summary of holes filled from decoded windows around them, as `sweep.py` makes them: cases
    [(photo index, x0, y0)], windows uint8 (N, S, S, 3) centred on their holes, each pasted with
    `composite`."""
    rows = []
    for (i, x0, y0), window in zip(cases, windows):
        margin = (window.shape[0] - HOLE) // 2
        rows.append(measure_hole(composite(photos[i], window, x0 - margin, y0 - margin, x0, y0), photos[i], x0, y0))
    return summarise(rows)


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
            rows.append({'case': case, 'seed': seed, 'x0': x0, 'y0': y0, **measure_hole(result, photo, x0, y0)})
    summary = {'label': args.label, 'options': args.extra, 'holes': len(cases), 'seeds': args.seeds,
               **summarise(rows)}
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
