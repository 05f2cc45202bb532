"""Train ARPG on VQ codes of random multi-scale tiles, with random-order teacher forcing.

  python3 training/train_arpg.py --data DATA/train --eval DATA/eval --vq vq.safetensors --minutes 9 --out OUT

Each step draws tiles, encodes them with the (frozen, float16-rounded) tokenizer that ships, shuffles
each sequence into a random order and trains the two-pass decoder to predict every token from the
class token and the tokens before it in that order (the paper's objective). Class dropout 10% teaches
the "no class" token used by classifier-free guidance.
Writes OUT/arpg.safetensors (float16, shipped layout), OUT/arpg.N.safetensors (float32 shards to
resume from) and OUT/arpg.json.
"""
import argparse
import json
import math
import os
import time

import torch
import torch.nn.functional as F

from arpg_model import ARPG, Args
from common import (ARPG_CONFIG, VQ_CONFIG, eval_windows, load_into, load_photos, log, param_count,
                    random_tiles, save_half, save_shards, to_unit)
from vq_model import VQModel


@torch.no_grad()
def encode_all(vq, tiles, batch=256):
    """The codes of every tile. In float32 a wide tokenizer's first activations take 4 MB a tile (ch 64 at 128 px),
    so the batch stays small enough for several trainings to share one GPU."""
    out = []
    for i in range(0, len(tiles), batch):
        out.append(vq.encode(to_unit(tiles[i:i + batch]))[2].flatten(1))
    return torch.cat(out)  # (N, 256) raster order


@torch.no_grad()
def validation_loss(model, codes, classes, repeats=4, seed=0, uncond=False):
    """Mean cross-entropy (nats/token) over random orders, deterministic given seed.
    Teacher forcing must stay causal (training mode: in eval mode the official forward drops the causal
    mask and each query would see its own target), so the model runs in training mode with every
    dropout set to zero."""
    dropouts = {m: m.p for m in model.modules() if isinstance(m, torch.nn.Dropout)}
    class_dropout = model.a.class_dropout
    for m in dropouts:
        m.p = 0.0
    model.a.class_dropout = 0.0
    model.train()
    g = torch.Generator(device=codes.device).manual_seed(seed)
    total = 0.0
    for _ in range(repeats):
        orders = torch.rand(codes.shape, generator=g, device=codes.device).argsort(1)
        with torch.autocast("cuda", dtype=torch.bfloat16):
            logits, targets = model(codes, classes, orders, uncond)
        total += F.cross_entropy(logits.flatten(0, 1), targets.flatten()).item()
    for m, p in dropouts.items():
        m.p = p
    model.a.class_dropout = class_dropout
    return total / repeats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--eval", required=True)
    ap.add_argument("--vq", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=9.0)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=6e-4)
    ap.add_argument("--final-lr", type=float, default=0.05, help="fraction of lr at the end of the budget")
    ap.add_argument("--bank", type=int, default=65536)
    ap.add_argument("--resume", default=None,
                    help="shards' prefix (PREFIX.N.safetensors, float32 or float16), or an arpg.safetensors")
    ap.add_argument("--resume-lr", type=float, default=None, help="lr to start from when resuming")
    ap.add_argument("--dropout", type=float, default=0.1, help="token, residual and feed-forward dropout")
    ap.add_argument("--weight-decay", type=float, default=0.05)
    ap.add_argument("--select-on", default="opencv-doc",
                    help="evaluation photos whose loss picks the checkpoint (the rest stay a clean test split)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)   # before the run, not after it: a bad path fails at once

    torch.manual_seed(args.seed)
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    dev = torch.device("cuda")
    gen = torch.Generator().manual_seed(args.seed)

    vq = VQModel(**VQ_CONFIG).to(dev)
    load_into(vq, args.vq)
    vq.eval()
    photos, classes, _ = load_photos(args.data, dev)
    eval_photos, _, eval_names = load_photos(args.eval, dev)
    select = [p for p, n in zip(eval_photos, eval_names) if n.startswith(args.select_on)]
    test = [p for p, n in zip(eval_photos, eval_names) if not n.startswith(args.select_on)]
    val_codes = encode_all(vq, eval_windows(select))
    test_codes = encode_all(vq, eval_windows(test))
    log(f"{len(photos)} training photos, {len(val_codes)} selection windows, {len(test_codes)} test windows")

    a = Args(**ARPG_CONFIG, token_dropout=args.dropout, resid_dropout=args.dropout, ffn_dropout=args.dropout)
    model = ARPG(a).to(dev)
    if args.resume:
        load_into(model, args.resume)
    n = param_count(model)
    log(f"ARPG parameters {n / 1e6:.2f} M ({n * 2 / 1e6:.1f} MB float16)")
    fwd = torch.compile(model)  # fuses the float32 RoPE and RMSNorm arithmetic: 3x faster
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.95), fused=True)
    top_lr = args.resume_lr if args.resume and args.resume_lr else args.lr
    warmup = 200 if args.resume else 1000

    landscape = torch.full((len(val_codes),), 0, device=dev)
    best, best_state, best_step = float("inf"), None, 0
    budget = args.minutes * 60
    start = time.time()
    step, bank_codes, pos, losses = 0, None, 0, []
    while True:
        progress = (time.time() - start) / budget
        if progress >= 1:
            break
        if bank_codes is None or pos + args.batch > len(bank_codes):
            t0 = time.time()
            tiles, bank_cls = random_tiles(photos, classes, args.bank, gen)
            bank_codes = encode_all(vq, tiles)
            del tiles
            pos = 0
            if step == 0:
                log(f"bank of {args.bank} tiles encoded in {time.time() - t0:.1f} s")
        codes = bank_codes[pos:pos + args.batch]
        cls = bank_cls[pos:pos + args.batch]
        pos += args.batch

        lr = top_lr * min(1.0, (step + 1) / warmup) * (
            args.final_lr + (1 - args.final_lr) * 0.5 * (1 + math.cos(math.pi * progress)))
        for g in opt.param_groups:
            g["lr"] = lr
        with torch.autocast("cuda", dtype=torch.bfloat16):
            logits, targets = fwd(codes, cls)
            loss = F.cross_entropy(logits.flatten(0, 1), targets.flatten())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.detach())
        if step % 500 == 0:
            train = torch.stack(losses).mean().item()
            losses = []
            msg = f"step {step} {100 * progress:.0f}% lr {lr:.2e} train {train:.4f}"
            val = validation_loss(model, val_codes, landscape)
            msg += f" select {val:.4f}"
            if val < best:
                best, best_step = val, step
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            log(msg)
        step += 1

    elapsed = time.time() - start
    val = validation_loss(model, val_codes, landscape)
    train = torch.stack(losses).mean().item() if losses else float("nan")
    log(f"done: {step} steps in {elapsed:.0f} s ({step / elapsed:.1f} steps/s); train {train:.4f} select {val:.4f}")
    if val < best:
        best, best_step, best_state = val, step, model.state_dict()
    model.load_state_dict(best_state)
    test = validation_loss(model, test_codes, torch.zeros(len(test_codes), dtype=torch.long, device=dev))
    log(f"kept step {best_step}: select {best:.4f}, test {test:.4f}")
    save_half(best_state, f"{args.out}/arpg.safetensors")
    save_shards(best_state, f"{args.out}/arpg")
    json.dump(dict(ARPG_CONFIG, steps=step, kept_step=best_step, train_loss=train, select_loss=best, test_loss=test,
                   dropout=args.dropout, weight_decay=args.weight_decay, last_lr=lr),
              open(f"{args.out}/arpg.json", "w"), indent=1)


if __name__ == "__main__":
    main()
