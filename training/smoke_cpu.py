"""Runs a training script on the CPU for a smoke test before a GPU sitting, which is too scarce to spend on a crash:

  ARPG_TRAINING_CONFIG=candidates/NAME.json python3 smoke_cpu.py train_arpg.py --data SMALL/train --eval SMALL/eval \\
      --vq VQ.safetensors --out /tmp/smoke --minutes 0.4 --batch 8 --bank 256

The scripts are written for CUDA; here torch.device("cuda") gives the CPU, autocast runs on the CPU, torch.compile
is skipped, and torchvision's roi_align (whose wheel need not match the installed torch) is a crop and a bilinear
resize. The numbers it prints mean nothing: what it checks is that a script starts, steps, evaluates and writes."""
import os
import runpy
import sys
import types

import torch
import torch._dynamo  # noqa: F401  imported before torch.device is replaced: their annotations use it
import torch._inductor  # noqa: F401
import torch.nn.functional as F
import torch.optim  # noqa: F401


def roi_align(x, boxes, output_size, spatial_scale=1.0, sampling_ratio=-1, aligned=False):
    """torchvision.ops.roi_align's shape for boxes (K, 5) = (image index, x0, y0, x1, y1): a crop, resized"""
    out = []
    for b in boxes:
        i, x0, y0, x1, y1 = (float(v) for v in b)
        crop = x[int(i), :, int(y0):max(int(y1), int(y0) + 1), int(x0):max(int(x1), int(x0) + 1)]
        out.append(F.interpolate(crop[None], size=output_size, mode="bilinear", align_corners=False)[0])
    return torch.stack(out)


def main():
    vision = types.ModuleType("torchvision")
    vision.ops = types.ModuleType("torchvision.ops")
    vision.ops.roi_align = roi_align
    sys.modules["torchvision"], sys.modules["torchvision.ops"] = vision, vision.ops
    device, autocast = torch.device, torch.autocast
    torch.device = lambda *a, **k: device("cpu") if a and str(a[0]).startswith("cuda") else device(*a, **k)
    torch.autocast = lambda device_type, **k: autocast("cpu", **k)
    torch.compile = lambda model, **k: model
    script = os.path.abspath(sys.argv[1])
    sys.argv = sys.argv[1:]
    sys.path.insert(0, os.path.dirname(script))
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
