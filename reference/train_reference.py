#!/usr/bin/python3
"""The authors' SL2A-INR training loop on the CPU (PyTorch reference for the benchmark).

    /usr/bin/python3 reference/train_reference.py IMAGE --epochs N [--degree 256 --width 256
        --layers 3 --rank 128 --batch 16384 --lr 1e-3 --threads T --seed 0]
        [--rank full] [--no-modulation] [--nonlinearity relu|none] [--save CKPT.safetensors]
        [--model relu|relu-pe|siren|gauss|wire|finer|...|incode|hashgrid|grid [--omega0 W --hidden-omega0 W
         --scale S --sigma0 S --first-bias-scale S --levels L --log2-table-size T ... --grid-resolution R --tv W]]

--model trains a baseline of baselines_reference.py instead, with the same loop.

Loop: Adam(lr), MSE (mean), per epoch a torch.randperm shuffle of all H*W pixels,
minibatches of --batch points (last one may be smaller), LambdaLR with
lambda e: 0.1 ** min(e / epochs, 1) stepped once per epoch.
Image: float32 in [0,1] (8-bit / 255, 16-bit / 65535); grey -> 1 channel, RGBA drops alpha.
Coordinates: sl2a_reference.get_coords(H, W), pixel (r, c) at row r*W + c.

Threads: torch.set_num_threads(T) and OMP_NUM_THREADS default to T, OPENBLAS_NUM_THREADS and
MKL_NUM_THREADS to --blas-threads (default T), all set before numpy and torch are imported (both
load the same OpenBLAS, which reads its thread count once); an existing value wins.
Note: this Debian torch 1.13 defaults to 1 intra-op thread even on a multi-core machine.

Timing: one warm-up epoch is run first on a throwaway copy of the model and optimizer
(torch RNG state restored afterwards, so the counted run is exactly the N-epoch run from
the seeded init); it is NOT counted. Only the N-epoch training loop is timed (no image
loading, no model construction, no final evaluation).

Prints one JSON line: framework, torch_version, threads, epochs, samples_per_second,
seconds_per_epoch, final_psnr (PSNR in dB of the raw, unclamped output on all pixels
after training, peak 1.0), params (trainable parameter count), plus a few descriptive keys.
"""

import argparse
import copy
import json
import math
import os
import sys
import time


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# torch (and its BLAS) are imported in main(), after --threads is known: OpenBLAS keeps its
# own thread pool that torch.set_num_threads does not control, so OPENBLAS_NUM_THREADS /
# OMP_NUM_THREADS / MKL_NUM_THREADS are set to --threads (unless already set) before import.
torch = None


def load_image(path):
    """-> float32 numpy [H, W, C] in [0, 1]; C = 1 for grey, 3 otherwise (alpha dropped)."""
    img = Image.open(path)
    mode = img.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N"):
        arr = np.asarray(img, dtype=np.float64) / 65535.0
    elif mode == "I":
        arr = np.asarray(img, dtype=np.float64)
        arr = arr / (65535.0 if arr.max() > 255 else 255.0)
    elif mode == "F":
        arr = np.asarray(img, dtype=np.float64)
    else:
        if mode in ("1", "L", "LA"):
            img = img.convert("L")
        elif mode != "RGB":
            img = img.convert("RGB")  # RGBA, P, CMYK, YCbCr, ... ; drops alpha
        arr = np.asarray(img, dtype=np.float64) / 255.0
    if arr.ndim == 2:
        arr = arr[:, :, None]
    return np.ascontiguousarray(arr, dtype=np.float32)


def _import_torch(threads, blas_threads):
    global torch, SL2A, get_coords, save_checkpoint, np, Image
    for var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(blas_threads))
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    # numpy too: it loads the same OpenBLAS, which reads OPENBLAS_NUM_THREADS once, when loaded.
    import numpy as _np
    from PIL import Image as _Image
    np = _np
    Image = _Image
    import torch as _torch
    torch = _torch
    from sl2a_reference import SL2A, get_coords, save_checkpoint  # noqa: F401


def incode_image(model, gt, H, W, C):
    """INCODE's harmonizer reads the whole image, [1, 3, H, W] (a grey image's channel repeated)."""
    if model != "incode":
        return {}
    image = gt.reshape(H, W, C).permute(2, 0, 1)[None]
    return {"image": image.expand(1, 3, H, W) if C == 1 else image}


def grid_options(args):
    """The grid models' options given (grid_reference.py's keyword names); the others keep its defaults."""
    names = ("levels", "level_features", "log2_table_size", "base_resolution", "finest_resolution",
             "grid_resolution", "grid_channels", "tv")
    return {name: getattr(args, name) for name in names if getattr(args, name) is not None}


def train_epoch(model, optimizer, coords, gt, batch):
    n = coords.shape[0]
    perm = torch.randperm(n, device=coords.device)
    for i in range(0, n, batch):
        idx = perm[i:i + batch]
        out = model(coords[idx])
        loss = torch.nn.functional.mse_loss(out, gt[idx])
        if hasattr(model, "regularisation"):  # INCODE's penalty on its coefficients
            loss = loss + model.regularisation()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def synchronize(device):
    """Waits for queued GPU work, so that a timing covers the work and not just its launch."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def make_optim(model, lr, epochs):
    # The grid models train with instant-ngp's Adam (beta2 0.99, eps 1e-15), as their Java spec says.
    grid = getattr(model, "config", {}).get("model") in ("hashgrid", "grid")
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, **(dict(betas=(0.9, 0.99), eps=1e-15) if grid else {}))
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda e: 0.1 ** min(e / epochs, 1))
    return optimizer, scheduler


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("image")
    ap.add_argument("--epochs", type=int, required=True)
    ap.add_argument("--degree", type=int, default=256)
    ap.add_argument("--width", type=int, default=256)
    ap.add_argument("--layers", type=int, default=3, help="hidden (low-rank) layers")
    ap.add_argument("--rank", default="128", help="integer rank, or 'full' for dense hidden layers")
    ap.add_argument("--batch", type=int, default=16384)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--blas-threads", type=int, default=0,
                    help="OpenBLAS's own threads (default: --threads); torch's fastest setting on a small CPU is"
                         " often --threads 1 --blas-threads N")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-modulation", action="store_true")
    ap.add_argument("--nonlinearity", choices=("relu", "none"), default="relu")
    ap.add_argument("--no-warmup", action="store_true", help="skip the uncounted warm-up epoch")
    ap.add_argument("--save", help="write the trained model as a safetensors checkpoint")
    ap.add_argument("--device", default="cpu", help="torch device: cpu (default) or cuda")
    ap.add_argument("--model", default="sl2a", choices=("sl2a", "relu", "relu-pe", "siren", "gauss", "wire", "finer",
                                                         "chebykan", "mfn-fourier", "mfn-gabor", "kan", "incode",
                                                         "hashgrid", "grid"),
                    help="sl2a (default) or a baseline of baselines_reference.py")
    ap.add_argument("--omega0", type=float, default=30.0, help="siren, finer: omega of the first layer")
    ap.add_argument("--hidden-omega0", type=float, default=30.0, help="siren, finer: omega of the later layers")
    ap.add_argument("--scale", type=float, default=30.0, help="gauss: s in exp(-(s z)^2)")
    ap.add_argument("--sigma0", type=float, default=30.0, help="wire: the Gabor envelope's sigma")
    ap.add_argument("--first-bias-scale", type=float, default=20.0, help="finer: first bias U(-s, s)")
    ap.add_argument("--pe-freqs", type=int, default=10, help="relu-pe: frequencies of the positional encoding")
    # The grid models' own options (grid_reference.py): unset keeps the module's default, the Java spec's.
    for option in ("levels", "level-features", "log2-table-size", "base-resolution", "finest-resolution",
                   "grid-resolution", "grid-channels"):
        ap.add_argument("--" + option, type=int, help="hashgrid, grid: as the Java model's option")
    ap.add_argument("--tv", type=float, help="grid: total variation weight")
    args = ap.parse_args(argv)

    _import_torch(args.threads, args.blas_threads or args.threads)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    img = load_image(args.image)
    H, W, C = img.shape
    device = torch.device(args.device)
    coords = get_coords(H, W).to(device)
    gt = torch.from_numpy(img.reshape(-1, C)).to(device)
    rank = None if args.rank == "full" else int(args.rank)

    import baselines_reference  # imports torch: only after _import_torch set the thread variables
    if args.model == "sl2a":
        model = SL2A(in_features=2, hidden_features=args.width, hidden_layers=args.layers,
                     out_features=C, deg=args.degree, rank=rank, nonlinearity=args.nonlinearity,
                     modulation=not args.no_modulation).to(device)
    else:
        model = baselines_reference.build(args.model, in_features=2, out_features=C, width=args.width,
                                          hidden_layers=args.layers, first_omega=args.omega0,
                                          hidden_omega=args.hidden_omega0, scale=args.scale, sigma=args.sigma0,
                                          degree=args.degree,
                                          first_bias_scale=args.first_bias_scale, pe_freqs=args.pe_freqs,
                                          **grid_options(args),
                                          **incode_image(args.model, gt, H, W, C)).to(device)
    model.train()
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)

    warmup_s = None
    if not args.no_warmup:
        rng = torch.get_rng_state()
        wm = copy.deepcopy(model)
        wopt, wsched = make_optim(wm, args.lr, args.epochs)
        t0 = time.perf_counter()
        train_epoch(wm, wopt, coords, gt, args.batch)
        wsched.step()
        synchronize(device)
        warmup_s = time.perf_counter() - t0
        del wm, wopt, wsched
        torch.set_rng_state(rng)

    optimizer, scheduler = make_optim(model, args.lr, args.epochs)
    t0 = time.perf_counter()
    for _ in range(args.epochs):
        train_epoch(model, optimizer, coords, gt, args.batch)
        scheduler.step()
    synchronize(device)
    elapsed = time.perf_counter() - t0

    model.eval()
    with torch.no_grad():
        se = 0.0
        for i in range(0, coords.shape[0], 65536):
            d = model(coords[i:i + 65536]).double() - gt[i:i + 65536].double()
            se += float((d * d).sum())
    mse = se / gt.numel()
    psnr = -10.0 * math.log10(mse) if mse > 0 else float("inf")

    if args.save and args.model != "sl2a":
        baselines_reference.save_checkpoint(model, args.save)
    elif args.save:
        save_checkpoint(model, args.save, {"epochs": args.epochs, "lr": repr(args.lr),
                                           "seed": args.seed, "trainer": "pytorch-reference"})

    n = coords.shape[0]
    print(json.dumps({
        "framework": "pytorch",
        "model": args.model,
        "torch_version": torch.__version__,
        "device": str(device) if device.type == "cpu" else torch.cuda.get_device_name(device),
        "threads": torch.get_num_threads(),
        "blas_threads_env": os.environ.get("OPENBLAS_NUM_THREADS"),
        "epochs": args.epochs,
        "samples_per_second": args.epochs * n / elapsed,
        "seconds_per_epoch": elapsed / args.epochs,
        "final_psnr": psnr,
        "params": params,
        "timing": "training loop only; %s" % ("no warm-up" if warmup_s is None else
                                               "1 warm-up epoch (throwaway copy) not counted"),
        "warmup_seconds": warmup_s,
        "image": args.image, "height": H, "width_px": W, "channels": C,
        "degree": args.degree, "width": args.width, "layers": args.layers,
        "rank": args.rank, "batch": args.batch, "lr": args.lr, "seed": args.seed,
        "modulation": not args.no_modulation, "nonlinearity": args.nonlinearity,
    }))


if __name__ == "__main__":
    main()
