#!/usr/bin/python3
"""Golden fixture of a radiance field's training step for the Java tests:
nn/src/test/resources/golden/tiny_nerf_sl2a.safetensors

    /usr/bin/python3 reference/make_nerf_golden.py [--outdir DIR]

A tiny SL2A position network (3 -> 4 features, degree 4, width 8, 1 low-rank layer of rank 2), a
colour head of 1 layer of 6, 6 rays of 5 samples; float32, one torch thread. Tensors:
  input.positions [30, 3], input.directions [30, 3] (unit), input.t, input.delta [30], input.targets [6, 3]
  init.<k>        the field's state_dict
  forward.rgb [6, 3], forward.loss [1]  (MSE over rays x 3)
  grad.<p>        d loss / d p at init
  step3.<p>, step3.loss [3]   three Adam steps (betas 0.9, 0.99, eps 1e-15: torch-ngp's), same batch
Metadata: the Java NerfFieldConfig's (format, model=nerf, features, color_width, color_layers,
position.* = SL2A's) + rays, samples, background, lr, beta1, beta2, eps, torch_version.
"""

import argparse
import copy
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import safetensors_io  # noqa: E402
from nerf_reference import NerfField, volume_render  # noqa: E402
from sl2a_reference import SL2A, config_metadata  # noqa: E402

RAYS, SAMPLES, FEATURES, COLOR_WIDTH, COLOR_LAYERS = 6, 5, 4, 6, 1
BACKGROUND, LR, BETAS, EPS, STEPS = 1.0, 1e-2, (0.9, 0.99), 1e-15, 3


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--outdir", default=os.path.join(HERE, "..", "nn", "src", "test", "resources", "golden"))
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    sl2a_args = dict(in_features=3, out_features=FEATURES, deg=4, hidden_features=8, hidden_layers=1, rank=2)
    field = NerfField(SL2A(**sl2a_args), FEATURES, COLOR_WIDTH, COLOR_LAYERS)
    gen = torch.Generator().manual_seed(1000 + args.seed)
    rows = RAYS * SAMPLES
    origins = (torch.rand(RAYS, 3, generator=gen) * 2 - 1) * 0.3 + torch.tensor([0.0, 0.0, -2.5])
    dirs = torch.nn.functional.normalize(torch.tensor([0.0, 0.0, 1.0]) + 0.3 * (torch.rand(RAYS, 3, generator=gen) - 0.5),
                                         dim=-1)
    t = 1.5 + torch.sort(torch.rand(RAYS, SAMPLES, generator=gen) * 2, dim=1).values
    delta = torch.cat([t[:, 1:] - t[:, :-1], torch.full((RAYS, 1), 2.0 / SAMPLES)], dim=1)
    positions = (origins[:, None, :] + t[..., None] * dirs[:, None, :]).reshape(rows, 3)
    directions = dirs[:, None, :].expand(RAYS, SAMPLES, 3).reshape(rows, 3).contiguous()
    t, delta = t.reshape(rows), delta.reshape(rows)
    targets = torch.rand(RAYS, 3, generator=gen)

    def loss_of(model):
        rgb, _, _ = volume_render(model(positions, directions), t, delta, SAMPLES, BACKGROUND)
        return rgb, torch.nn.functional.mse_loss(rgb, targets)

    tensors = {"input.positions": positions, "input.directions": directions, "input.t": t, "input.delta": delta,
               "input.targets": targets}
    init = {k: v.detach().clone() for k, v in field.state_dict().items()}
    for k, v in init.items():
        tensors["init." + k] = v
    params = dict(field.named_parameters())
    rgb, loss = loss_of(field)
    grads = torch.autograd.grad(loss, list(params.values()))
    tensors["forward.rgb"] = rgb.detach()
    tensors["forward.loss"] = loss.detach().reshape(1)
    for (k, _), g in zip(params.items(), grads):
        tensors["grad." + k] = g
    m2 = copy.deepcopy(field)
    opt = torch.optim.Adam(m2.parameters(), lr=LR, betas=BETAS, eps=EPS, foreach=False)
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        _, l = loss_of(m2)
        losses.append(l.detach())
        l.backward()
        opt.step()
    for k, p in m2.named_parameters():
        tensors["step3." + k] = p.detach().clone()
    tensors["step3.loss"] = torch.stack(losses)

    meta = {"format": "sl2a", "model": "nerf", "features": str(FEATURES), "color_width": str(COLOR_WIDTH),
            "color_layers": str(COLOR_LAYERS)}
    for k, v in config_metadata(sl2a_args).items():
        meta["position." + k] = v
    meta["position.model"] = "sl2a"
    meta.update({"rays": str(RAYS), "samples": str(SAMPLES), "background": str(BACKGROUND), "lr": repr(LR),
                 "beta1": str(BETAS[0]), "beta2": str(BETAS[1]), "eps": repr(EPS), "steps": str(STEPS),
                 "seed": str(args.seed), "torch_version": torch.__version__})
    os.makedirs(args.outdir, exist_ok=True)
    path = os.path.join(args.outdir, "tiny_nerf_sl2a.safetensors")
    safetensors_io.save(path, {k: v.contiguous() for k, v in tensors.items()}, meta)
    print("%s: %d tensors, step losses %s" % (path, len(tensors), ["%.6f" % float(x) for x in losses]))


if __name__ == "__main__":
    main()
