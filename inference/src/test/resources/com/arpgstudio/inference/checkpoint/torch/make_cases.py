"""Writes the real torch.save files that TorchFilesTest reads, and expected.safetensors with the
same tensors made contiguous. Run with any torch (these were made with Debian's python3-torch
1.13): python3 make_cases.py. Needs only torch and numpy; the safetensors file is written by hand."""
import argparse
import json
import struct
from collections import OrderedDict

import numpy as np
import torch

torch.manual_seed(0)
base = torch.arange(24, dtype=torch.float32).reshape(4, 6) / 8 - 1
shared = torch.randn(3, 5)
views = OrderedDict()
views["contiguous"] = base
views["transposed"] = base.t()
views["rows"] = base[1:3]
views["column"] = base[:, 4]
views["strided"] = base[::2, 1::3]
views["expanded"] = torch.tensor([1.5, -2.0]).expand(3, 2)
views["scalar"] = base[2, 3]
views["empty"] = base[:0]
views["half"] = (base * 3).half().t()
views["bfloat16"] = (base * 5).bfloat16()[1:]
views["int64"] = torch.arange(-6, 6).reshape(3, 4)[:, 1:3]
views["int32"] = torch.arange(10, dtype=torch.int32) * 1000
views["uint8"] = torch.arange(250, 256, dtype=torch.uint8)
views["bool"] = torch.tensor([True, False, True])
views["tied.a"] = shared
views["tied.b"] = shared  # the same tensor twice: one storage
views["parameter"] = torch.nn.Parameter(torch.randn(2, 3))

model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.LayerNorm(4))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
model(torch.randn(2, 3)).sum().backward()
optimizer.step()
ema = {k: v.detach() * 0.5 for k, v in model.state_dict().items()}
training = {
    "model": model.state_dict(),
    "ema": ema,
    "optimizer": optimizer.state_dict(),
    "steps": 10,
    "args": argparse.Namespace(vq_model="VQ-16", lr=1e-3, betas=(0.9, 0.95)),
    "numpy_rng": np.random.get_state(),
    "torch_rng": torch.get_rng_state(),
}

torch.save(views, "views.pt")
torch.save(views, "views_protocol4.pt", pickle_protocol=4)
torch.save(views, "views_legacy.pt", _use_new_zipfile_serialization=False)
torch.save(training, "training.pt")

DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64",
          torch.int32: "I32", torch.uint8: "U8", torch.bool: "BOOL"}


def raw(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


expected = OrderedDict(views)
for k, v in model.state_dict().items():
    expected["model." + k] = v
for k, v in ema.items():
    expected["ema." + k] = v
header, blobs, offset = {}, [], 0
for name, t in expected.items():
    data = raw(t)
    header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
    blobs.append(data)
    offset += len(data)
text = json.dumps(header).encode()
with open("expected.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
