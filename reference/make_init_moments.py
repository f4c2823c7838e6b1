#!/usr/bin/python3
"""Write the moments of the reference initialisation for the Java tests:
nn/src/test/resources/init/<name>.json

    /usr/bin/python3 reference/make_init_moments.py [--outdir DIR]

For each configuration, the authors' module is built SEEDS times (torch.manual_seed(seed) for
seed 0..SEEDS-1) and every trained state_dict entry's values are pooled over the seeds (a complex
one's real and imaginary parts together). Per entry the
file holds count, mean, std, min, max and kurtosis (E[(v-mean)^4] / std^4: 1.8 for a uniform
distribution, 3 for a normal one; null for a constant), all in double precision, and the configuration as
config_metadata(...). The Java initialiser must draw from the same distributions: the tests
compare its pooled moments over as many seeds with these.
"""

import argparse
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import baselines_reference  # noqa: E402
from sl2a_reference import SL2A, config_metadata  # noqa: E402

SEEDS = 200

CONFIGS = [
    ("lowrank", dict(in_features=2, out_features=3, deg=15, hidden_features=16, hidden_layers=2, rank=8)),
    ("fullrank", dict(in_features=2, out_features=3, deg=15, hidden_features=16, hidden_layers=2, rank=None)),
    ("grey3d", dict(in_features=3, out_features=1, deg=7, hidden_features=24, hidden_layers=1, rank=4)),
    ("relu_pe", dict(model="relu-pe", in_features=2, out_features=3, width=16, hidden_layers=2, pe_freqs=10)),
    ("relu", dict(model="relu", in_features=2, out_features=3, width=16, hidden_layers=2)),
    ("siren", dict(model="siren", in_features=2, out_features=3, width=16, hidden_layers=2, first_omega=30.0,
                   hidden_omega=20.0)),
    ("gauss", dict(model="gauss", in_features=3, out_features=1, width=24, hidden_layers=1, scale=30.0)),
    ("wire", dict(model="wire", in_features=2, out_features=3, width=24, hidden_layers=2, first_omega=30.0,
                  hidden_omega=30.0, sigma=30.0)),
    ("chebykan", dict(model="chebykan", in_features=2, out_features=3, width=16, hidden_layers=2, degree=7)),
    ("mfn_fourier", dict(model="mfn-fourier", in_features=2, out_features=3, width=16, hidden_layers=2,
                         input_scale=256.0, weight_scale=1.0)),
    ("mfn_gabor", dict(model="mfn-gabor", in_features=2, out_features=3, width=16, hidden_layers=2,
                       input_scale=256.0, weight_scale=1.0, alpha=6.0, beta=1.0)),
    ("kan", dict(model="kan", in_features=2, out_features=3, width=16, hidden_layers=2, grid_size=5)),
    ("finer", dict(model="finer", in_features=2, out_features=3, width=16, hidden_layers=2, first_omega=30.0,
                   hidden_omega=30.0, first_bias_scale=20.0)),
]


def moments(values):
    v = values.to(torch.float64)
    mean = v.mean()
    std = v.std(unbiased=False)
    kurtosis = (((v - mean) ** 4).mean() / std ** 4).item() if std > 0 else None
    return dict(count=v.numel(), mean=mean.item(), std=std.item(), min=v.min().item(),
                max=v.max().item(), kurtosis=kurtosis)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--outdir", default=os.path.join(HERE, "..", "nn", "src", "test", "resources", "init"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.outdir, exist_ok=True)
    for name, kwargs in CONFIGS:
        pooled = {}
        kwargs = dict(kwargs)
        baseline = kwargs.pop("model", None)
        for seed in range(SEEDS):
            torch.manual_seed(seed)
            model = baselines_reference.build(baseline, **kwargs) if baseline else SL2A(**kwargs)
            untrained = {k for k, p in model.named_parameters() if not p.requires_grad}
            for key, value in model.state_dict().items():
                if key.endswith(".arange") or key.endswith(".grid") or key in untrained:
                    continue
                # a complex tensor's real and imaginary parts pooled (each is drawn alike)
                pooled.setdefault(key, []).append(baselines_reference.real_view(value).reshape(-1))
        meta = baselines_reference.metadata(model) if baseline else config_metadata(kwargs)
        entry = dict(config=meta, seeds=SEEDS, torch_version=torch.__version__,
                     parameters={k: moments(torch.cat(v)) for k, v in pooled.items()})
        path = os.path.join(args.outdir, name + ".json")
        with open(path, "w") as f:
            json.dump(entry, f, indent=1, sort_keys=False)
            f.write("\n")
        print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
