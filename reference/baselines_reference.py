"""PyTorch references of the baselines, written here from their published formulas, with the
state_dict names of the FINER repository's modules (net.i.linear.* for the activated layers,
net.(L+1).* for the linear output).

    relu    y = relu(W x + b)                          nn.Linear's initialisation
    siren   y = sin(w (W x + b))                       SIREN's initialisation (below)
    gauss   y = exp(-(s (W x + b))^2)                  nn.Linear's initialisation
    finer   y = sin(w (|z| + 1) z), z = W x + b        SIREN's initialisation; |z| + 1 under no_grad
            (the reference's default); first_bias_scale k: the first bias ~ U(-k, k)
    relu-pe FINER's PEMLP: [x, sin(x), cos(x), sin(2x), cos(2x), ..., sin(2^(N-1) x), cos(...)] (each
            term the whole input vector, no pi) into Linear, ReLU, ..., Linear (nn.Sequential, so
            the state_dict names are net.0, net.2, ..., net.(2L+2)); nn.Linear's initialisation

SIREN's initialisation: first weight U(+-1/in), later weights U(+-sqrt(6/in)/w_hidden), the
output weight U(+-sqrt(6/width)/w_hidden), biases nn.Linear's default U(+-1/sqrt(in)).

Metadata (all strings): format=sl2a, model, in_features, out_features, width, hidden_layers,
and first_omega/hidden_omega (siren, finer), scale (gauss), first_bias_scale (finer).
"""

import math

import torch
import torch.nn as nn

MODELS = ("relu", "siren", "gauss", "finer")
ALL_MODELS = MODELS + ("relu-pe",)


class ActivatedLinear(nn.Module):
    def __init__(self, in_features, out_features, kind, scale=1.0, is_first=False, hidden_omega=30.0,
                 siren_init=False, first_bias_scale=0.0):
        super().__init__()
        self.kind = kind
        self.scale = scale
        # the golden generator's conditioning looks for this attribute on ReLU layers
        self.nonlinearity = "relu" if kind == "relu" else kind
        self.linear = nn.Linear(in_features, out_features)
        with torch.no_grad():
            if siren_init:
                bound = 1.0 / in_features if is_first else math.sqrt(6.0 / in_features) / hidden_omega
                self.linear.weight.uniform_(-bound, bound)
            if is_first and first_bias_scale > 0:
                self.linear.bias.uniform_(-first_bias_scale, first_bias_scale)

    def forward(self, x):
        z = self.linear(x)
        if self.kind == "relu":
            return torch.relu(z)
        if self.kind == "siren":
            return torch.sin(self.scale * z)
        if self.kind == "gauss":
            return torch.exp(-(self.scale * z) ** 2)
        with torch.no_grad():
            s = torch.abs(z) + 1
        return torch.sin(self.scale * s * z)


class CoordinateMlp(nn.Module):
    def __init__(self, model, in_features=2, out_features=3, width=256, hidden_layers=3, first_omega=30.0,
                 hidden_omega=30.0, scale=30.0, first_bias_scale=0.0):
        super().__init__()
        if model not in MODELS:
            raise ValueError("model must be one of %s" % (MODELS,))
        self.config = dict(model=model, in_features=in_features, out_features=out_features, width=width,
                           hidden_layers=hidden_layers, first_omega=first_omega, hidden_omega=hidden_omega,
                           scale=scale, first_bias_scale=first_bias_scale)
        siren_init = model in ("siren", "finer")
        layers = []
        for i in range(hidden_layers + 1):
            s = scale if model == "gauss" else (first_omega if i == 0 else hidden_omega)
            layers.append(ActivatedLinear(in_features if i == 0 else width, width, model, s, is_first=i == 0,
                                          hidden_omega=hidden_omega, siren_init=siren_init,
                                          first_bias_scale=first_bias_scale if model == "finer" else 0.0))
        last = nn.Linear(width, out_features)
        if siren_init:
            with torch.no_grad():
                bound = math.sqrt(6.0 / width) / hidden_omega
                last.weight.uniform_(-bound, bound)
        layers.append(last)
        self.net = nn.Sequential(*layers)

    def forward(self, coords):
        return self.net(coords)


class PositionalEncoding(nn.Module):
    def __init__(self, frequencies):
        super().__init__()
        self.frequencies = frequencies

    def forward(self, x):
        out = [x]
        for k in range(self.frequencies):
            f = 2.0 ** k
            out += [torch.sin(f * x), torch.cos(f * x)]
        return torch.cat(out, -1)


class PeMlp(nn.Module):
    def __init__(self, in_features=2, out_features=3, width=256, hidden_layers=3, pe_freqs=10, **unused):
        super().__init__()
        self.config = dict(model="relu-pe", in_features=in_features, out_features=out_features, width=width,
                           hidden_layers=hidden_layers, pe_freqs=pe_freqs)
        self.encoding = PositionalEncoding(pe_freqs)
        layers = [nn.Linear(in_features * (2 * pe_freqs + 1), width), nn.ReLU()]
        for _ in range(hidden_layers):
            layers += [nn.Linear(width, width), nn.ReLU()]
        layers.append(nn.Linear(width, out_features))
        self.net = nn.Sequential(*layers)

    def forward(self, coords):
        return self.net(self.encoding(coords))


def build(model, **kwargs):
    """Any baseline by name."""
    if model == "relu-pe":
        return PeMlp(**kwargs)
    return CoordinateMlp(model, **{k: v for k, v in kwargs.items() if k != "pe_freqs"})


def metadata(model):
    c = model.config
    meta = {"format": "sl2a", "model": c["model"], "in_features": str(c["in_features"]),
            "out_features": str(c["out_features"]), "width": str(c["width"]),
            "hidden_layers": str(c["hidden_layers"])}
    if c["model"] in ("siren", "finer"):
        meta["first_omega"] = str(float(c["first_omega"]))
        meta["hidden_omega"] = str(float(c["hidden_omega"]))
    if c["model"] == "gauss":
        meta["scale"] = str(float(c["scale"]))
    if c["model"] == "finer":
        meta["first_bias_scale"] = str(float(c["first_bias_scale"]))
    if c["model"] == "relu-pe":
        meta["pe_freqs"] = str(int(c["pe_freqs"]))
    return meta


def from_metadata(meta):
    kwargs = dict(in_features=int(meta["in_features"]), out_features=int(meta["out_features"]),
                  width=int(meta["width"]), hidden_layers=int(meta["hidden_layers"]))
    for key in ("first_omega", "hidden_omega", "scale", "first_bias_scale"):
        if key in meta:
            kwargs[key] = float(meta[key])
    if "pe_freqs" in meta:
        kwargs["pe_freqs"] = int(meta["pe_freqs"])
    return build(meta["model"], **kwargs)


def save_checkpoint(model, path):
    """state_dict + metadata -> safetensors, as the Java side writes a baseline's checkpoint."""
    import safetensors_io
    sd = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    safetensors_io.save(path, sd, metadata(model))


def load_checkpoint(path):
    """safetensors checkpoint of a baseline -> (module in eval mode, metadata); strict loading."""
    import safetensors_io
    tensors, meta = safetensors_io.load(path, framework="torch")
    model = from_metadata(meta)
    model.load_state_dict({k: v.to(torch.float32) for k, v in tensors.items()}, strict=True)
    model.eval()
    return model, meta
