"""Shared pieces of the training scripts: photo loading, random multi-scale tiles on the GPU,
the PatchGAN discriminator, and float16 safetensors export in the layout the Java engine loads."""
import json
import math
import os
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch
import torch.nn as nn
from PIL import Image
from safetensors.torch import load_file, save_file
from torchvision.ops import roi_align

WINDOW = 128  # native window of the default model, pixels (16 x 16 tokens)

# the shipped config.json: one source for the training scripts and the Java engine; a candidate shape
# trained over several sittings (training/candidates/) is named by ARPG_TRAINING_CONFIG for every script alike
CONFIG_PATH = os.environ.get("ARPG_TRAINING_CONFIG") or os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                     "config.json")
_CONFIG = json.load(open(CONFIG_PATH))
VQ_CONFIG = _CONFIG["vq"]
ARPG_CONFIG = _CONFIG["arpg"]


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def load_photos(folder, device, min_side=WINDOW):
    """Every *.jpg of folder as a (3, H, W) uint8 tensor on device, with its class from labels.tsv (0 if absent)."""
    labels = {}
    tsv = os.path.join(folder, "labels.tsv")
    if os.path.exists(tsv):
        for line in open(tsv):
            name, cls = line.rstrip("\n").split("\t")
            labels[name] = int(cls)
    names = sorted(n for n in os.listdir(folder) if n.endswith(".jpg"))

    def read(name):
        return np.array(Image.open(os.path.join(folder, name)).convert("RGB"))

    with ThreadPoolExecutor(16) as pool:
        arrays = list(pool.map(read, names))
    photos, classes, kept = [], [], []
    for name, a in zip(names, arrays):
        if min(a.shape[:2]) < min_side:
            continue
        photos.append(torch.from_numpy(a).permute(2, 0, 1).contiguous().to(device))
        classes.append(labels.get(name, 0))
        kept.append(name)
    return photos, classes, kept


def random_tiles(photos, classes, n, gen, size=WINDOW, max_zoom_out=4.0):
    """n random square crops resized to size x size (uint8, (n, 3, size, size)) and their classes.
    Crop sides are log-uniform between size (1:1 pixels) and min(photo side, size * max_zoom_out);
    half the tiles are mirrored."""
    per = math.ceil(n / len(photos))
    tiles, cls = [], []
    for photo, c in zip(photos, classes):
        _, h, w = photo.shape
        hi = min(h, w, size * max_zoom_out)
        u = torch.rand(per, 3, generator=gen)
        side = torch.exp(math.log(size) + u[:, 0] * (math.log(hi) - math.log(size)))
        x0 = u[:, 1] * (w - side)
        y0 = u[:, 2] * (h - side)
        boxes = torch.stack([torch.zeros(per), x0, y0, x0 + side, y0 + side], 1).to(photo.device)
        sampling = max(1, math.ceil(hi / size))  # samples per output pixel side: averages, so no aliasing
        t = roi_align(photo.float()[None], boxes, output_size=size, spatial_scale=1.0,
                      sampling_ratio=sampling, aligned=True)
        tiles.append(t.round().clamp(0, 255).to(torch.uint8))
        cls.append(torch.full((per,), c, dtype=torch.long))
    tiles = torch.cat(tiles)
    cls = torch.cat(cls).to(tiles.device)
    flip = (torch.rand(len(tiles), generator=gen) < 0.5).to(tiles.device)
    tiles = torch.where(flip[:, None, None, None], tiles.flip(-1), tiles)
    pick = torch.randperm(len(tiles), generator=gen)[:n].to(tiles.device)
    return tiles[pick], cls[pick]


def eval_windows(photos):
    """Deterministic 128 px evaluation windows: per photo the centre of its short-side-128 resize and
    the four corners of its short-side-256 resize (so whole scenes and half-scale detail)."""
    import torch.nn.functional as F
    out = []
    for p in photos:
        x = p.float()[None]
        for short, crops in ((WINDOW, "c"), (2 * WINDOW, "tl tr bl br c")):
            _, _, h, w = x.shape
            s = short / min(h, w)
            r = F.interpolate(x, size=(round(h * s), round(w * s)), mode="bicubic", antialias=True, align_corners=False)
            _, _, H, W = r.shape
            for c in crops.split():
                if c == "c" and short == 2 * WINDOW:
                    continue
                y0 = {"t": 0, "b": H - WINDOW}.get(c[0], (H - WINDOW) // 2)
                x0 = {"l": 0, "r": W - WINDOW}.get(c[-1], (W - WINDOW) // 2)
                out.append(r[:, :, y0:y0 + WINDOW, x0:x0 + WINDOW])
    return torch.cat(out).round().clamp(0, 255).to(torch.uint8)


def to_unit(tiles):
    """uint8 (B, 3, H, W) -> float in [-1, 1]"""
    return tiles.float() / 127.5 - 1.0


def to_uint8(x):
    return ((x.float().clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)


class PatchDiscriminator(nn.Module):
    """PatchGAN discriminator (pix2pix style): 4x4 convolutions, stride 2, batch norm, leaky ReLU."""

    def __init__(self, ndf=64, n_layers=3):
        super().__init__()
        layers = [nn.Conv2d(3, ndf, 4, 2, 1), nn.LeakyReLU(0.2, True)]
        mult = 1
        for i in range(1, n_layers + 1):
            prev, mult = mult, min(2 ** i, 8)
            stride = 2 if i < n_layers else 1
            layers += [nn.Conv2d(ndf * prev, ndf * mult, 4, stride, 1, bias=False), nn.BatchNorm2d(ndf * mult),
                       nn.LeakyReLU(0.2, True)]
        layers += [nn.Conv2d(ndf * mult, 1, 4, 1, 1)]
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


def save_half(state, path):
    """Write a state dict as float16 safetensors (what ships)."""
    save_file({k: v.detach().to("cpu", torch.float16).contiguous() for k, v in state.items()}, path)


def load_into(model, path):
    """Weights from a .safetensors file, or from the shards' prefix save_shards wrote (OUT/vq, OUT/arpg)."""
    state = load_file(path) if path.endswith(".safetensors") else load_shards(path)
    state = {k: v.float() for k, v in state.items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if k != "freqs_cis"]
    if missing or unexpected:
        raise ValueError(f"{path}: missing {missing}, unexpected {unexpected}")


# a tensor larger than a shard is stored in blocks of rows, KEY@rowsN (N its first row): "@" is in no parameter name
_ROWS = "@rows"


def save_shards(state, prefix, limit=15 << 20, dtype=torch.float32):
    """State dict as dtype (float32 to resume from; float16 when the files must be few) split into files under limit
    bytes (the device tool brings back 16 MiB files); a tensor larger than the limit (a 16384-code generator's
    embedding: 16.8 MB in float32) goes in blocks of rows, which load_shards joins."""
    width = torch.empty((), dtype=dtype).element_size()
    pieces = []
    for k, v in state.items():
        v = v.detach().to("cpu", dtype).contiguous()
        if v.dim() == 0 or v.numel() * width <= limit:
            pieces.append((k, v))
        else:
            rows = max(1, limit // (v[0].numel() * width))
            pieces.extend((f"{k}{_ROWS}{r}", v[r:r + rows].clone()) for r in range(0, len(v), rows))
    shards = []   # [bytes, {key: tensor}], filled first-fit from the largest piece down, so the files are few
    for k, v in sorted(pieces, key=lambda p: -p[1].numel()):
        nbytes = v.numel() * width
        fit = next((s for s in shards if s[0] + nbytes <= limit), None)
        if fit is None:
            fit = [0, {}]
            shards.append(fit)
        fit[0] += nbytes
        fit[1][k] = v
    for i, (_, shard) in enumerate(shards):
        save_file(shard, f"{prefix}.{i}.safetensors")


def load_shards(prefix):
    state, i = {}, 0
    while os.path.exists(f"{prefix}.{i}.safetensors"):
        state.update(load_file(f"{prefix}.{i}.safetensors"))
        i += 1
    if not state:
        raise FileNotFoundError(f"no {prefix}.N.safetensors")
    blocks = {}
    for k in [k for k in state if _ROWS in k]:
        name, first = k.rsplit(_ROWS, 1)
        blocks.setdefault(name, []).append((int(first), state.pop(k)))
    for name, parts in blocks.items():
        state[name] = torch.cat([v for _, v in sorted(parts, key=lambda p: p[0])])
    return state


def param_count(model, skip=("codebook_used",)):
    return sum(v.numel() for k, v in model.state_dict().items() if not any(s in k for s in skip))
