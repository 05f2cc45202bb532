"""Check that the training modules compute what the official ones compute, on the reference fixtures
(golden outputs of the official code on tiny random models, see shared/fixtures/arpg-reference).

  python3 training/check_reference.py FIXTURE_DIR
"""
import json
import sys

import torch
from safetensors.torch import load_file

from arpg_model import ARPG, Args
from vq_model import VQModel


def main(folder):
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    cfg = json.load(open(f"{folder}/config.json"))
    ok = True

    a = Args(**cfg["arpg"], token_dropout=0.0, resid_dropout=0.0, ffn_dropout=0.0, class_dropout=0.0)
    model = ARPG(a).double()
    missing, unexpected = model.load_state_dict({k: v.double() for k, v in load_file(f"{folder}/arpg.safetensors").items()}, strict=False)
    assert not unexpected and missing == [], (missing, unexpected)
    case = load_file(f"{folder}/forward.safetensors")
    err = (model.freqs_cis.float() - case["freqs_cis"]).abs().max().item()
    print(f"freqs_cis max abs diff {err:.2e}")
    ok &= err < 1e-5
    # the fixture was computed with the official module in eval mode (no causal mask; training adds
    # is_causal=True exactly as the official code does)
    model.eval()
    with torch.no_grad():
        logits, _ = model(case["input_ids"], case["condition"], case["orders"])
    err = (logits.float() - case["logits"]).abs().max().item()
    print(f"ARPG teacher-forced logits max abs diff {err:.2e}")
    ok &= err < 1e-3

    vq = VQModel(**cfg["vq"]).double().eval()
    state = load_file(f"{folder}/vq.safetensors")
    vq.load_state_dict({k: v.double() for k, v in state.items()})
    case = load_file(f"{folder}/vq_case.safetensors")
    with torch.no_grad():
        quant, _, codes, _ = vq.encode(case["image"].double())
        same = torch.equal(codes, case["codes"])
        q_err = (quant.float() - case["quant"]).abs().max().item()
        dec = vq.decode_codes(case["codes"])
        d_err = (dec.float() - case["decoded"]).abs().max().item()
    print(f"VQ codes equal {same}, quant max abs diff {q_err:.2e}, decoded max abs diff {d_err:.2e}")
    ok &= same and q_err < 1e-4 and d_err < 1e-3
    print("REFERENCE CHECK", "PASSED" if ok else "FAILED")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1]) else 1)
