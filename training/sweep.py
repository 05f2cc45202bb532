"""Ranks sampling settings (and weights) by the detail of native-scale fills, fast: on the GPU when there is one,
else on the CPU (about 20 s a setting for the embedded model on two cores).

    python3 training/sweep.py --eval DATA/eval --weights DIR [DIR...] --out sweep.json

The same holes as `measure_fills.py` (three 64 x 64 px holes per evaluation photo, 512 px), each
filled inside its 128 px window at native scale with `evaluate.inpaint` (the released sampler, known
tokens prefilled causally), for every setting of SETTINGS and every weights folder. The decoded window
is pasted into the photo as the editor pastes it (`measure_fills.composite`: colour match, 8 px
feather) and measured with `measure_fills`' sharpness ratio and seam, over the same holes (those whose
ring is flat have no ratio and are left out). The row "photo" pastes the photo's own window (the
reference), the row "vq" the tokenizer's reconstruction of its own tokens: the most detail the decoder
gives. `check_sweep.py` checks the measuring on the CPU.
`measure_fills.py` then confirms the chosen setting with the command line.

With --tokenizer-only only the rows "photo" and "vq" are measured (the folders need only vq.safetensors): a
tokenizer's ceiling on the fills' detail, before any generator is trained on its codes.
"""
import argparse
import json

import numpy as np
import torch

from common import ARPG_CONFIG, load_photos, log, to_uint8, to_unit
from evaluate import inpaint, load_generator, load_tokenizer
from measure_fills import HOLE, holes, summarise_windows

WINDOW = 128
MARGIN = (WINDOW - HOLE) // 2  # the hole sits in the window's middle: tokens 4..11 of 16
# (guidance, temperature, top-k, steps); class: none, as the command line's default
SETTINGS = [(1.5, 0.9, 100, 64), (1.0, 1.0, 0, 64), (1.0, 1.2, 0, 64), (1.0, 1.4, 0, 64), (1.0, 1.2, 0, 16),
            (1.0, 1.2, 400, 64)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--eval", required=True)
    ap.add_argument("--weights", nargs="+", required=True, help="folders with vq.safetensors and arpg.safetensors")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--tokenizer-only", action="store_true", help="only the rows photo and vq")
    args = ap.parse_args()
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    photos, _, names = load_photos(args.eval, dev)
    cases = []  # (photo index, x0, y0)
    for i, p in enumerate(photos):
        _, h, w = p.shape
        if min(h, w) >= HOLE + 82:
            cases += [(i, x0, y0) for x0, y0 in holes(w, h)]
    windows = torch.stack([photos[i][:, y0 - MARGIN:y0 - MARGIN + WINDOW, x0 - MARGIN:x0 - MARGIN + WINDOW]
                           for i, x0, y0 in cases])
    rgb = [photos[i].permute(1, 2, 0).cpu().numpy() for i in range(len(photos))]
    grid = WINDOW // 8
    known = torch.ones(grid, grid, dtype=torch.bool, device=dev)
    lo = MARGIN // 8
    known[lo:lo + HOLE // 8, lo:lo + HOLE // 8] = False
    known = known.flatten()

    def measure(decoded):
        return summarise_windows(rgb, cases, decoded.permute(0, 2, 3, 1).cpu().numpy())

    results = {"holes": len(cases), "photo": measure(windows)}
    log(f"{len(cases)} holes; the photos' own pixels {results['photo']}")
    for folder in args.weights:
        vq = load_tokenizer(folder, dev)
        with torch.no_grad():
            codes = vq.encode(to_unit(windows))[2].flatten(1)
            row = {"vq": measure(to_uint8(vq.decode_codes(codes.view(-1, grid, grid))))}
            log(f"{folder} vq {row['vq']}")
            results[folder] = row
            json.dump(results, open(args.out, "w"), indent=1)
            if args.tokenizer_only:
                continue
            model = load_generator(folder, dev)
            none = torch.full((len(cases),), ARPG_CONFIG["num_classes"], dtype=torch.long, device=dev)
            for g, t, k, steps in SETTINGS:
                key = f"g{g}-t{t}-k{k}-s{steps}"
                scores = []
                for seed in range(args.seeds):
                    gen = torch.Generator().manual_seed(100 + seed)
                    out = inpaint(model, codes, known, none, guidance=g, temperature=t, top_k=k, steps=steps, gen=gen)
                    scores.append(measure(to_uint8(vq.decode_codes(out.view(-1, grid, grid)))))
                row[key] = {m: round(float(np.mean([s[m] for s in scores])), 3) for m in scores[0]}
                log(f"{folder} {key} {row[key]}")
                json.dump(results, open(args.out, "w"), indent=1)  # as it goes: a run cut short keeps its rows


if __name__ == "__main__":
    main()
