"""Train the VQ tokenizer on random multi-scale tiles for a fixed time budget.

  python3 training/train_vq.py --data DATA/train --eval DATA/eval --minutes 8 --out OUT

Losses: L2 + L1 reconstruction, optionally L1 on the image gradients (rewards fine detail, which
L2 and L1 alone average away), codebook and commitment losses, and a hinge PatchGAN loss after
half of the budget (no perceptual network: none can be downloaded on the training machine); with
--disc-warmup the discriminator learns alone first, with --gan-ramp its weight rises gradually, and
with --min-psnr the run writes the evaluated state with the most detail at that PSNR or above.
Unused codebook entries are re-seeded from encoder outputs during the first 70% of the budget.
With --decoder-only the encoder and codebook stay as they are (the generator trained on their codes
stays valid) and only the decoder learns.
Writes OUT/vq.safetensors (float16, shipped layout), OUT/vq.json (its config), and the model and the
discriminator as float32 shards under 15 MiB (OUT/vq.N.safetensors, OUT/disc.N.safetensors) that a later
sitting resumes from with --resume OUT/vq --resume-disc OUT/disc.
"""
import argparse
import json
import math
import os
import time

import torch
import torch.nn.functional as F

from common import (CONFIG_PATH, VQ_CONFIG, PatchDiscriminator, eval_windows, load_into, load_photos,
                    log, param_count, random_tiles, save_half, save_shards, to_unit)
from vq_model import VQModel


def psnr(a, b):
    """mean PSNR (dB) of images in [-1, 1], measured on 8-bit values"""
    a8 = ((a.float().clamp(-1, 1) + 1) * 127.5).round()
    b8 = ((b.float().clamp(-1, 1) + 1) * 127.5).round()
    mse = ((a8 - b8) ** 2).flatten(1).mean(1).clamp_min(1e-3)
    return (10 * torch.log10(255.0 ** 2 / mse)).mean().item()


def gradient_l1(a, b):
    """mean |horizontal and vertical pixel differences of a - those of b|"""
    dx = (a[..., :, 1:] - a[..., :, :-1]) - (b[..., :, 1:] - b[..., :, :-1])
    dy = (a[..., 1:, :] - a[..., :-1, :]) - (b[..., 1:, :] - b[..., :-1, :])
    return 0.5 * (dx.abs().mean() + dy.abs().mean())


def mean_abs_laplacian(x):
    """mean |4-neighbour Laplacian| of the luminance of images in [-1, 1] (B, 3, H, W), interior pixels"""
    y = (0.299 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2]).float()
    lap = 4 * y[:, 1:-1, 1:-1] - y[:, :-2, 1:-1] - y[:, 2:, 1:-1] - y[:, 1:-1, :-2] - y[:, 1:-1, 2:]
    return lap.abs().mean().item()


@torch.no_grad()
def evaluate(model, windows, batch=256, detail=False):
    """mean PSNR (dB) of the reconstructions and the number of codes used; with detail, also the
    reconstructions' mean |Laplacian| over the originals' (1.0: as much fine detail)"""
    model.eval()
    scores, codes, lap_rec, lap_x = [], [], 0.0, 0.0
    for i in range(0, len(windows), batch):
        x = to_unit(windows[i:i + batch])
        quant, _, c, _ = model.encode(x)
        rec = model.decode(quant)
        scores.append(psnr(rec, x) * len(x))
        codes.append(c.flatten())
        lap_rec += mean_abs_laplacian(rec.clamp(-1, 1)) * len(x)
        lap_x += mean_abs_laplacian(x) * len(x)
    model.train()
    used = torch.unique(torch.cat(codes)).numel()
    if detail:
        return sum(scores) / len(windows), used, lap_rec / lap_x
    return sum(scores) / len(windows), used


def gan_weight(args, progress):
    """the adversarial loss's weight in the decoder's loss at this fraction of the budget: 0 before
    --gan-start plus the discriminator's warm-up, then rising linearly over --gan-ramp to --gan-weight"""
    on = args.gan_start + args.disc_warmup
    if progress < on:
        return 0.0
    if args.gan_ramp <= 0:
        return args.gan_weight
    return args.gan_weight * min(1.0, (progress - on) / args.gan_ramp)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--eval", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=8.0)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--grad-weight", type=float, default=0.0, help="weight of the L1 loss on image gradients")
    ap.add_argument("--gan-weight", type=float, default=0.1)
    ap.add_argument("--gan-start", type=float, default=0.5, help="fraction of the budget before the GAN loss")
    ap.add_argument("--disc-warmup", type=float, default=0.0,
                    help="fraction of the budget after --gan-start in which only the discriminator learns (real tiles "
                         "against reconstructions) before its loss reaches the decoder")
    ap.add_argument("--gan-ramp", type=float, default=0.0,
                    help="fraction of the budget after the warm-up over which the GAN weight rises from 0 to --gan-weight")
    ap.add_argument("--eval-every", type=int, default=2000, help="steps between evaluations")
    ap.add_argument("--min-psnr", type=float, default=None,
                    help="keep the evaluated state with the most detail among those at this PSNR (dB) or above, and "
                         "write it instead of the last (the adversarial loss trades PSNR for detail as it goes)")
    ap.add_argument("--bank", type=int, default=32768, help="tiles drawn at a time")
    ap.add_argument("--resume", default=None,
                    help="vq.safetensors to start from, or the float32 shards' prefix an earlier run wrote (OUT/vq)")
    ap.add_argument("--resume-disc", default=None,
                    help="the discriminator's float32 shards' prefix an earlier run wrote (OUT/disc): a later sitting "
                         "goes on against the discriminator it left, not an untrained one")
    ap.add_argument("--decoder-only", action="store_true",
                    help="train only the decoder (and post_quant_conv): the codes, and so the generator, stay valid")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)   # before the run, not after it: a bad path fails at once

    torch.manual_seed(args.seed)
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    torch.backends.cudnn.benchmark = True
    dev = torch.device("cuda")
    gen = torch.Generator().manual_seed(args.seed)

    photos, classes, _ = load_photos(args.data, dev)
    eval_photos, _, _ = load_photos(args.eval, dev)
    windows = eval_windows(eval_photos)
    log(f"{len(photos)} training photos, {len(windows)} evaluation windows, shape from {CONFIG_PATH}")

    model = VQModel(**VQ_CONFIG).to(dev)
    if args.resume:
        load_into(model, args.resume)
    model = model.to(memory_format=torch.channels_last)
    disc = PatchDiscriminator().to(dev)
    if args.resume_disc:
        load_into(disc, args.resume_disc)
    disc = disc.to(memory_format=torch.channels_last)
    log(f"VQ parameters {param_count(model) / 1e6:.2f} M ({param_count(model) * 2 / 1e6:.1f} MB float16), "
        f"discriminator {param_count(disc) / 1e6:.2f} M")
    fwd = torch.compile(model)  # fuses the float32 group norms with the bfloat16 convolutions: 1.8x faster
    if args.decoder_only:
        for part in (model.encoder, model.quant_conv, model.quantize):
            part.requires_grad_(False)
    trained = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(trained, lr=args.lr, betas=(0.9, 0.95), weight_decay=0.0, fused=True)
    opt_d = torch.optim.AdamW(disc.parameters(), lr=args.lr, betas=(0.5, 0.9), weight_decay=0.0)
    n_codes = VQ_CONFIG["codebook_size"]
    usage = torch.zeros(n_codes, device=dev)

    budget = args.minutes * 60
    start = time.time()
    step, bank, bank_pos = 0, None, 0
    stats = {}
    best = None   # (detail kept, eval PSNR, step, state on the CPU) with --min-psnr
    while True:
        progress = (time.time() - start) / budget
        if progress >= 1:
            break
        if bank is None or bank_pos + args.batch > len(bank):
            bank, _ = random_tiles(photos, classes, args.bank, gen)
            bank_pos = 0
        x = to_unit(bank[bank_pos:bank_pos + args.batch]).contiguous(memory_format=torch.channels_last)
        bank_pos += args.batch

        warm = min(1.0, step / 300)
        lr = args.lr * warm * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))
        for g in opt.param_groups + opt_d.param_groups:
            g["lr"] = lr
        gan = progress >= args.gan_start                       # the discriminator learns
        adversarial = gan_weight(args, progress)               # its loss's weight in the decoder's

        with torch.autocast("cuda", dtype=torch.bfloat16):
            rec, (vq_loss, commit_loss), codes, z = fwd(x)
            rec = rec.float()
            l2 = F.mse_loss(rec, x)
            l1 = (rec - x).abs().mean()
            loss = l2 + l1 + vq_loss + commit_loss
            if args.grad_weight:
                loss = loss + args.grad_weight * gradient_l1(rec, x)
            if adversarial > 0:
                g_adv = -disc(rec).float().mean()
                loss = loss + adversarial * g_adv
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trained, 1.0)
        opt.step()

        if gan:
            with torch.autocast("cuda", dtype=torch.bfloat16):
                d_real = disc(x).float()
                d_fake = disc(rec.detach()).float()
                d_loss = 0.5 * (F.relu(1 - d_real).mean() + F.relu(1 + d_fake).mean())
            opt_d.zero_grad(set_to_none=True)
            d_loss.backward()
            opt_d.step()
            stats["d"] = d_loss.item() if step % 100 == 0 else stats.get("d", 0)

        with torch.no_grad():
            flat = codes.flatten()
            usage += torch.bincount(flat, minlength=n_codes)
            q = model.quantize.codebook_used
            q[:-len(flat)] = q[len(flat):].clone()
            q[-len(flat):] = flat.float()
            if step % 250 == 249 and progress < 0.7 and not args.decoder_only:
                # re-seed entries unused in the last 250 steps from this batch's normalised encoder outputs
                dead = (usage == 0).nonzero().flatten()
                if len(dead):
                    zs = z.reshape(-1, z.shape[-1])
                    pick = torch.randint(len(zs), (len(dead),), device=dev)
                    model.quantize.embedding.weight.data[dead] = zs[pick] + 0.01 * torch.randn_like(zs[pick])
                stats["reseeded"] = len(dead)
                stats["used"] = int((usage > 0).sum())
                usage.zero_()

        if step % 500 == 0:
            log(f"step {step} {100 * progress:.0f}% lr {lr:.2e} l2 {l2.item():.4f} l1 {l1.item():.4f} "
                f"vq {vq_loss.item():.4f} commit {commit_loss.item():.4f} psnr(batch) {psnr(rec, x):.2f} "
                f"{'gan ' + format(g_adv.item(), '.3f') + ' x ' + format(adversarial, '.3f') if adversarial > 0 else ''} "
                f"{stats}")
        if step % args.eval_every == 0 and step > 0:
            p, used, detail = evaluate(model, windows, detail=True)
            log(f"  eval psnr {p:.2f} dB, codes used {used}/{n_codes}, detail kept {detail:.3f}")
            if args.min_psnr is not None and p >= args.min_psnr and (best is None or detail > best[0]):
                best = (detail, p, step, {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()})
                log(f"  kept: the most detail at {args.min_psnr} dB or above so far")
        step += 1

    p, used, detail = evaluate(model, windows, detail=True)
    elapsed = time.time() - start
    log(f"done: {step} steps in {elapsed:.0f} s ({step / elapsed:.1f} steps/s); eval psnr {p:.2f} dB, "
        f"codes used on eval {used}/{n_codes}, detail kept {detail:.3f}")
    written = step
    if args.min_psnr is not None:
        if p >= args.min_psnr and (best is None or detail >= best[0]):
            log("writing the last state: it keeps the most detail at the PSNR floor")
        elif best is not None:
            model.load_state_dict(best[3])
            p, used, detail = evaluate(model, windows, detail=True)
            written = best[2]
            log(f"writing the state of step {written}: eval psnr {p:.2f} dB, detail kept {detail:.3f}")
        else:
            log(f"no evaluated state reached {args.min_psnr} dB: writing the last")
    model = model.to(memory_format=torch.contiguous_format)
    save_half(model.state_dict(), f"{args.out}/vq.safetensors")
    # float32 shards under 15 MiB each, for a later sitting to resume from (--resume OUT/vq --resume-disc OUT/disc)
    save_shards(model.state_dict(), f"{args.out}/vq")
    save_shards(disc.to(memory_format=torch.contiguous_format).state_dict(), f"{args.out}/disc")
    json.dump(dict(VQ_CONFIG, steps=written, eval_psnr=p, eval_codes_used=used, eval_detail_kept=detail,
                   grad_weight=args.grad_weight, decoder_only=args.decoder_only), open(f"{args.out}/vq.json", "w"), indent=1)


if __name__ == "__main__":
    main()
