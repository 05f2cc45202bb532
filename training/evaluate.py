"""Measure the trained pair on the evaluation photos and draw the inpainting grid.

  python3 training/evaluate.py --data DATA/train --eval DATA/eval --weights DIR --out OUT

Reports tokenizer PSNR at 128 px, codebook usage, ARPG validation loss; writes OUT/eval.json and
OUT/inpaint-*.png (rows: evaluation photos; columns: original, masked, three fills, VQ reconstruction).
The sampler follows the released `generate` (KV cache, parallel chunks on a cosine schedule, linear
guidance schedule) with the known tokens fed first, as one chunk, in a random order.
"""
import argparse
import json
import math

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from arpg_model import ARPG, Args, KVCache
from common import ARPG_CONFIG, VQ_CONFIG, eval_windows, load_into, load_photos, log, random_tiles, to_uint8, to_unit
from train_arpg import encode_all, validation_loss
from train_vq import evaluate as vq_evaluate
from vq_model import VQModel


def chunk_sizes(m, steps):
    """How many unknown tokens each step emits: cosine schedule (slow start), at least one per step."""
    steps = max(1, min(steps, m))
    sizes, done = [], 0
    for i in range(steps):
        target = m if i == steps - 1 else int(m * (1 - math.cos(math.pi / 2 * (i + 1) / steps)))
        n = max(1, min(target - done, m - done - (steps - 1 - i)))
        sizes.append(n)
        done += n
    return sizes


@torch.no_grad()
def inpaint(model, codes, known, classes, guidance=2.0, temperature=1.0, top_k=0, steps=12, gen=None):
    """codes (B, L) raster order; known (L,) bool, shared by the batch -> codes with the unknown ones sampled."""
    model.eval()
    dev = codes.device
    b, seq = codes.shape
    nc = model.a.cls_token_num
    known_pos = known.nonzero().flatten()
    unknown_pos = (~known).nonzero().flatten()
    known_pos = known_pos[torch.randperm(len(known_pos), generator=gen).to(dev)]
    unknown_pos = unknown_pos[torch.randperm(len(unknown_pos), generator=gen).to(dev)]
    caches = [KVCache() for _ in range(model.a.n_layer // 2 + 1)]
    f = model.freqs_cis.unsqueeze(0)  # (1, nc + L, head_dim/2, 2)
    cond = model.condition_tokens(classes)
    none = torch.full_like(cond, model.none_conds_id)
    ids = torch.cat([torch.cat([cond, codes[:, known_pos]], 1), torch.cat([none, codes[:, known_pos]], 1)])
    fed = torch.cat([torch.arange(nc, device=dev), nc + known_pos])  # freqs rows of the tokens in `ids`
    out = codes.clone()
    placed = nc + len(known_pos)
    j = 0
    for n in chunk_sizes(len(unknown_pos), steps):
        nxt = unknown_pos[j:j + n]
        freqs = torch.cat([f[:, fed], f[:, nc + nxt]], dim=1)
        for layer in model.layers.self_dec:  # known tokens: causal in their random order, as in training
            layer.attn.causal_prefill = j == 0
        logits = model.forward_shared(ids, freqs, n, caches)  # (2B, n, V)
        scale = 1.0 + (guidance - 1.0) * placed / seq
        c, u = logits[:b], logits[b:]
        logits = (u + (c - u) * scale) / max(temperature, 1e-5)
        if top_k > 0:
            kth = torch.topk(logits, top_k, dim=-1)[0][..., -1:]
            logits = logits.masked_fill(logits < kth, float("-inf"))
        probs = F.softmax(logits, dim=-1).flatten(0, 1)
        sampled = torch.multinomial(probs, 1, generator=gen_cuda(gen, dev)).view(b, n)
        out[:, nxt] = sampled
        ids = torch.cat([sampled, sampled])
        fed = nc + nxt
        placed += n
        j += n
    for layer in model.layers.self_dec:
        layer.attn.causal_prefill = False
    return out


_cuda_gens = {}


def gen_cuda(gen, dev):
    if gen is None:
        return None
    if dev.type != "cuda":
        return gen
    if id(gen) not in _cuda_gens:
        _cuda_gens[id(gen)] = torch.Generator(device=dev).manual_seed(int(torch.randint(1 << 30, (1,), generator=gen)))
    return _cuda_gens[id(gen)]


def grid_image(rows, scale=2):
    """rows: list of lists of (3, H, W) uint8 tensors -> PIL image with a 2 px white gap."""
    h, w = rows[0][0].shape[1:]
    gap = 2
    H = len(rows) * (h * scale + gap) - gap
    W = len(rows[0]) * (w * scale + gap) - gap
    canvas = np.full((H, W, 3), 255, np.uint8)
    for r, row in enumerate(rows):
        for c, t in enumerate(row):
            a = t.permute(1, 2, 0).cpu().numpy().repeat(scale, 0).repeat(scale, 1)
            y, x = r * (h * scale + gap), c * (w * scale + gap)
            canvas[y:y + h * scale, x:x + w * scale] = a
    return Image.fromarray(canvas)


def load_tokenizer(folder, device):
    """The tokenizer of a weights folder (vq.safetensors), in eval mode."""
    vq = VQModel(**VQ_CONFIG).to(device)
    load_into(vq, f"{folder}/vq.safetensors")
    return vq.eval()


def load_generator(folder, device):
    """The generator of a weights folder (arpg.safetensors), in eval mode."""
    model = ARPG(Args(**ARPG_CONFIG)).to(device)
    load_into(model, f"{folder}/arpg.safetensors")
    return model.eval()


def load_pair(folder, device):
    """The tokenizer and the generator of a weights folder (vq.safetensors, arpg.safetensors), in eval mode."""
    return load_tokenizer(folder, device), load_generator(folder, device)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--eval", required=True)
    ap.add_argument("--weights", required=True, help="folder with vq.safetensors and arpg.safetensors")
    ap.add_argument("--out", required=True)
    ap.add_argument("--photos", default="sklearn__china,sklearn__flower,chelsea,coffee,fruits,home,leuvenA,astronaut")
    args = ap.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    dev = torch.device("cuda")
    gen = torch.Generator().manual_seed(7)

    vq, model = load_pair(args.weights, dev)

    photos, classes, _ = load_photos(args.data, dev)
    eval_photos, _, eval_names = load_photos(args.eval, dev)
    windows = eval_windows(eval_photos)  # 5 per photo, the first is the whole scene
    res = {}
    res["vq_psnr_eval_db"], res["codes_used_eval"] = vq_evaluate(vq, windows)
    tiles, _ = random_tiles(photos, classes, 8192, gen)
    res["vq_psnr_train_tiles_db"], res["codes_used_train_tiles"] = vq_evaluate(vq, tiles)
    vq.eval()
    res["codebook_size"] = VQ_CONFIG["codebook_size"]
    res["eval_windows"] = len(windows)
    codes = encode_all(vq, windows)
    zero = torch.zeros(len(codes), dtype=torch.long, device=dev)
    res["arpg_val_loss_class_landscape"] = validation_loss(model, codes, zero)
    res["arpg_val_loss_unconditional"] = validation_loss(model, codes, zero, uncond=True)
    test = torch.tensor([not eval_names[i // 5].startswith("opencv-doc") for i in range(len(codes))], device=dev)
    res["arpg_test_loss_class_landscape(skimage+sklearn)"] = validation_loss(model, codes[test], zero[test])
    res["arpg_select_loss_class_landscape(opencv-doc)"] = validation_loss(model, codes[~test], zero[~test])
    train_codes = encode_all(vq, tiles[:2048])
    res["arpg_train_tiles_loss_class_landscape"] = validation_loss(model, train_codes, zero[:1].expand(len(train_codes)))
    log(json.dumps(res, indent=1))

    # inpainting: an 8 x 8 token square (64 px of 128) in the middle of each whole-scene window
    grid = int(math.isqrt(ARPG_CONFIG["block_size"]))
    known = torch.ones(grid, grid, dtype=torch.bool, device=dev)
    known[4:12, 4:12] = False
    known = known.flatten()
    pix = torch.ones(1, 1, grid, grid, device=dev)
    pix[..., 4:12, 4:12] = 0
    pix = F.interpolate(pix, scale_factor=windows.shape[-1] // grid, mode="nearest")[0]  # (1, 128, 128)
    wanted = [k.strip() for k in args.photos.split(",")]
    idx = [next(i for i, n in enumerate(eval_names) if w in n) for w in wanted]
    win = windows[[5 * i for i in idx]]
    win_codes = encode_all(vq, win)
    recon = to_uint8(vq.decode_codes(win_codes.view(-1, grid, grid)))
    masked = torch.where(pix.bool(), win, torch.full_like(win, 128))
    settings = {"g1-t1.0": dict(guidance=1.0, temperature=1.0, top_k=0),
                "g1.5-t0.9-k100": dict(guidance=1.5, temperature=0.9, top_k=100)}
    for name, s in settings.items():
        fills = []
        for k in range(3):
            out = inpaint(model, win_codes, known, torch.zeros(len(win), dtype=torch.long, device=dev),
                          steps=12, gen=gen, **s)
            dec = to_uint8(vq.decode_codes(out.view(-1, grid, grid)))
            fills.append(torch.where(pix.bool(), win, dec))
        rows = [[win[r], masked[r]] + [f[r] for f in fills] + [recon[r]] for r in range(len(win))]
        grid_image(rows).save(f"{args.out}/inpaint-{name}.png", optimize=True)
    res["inpaint_settings"] = settings
    res["inpaint_photos"] = [eval_names[i] for i in idx]
    json.dump(res, open(f"{args.out}/eval.json", "w"), indent=1)


if __name__ == "__main__":
    main()
