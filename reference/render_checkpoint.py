#!/usr/bin/python3
"""Render a safetensors checkpoint of SL2A or a baseline (e.g. written by the Java side) to a PNG.

    /usr/bin/python3 reference/render_checkpoint.py CKPT --width W --height H --out FILE.png [--compare OTHER.png]
        [--raw FILE.safetensors]

The model is built from the checkpoint's __metadata__ and loaded with
load_state_dict(strict=True). It is evaluated in float32 on get_coords(H, W);
the PNG holds clamp(output, 0, 1) * 255 rounded to 8 bits (grey when out_features == 1).
With --raw, the unclamped float32 outputs are also written as the safetensors tensor
"output" [H*W, C] (pixel r*W + c), for comparisons that rounding and clamping would hide.

Prints one JSON line:
  mean          mean of the raw (unclamped) float32 outputs
  clamped_mean  mean after clamping to [0, 1]
  sha256        SHA-256 of the raw float32 outputs, little-endian, [H*W, C] row-major
  and, with --compare, max_abs_pixel_diff / mean_abs_pixel_diff in 8-bit units.
"""

import argparse
import hashlib
import json
import os
import sys

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import baselines_reference  # noqa: E402
import safetensors_io  # noqa: E402
from sl2a_reference import get_coords, load_checkpoint  # noqa: E402


def evaluate(model, H, W, chunk=65536):
    coords = get_coords(H, W)
    outs = []
    with torch.no_grad():
        for i in range(0, coords.shape[0], chunk):
            outs.append(model(coords[i:i + chunk]))
    return torch.cat(outs, 0).to(torch.float32)  # [H*W, C]


def to_uint8_image(out, H, W):
    img = out.clamp(0, 1).numpy().reshape(H, W, -1)
    img = np.rint(img * 255.0).astype(np.uint8)
    if img.shape[2] == 1:
        return Image.fromarray(img[:, :, 0], mode="L")
    if img.shape[2] == 3:
        return Image.fromarray(img, mode="RGB")
    if img.shape[2] == 4:
        return Image.fromarray(img, mode="RGBA")
    raise ValueError("cannot write %d channels to PNG" % img.shape[2])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ckpt")
    ap.add_argument("--width", type=int, required=True)
    ap.add_argument("--height", type=int, required=True)
    ap.add_argument("--out", required=True, help="output PNG")
    ap.add_argument("--compare", help="another PNG to compare the rendering with")
    ap.add_argument("--raw", help="also write the raw float32 outputs to this safetensors file")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0 = torch default)")
    args = ap.parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    _, meta = safetensors_io.load(args.ckpt, framework="numpy")
    if meta.get("model", "sl2a") != "sl2a":
        model, _ = baselines_reference.load_checkpoint(args.ckpt)
    else:
        model, _ = load_checkpoint(args.ckpt)
    out = evaluate(model, args.height, args.width)
    raw = np.ascontiguousarray(out.numpy(), dtype="<f4")
    img = to_uint8_image(out, args.height, args.width)
    img.save(args.out)
    if args.raw:
        safetensors_io.save(args.raw, {"output": out.contiguous()}, {})

    res = {
        "checkpoint": args.ckpt,
        "out": args.out,
        "width": args.width,
        "height": args.height,
        "channels": int(raw.shape[1]),
        "mean": float(raw.astype(np.float64).mean()),
        "clamped_mean": float(np.clip(raw, 0, 1).astype(np.float64).mean()),
        "sha256": hashlib.sha256(raw.tobytes()).hexdigest(),
    }
    if args.compare:
        a = np.asarray(img, dtype=np.int16)
        other = Image.open(args.compare)
        b = np.asarray(other.convert(img.mode), dtype=np.int16)
        if a.shape != b.shape:
            raise SystemExit("--compare: shape %s differs from %s" % (b.shape, a.shape))
        d = np.abs(a - b)
        res["compare"] = args.compare
        res["max_abs_pixel_diff"] = int(d.max())
        res["mean_abs_pixel_diff"] = float(d.mean())
    print(json.dumps(res))


if __name__ == "__main__":
    main()
