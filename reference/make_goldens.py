#!/usr/bin/python3
"""Write golden fixtures for the Java tests: nn/src/test/resources/golden/<name>.safetensors

    /usr/bin/python3 reference/make_goldens.py [--outdir DIR]

Everything is float32 on the CPU with one torch thread; re-running on the same machine gives
byte-identical files (another CPU's BLAS may differ in the last bit, so committed fixtures are
kept and only new ones are added). Baselines (a "model" entry) use baselines_reference.py.
Per config file:
  __metadata__   config_metadata(...) + seed, points, lr, steps (3), eps (1e-8), beta1, beta2,
                 torch_version
  input.coords   F32 [64, 2]   uniform in [-1, 1]
  input.targets  F32 [64, out] uniform in [0, 1]
  init.<k>       every state_dict entry at init (init.net.0.cheby.arange is I64)
  forward.output F32 [64, out]
  forward.loss   F32 [1]       MSE, mean over all 64*out values (+ INCODE's penalty on its coefficients)
  grad.<p>       F32           d forward.loss / d p at init, for every parameter p
  step3.<p>      F32           p after 3 torch.optim.Adam steps (lr from metadata, betas
                               (0.9, 0.999), eps 1e-8, no weight decay, no scheduler, single-
                               tensor implementation) on the same batch each step
  step3.loss     F32 [3]       loss at each step, before its update
Inputs: torch.manual_seed(seed) before building the model; coords then targets drawn from
torch.Generator().manual_seed(1000 + seed). Seeds were picked so that no ReLU pre-activation
is within 1e-5 of 0 and no non-zero gradient is below 1e-6 during the 3 steps (see
Conditioning), so an independent float32 implementation lands on the same side of every
knife edge.
Adam (torch): m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
              p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
"""

import argparse
import copy
import hashlib
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import safetensors_io  # noqa: E402
import baselines_reference  # noqa: E402
from sl2a_reference import SL2A, config_metadata  # noqa: E402

POINTS = 64
STEPS = 3
EPS = 1e-8
BETAS = (0.9, 0.999)

CONFIGS = [
    ("tiny_default", 250, "1e-3",
     dict(in_features=2, out_features=3, deg=8, hidden_features=16, hidden_layers=3, rank=4,
          modulation=True, nonlinearity="relu")),
    ("tiny_nomod_linear", 18, "1e-2",
     dict(in_features=2, out_features=3, deg=8, hidden_features=16, hidden_layers=3, rank=4,
          modulation=False, nonlinearity="none")),
    ("tiny_fullrank", 15, "1e-3",
     dict(in_features=2, out_features=3, deg=5, hidden_features=8, hidden_layers=2, rank=None,
          modulation=True, nonlinearity="relu")),
    ("tiny_grey", 1, "1e-2",
     dict(in_features=2, out_features=1, deg=3, hidden_features=8, hidden_layers=1, rank=2,
          modulation=True, nonlinearity="relu")),
    # The baselines (baselines_reference.py): a "model" entry selects the module.
    ("tiny_relu_pe", 6, "1e-3", dict(model="relu-pe", in_features=2, out_features=3, width=16, hidden_layers=2,
                                      pe_freqs=4)),
    ("tiny_relu", 5, "1e-3", dict(model="relu", in_features=2, out_features=3, width=16, hidden_layers=2)),
    ("tiny_siren", 2, "1e-3", dict(model="siren", in_features=2, out_features=3, width=16, hidden_layers=2,
                                   first_omega=30.0, hidden_omega=30.0)),
    ("tiny_gauss", 2, "1e-3", dict(model="gauss", in_features=2, out_features=1, width=16, hidden_layers=2,
                                   scale=3.0)),
    ("tiny_wire", 3, "1e-3", dict(model="wire", in_features=2, out_features=3, width=16, hidden_layers=2,
                                  first_omega=5.0, hidden_omega=5.0, sigma=2.0)),
    ("tiny_chebykan", 4, "1e-3", dict(model="chebykan", in_features=2, out_features=3, width=8, hidden_layers=2,
                                      degree=5)),
    ("tiny_mfn_fourier", 2, "1e-3", dict(model="mfn-fourier", in_features=2, out_features=3, width=16,
                                         hidden_layers=2, input_scale=8.0, weight_scale=1.0)),
    ("tiny_mfn_gabor", 12, "1e-3", dict(model="mfn-gabor", in_features=2, out_features=3, width=16,
                                       hidden_layers=2, input_scale=8.0, weight_scale=1.0, alpha=6.0, beta=1.0)),
    ("tiny_kan", 2, "1e-3", dict(model="kan", in_features=2, out_features=3, width=8, hidden_layers=2, grid_size=5)),
    # INCODE: a 4-channel stem of 2 blocks on a 3 x 12 x 10 image, MLP [8, 8]; mlp_bias below 0 so that
    # the penalty on the coefficients is active from the first step.
    ("tiny_incode", 2, "1e-3", dict(model="incode", in_features=2, out_features=3, width=16, hidden_layers=2,
                                    first_omega=30.0, hidden_omega=30.0, stem_channels=4, blocks=2,
                                    mlp_hidden=(8, 8), mlp_bias=-0.05, image_size=(12, 10))),
    ("tiny_fourier_features", 4, "1e-3", dict(model="fourier-features", in_features=2, out_features=3, width=16,
                                              hidden_layers=2, mapping=8, scale=2.0)),
    ("tiny_finer", 2, "1e-3", dict(model="finer", in_features=2, out_features=3, width=16, hidden_layers=2,
                                   first_omega=30.0, hidden_omega=30.0, first_bias_scale=0.5)),
    # Hash grid: levels of 2, 4 and 12 cells with 64 entries each, the first two dense, the third hashed.
    ("tiny_hashgrid", 1, "1e-2", dict(model="hashgrid", in_features=2, out_features=3, width=16, hidden_layers=1,
                                      levels=3, level_features=2, log2_table_size=6, base_resolution=2,
                                      finest_resolution=12)),
    # Dense grid with its linear head and total variation (in the loss).
    ("tiny_grid", 1, "1e-2", dict(model="grid", in_features=2, out_features=3, width=16, hidden_layers=0,
                                  grid_resolution=5, grid_channels=4, tv=0.1)),
]


class Conditioning:
    """Records how far the fixture is from float32 knife edges during the Adam steps:
    the smallest |ReLU pre-activation| (a sign flip would change the mask) and the smallest
    non-zero |gradient| (Adam's m / (sqrt(v) + eps) is ill-conditioned when |g| is near
    eps = 1e-8). Seeds were chosen so that min|z| >= 1e-5 and min|g| >= 1e-6."""

    def __init__(self, model):
        self.min_z = float("inf")
        self.min_g = float("inf")
        self.active = None
        self._collect = None
        self._hooks = []
        for layer in (list(model.net)[:-1] if hasattr(model, "net") else []):
            if getattr(layer, "nonlinearity", None) == "relu" or isinstance(layer, torch.nn.ReLU):
                self._hooks.append(layer.register_forward_hook(self._hook))

    def _hook(self, layer, inputs, _out):
        with torch.no_grad():
            x = inputs[0]
            if isinstance(layer, torch.nn.ReLU):
                z = x
            elif hasattr(layer, "linear"):
                z = layer.linear(x)
            else:
                z = x @ (layer.weight_left @ layer.weight_right) + layer.bias
            self.min_z = min(self.min_z, float(z.abs().min()))
            if self._collect is not None:
                self._collect.append(float((z > 0).float().mean()))

    def first_pass(self):
        self._collect = []
        self.active = self._collect

    def end_first_pass(self):
        self._collect = None

    def grads(self, model):
        for p in model.parameters():
            if p.grad is None:
                continue
            a = baselines_reference.real_view(p.grad).abs()
            nz = a[a > 0]
            if nz.numel():
                self.min_g = min(self.min_g, float(nz.min()))

    def close(self):
        for h in self._hooks:
            h.remove()


def total_loss(model, out, targets):
    """MSE over all values, plus the model's own regularisation where it has one (INCODE's)."""
    loss = torch.nn.functional.mse_loss(out, targets)
    if hasattr(model, "regularisation"):
        loss = loss + model.regularisation()
    return loss


def make(name, seed, lr_str, args, outdir):
    lr = float(lr_str)
    torch.manual_seed(seed)
    args = dict(args)
    baseline = args.pop("model", None)
    image_size = args.pop("image_size", None)
    gen = torch.Generator().manual_seed(1000 + seed)
    coords = torch.rand(POINTS, args["in_features"], generator=gen) * 2 - 1
    targets = torch.rand(POINTS, args["out_features"], generator=gen)
    tensors = {"input.coords": coords, "input.targets": targets}
    if image_size:
        # INCODE's harmonizer image (drawn after the batch, so the other fixtures' inputs are unchanged).
        args["image"] = torch.rand(1, 3, *image_size, generator=gen)
        tensors["input.image"] = args["image"][0]
    model = baselines_reference.build(baseline, **args) if baseline else SL2A(**args)

    init_sd = {k: v.detach().clone() for k, v in model.state_dict().items()}
    for k, v in init_sd.items():
        tensors["init." + k] = baselines_reference.real_view(v)

    # Trainable parameters only (WIRE keeps its omega and sigma as untrained parameters).
    params = {k: p for k, p in model.named_parameters() if p.requires_grad}
    out = model(coords)
    loss = total_loss(model, out, targets)
    grads = torch.autograd.grad(loss, list(params.values()))
    tensors["forward.output"] = out.detach()
    tensors["forward.loss"] = loss.detach().reshape(1)
    for (k, _), g in zip(params.items(), grads):
        tensors["grad." + k] = baselines_reference.real_view(g)

    if hasattr(model, "last_coefficients"):
        model.last_coefficients = None  # a graph tensor, which deepcopy refuses
    m2 = copy.deepcopy(model)
    m2.load_state_dict(init_sd)
    opt = torch.optim.Adam(m2.parameters(), lr=lr, betas=BETAS, eps=EPS, weight_decay=0,
                           foreach=False)
    cond = Conditioning(m2)
    losses = []
    for step in range(STEPS):
        opt.zero_grad()
        if step == 0:
            cond.first_pass()
        l = total_loss(m2, m2(coords), targets)
        cond.end_first_pass()
        losses.append(l.detach())
        l.backward()
        cond.grads(m2)
        opt.step()
    cond.close()
    for k, p in m2.named_parameters():
        if p.requires_grad:
            tensors["step3." + k] = baselines_reference.real_view(p)
    for k, b in m2.named_buffers():
        # BatchNorm's running statistics after the three training forwards; constants (Fourier
        # features' B) as they are, unchanged by training.
        if b.is_floating_point() and ("running_" in k or k.endswith(".B")):
            tensors["step3." + k] = b.detach().clone()
    tensors["step3.loss"] = torch.stack(losses)

    for k, v in tensors.items():
        if v.is_floating_point():
            assert v.dtype == torch.float32, (k, v.dtype)
        else:
            assert (k.endswith(".arange") or k.endswith(".num_batches_tracked")) and v.dtype == torch.int64, (k, v.dtype)

    meta = baselines_reference.metadata(model) if baseline else config_metadata(args)
    meta.update({"seed": str(seed), "points": str(POINTS), "lr": lr_str, "steps": str(STEPS),
                 "eps": "1e-8", "beta1": "0.9", "beta2": "0.999",
                 "torch_version": torch.__version__})
    path = os.path.join(outdir, name + ".safetensors")
    safetensors_io.save(path, tensors, meta)

    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    act = cond.active
    print("%-18s %6d bytes  %2d tensors  step losses %s  relu active %s  min|z| %.1e  "
          "min|g| %.1e  sha256 %s"
          % (name, os.path.getsize(path), len(tensors), ["%.6f" % float(x) for x in losses],
             ["%.2f" % a for a in act], cond.min_z, cond.min_g, digest))
    if any(a < 0.1 or a > 0.9 for a in act):
        print("WARNING: %s has a ReLU layer that is (nearly) all dead or all active" % name)
    if cond.min_z < 1e-5 or cond.min_g < 1e-6:
        print("WARNING: %s is close to a float32 knife edge (see Conditioning)" % name)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--outdir", default=os.path.join(HERE, "..", "nn", "src", "test", "resources", "golden"))
    ap.add_argument("--only", nargs="*", help="write only these fixtures (the others stay as they are)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.outdir, exist_ok=True)
    for name, seed, lr_str, cfg in CONFIGS:
        if not args.only or name in args.only:
            make(name, seed, lr_str, cfg, args.outdir)


if __name__ == "__main__":
    main()
