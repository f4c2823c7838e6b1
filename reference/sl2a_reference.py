"""PyTorch reference of SL2A-INR (the authors' module, state_dict names kept).

    net.0            ChebyLayer  = ChebyKANLayer(in, width, degree) -> LayerNorm(width)
    net.1..net.L     LowRankReLULayer(width, width, rank, nonlinearity)   (L = hidden_layers)
                     or DenseLayer(width, width, nonlinearity) when rank is None ("full")
    net.L+1          nn.Linear(width, out)

    forward: x = net[0](coords); y = x; for layer in net[1:]: y = layer(x * y)
             (with modulation=False: y = layer(y))

Two options beyond the authors' code, mirrored by the Java side:
  modulation=False  every later layer gets y instead of x * y
  rank=None         ("full") hidden layers are DenseLayer with attribute `linear`

Metadata keys (all values strings) used in safetensors checkpoints / goldens:
  format=sl2a, in_features, out_features, degree, width, hidden_layers,
  rank (int or "full"), modulation ("true"/"false"), nonlinearity ("relu"/"none")
"""

import math

import torch
import torch.nn as nn

NONLINEARITIES = ("relu", "none")


class ChebyKANLayer(nn.Module):
    def __init__(self, input_dim, output_dim, degree):
        super().__init__()
        self.inputdim = input_dim
        self.outdim = output_dim
        self.degree = degree
        self.cheby_coeffs = nn.Parameter(torch.empty(input_dim, output_dim, degree + 1))
        nn.init.xavier_uniform_(self.cheby_coeffs)
        self.register_buffer("arange", torch.arange(0, degree + 1, 1))

    def forward(self, x):
        # T_k(tanh(x)) = cos(k * acos(tanh(x))), per input dimension
        x = torch.tanh(x)
        x = x.view((-1, self.inputdim, 1)).expand(-1, -1, self.degree + 1)
        x = x.acos()
        x = x * self.arange
        x = x.cos()
        y = torch.einsum("bid,iod->bo", x, self.cheby_coeffs)
        y = y.view(-1, self.outdim)
        return y


class ChebyLayer(nn.Module):
    def __init__(self, in_features, out_features, degree):
        super().__init__()
        self.cheby = ChebyKANLayer(in_features, out_features, degree)
        self.norm = nn.LayerNorm(out_features)

    def forward(self, x):
        return self.norm(self.cheby(x))


def _activate(x, nonlinearity):
    if nonlinearity == "relu":
        return torch.relu(x)
    if nonlinearity == "none":
        return x
    raise ValueError("nonlinearity must be one of %s, got %r" % (NONLINEARITIES, nonlinearity))


class LowRankReLULayer(nn.Module):
    def __init__(self, in_features, out_features, rank, nonlinearity="relu"):
        super().__init__()
        if nonlinearity not in NONLINEARITIES:
            raise ValueError("nonlinearity must be one of %s" % (NONLINEARITIES,))
        self.in_features = in_features
        self.out_features = out_features
        self.rank = rank
        self.nonlinearity = nonlinearity
        self.weight_left = nn.Parameter(torch.Tensor(in_features, rank))
        self.weight_right = nn.Parameter(torch.Tensor(rank, out_features))
        self.bias = nn.Parameter(torch.Tensor(out_features))
        self.reset_parameters()

    def reset_parameters(self):
        nn.init.kaiming_uniform_(self.weight_left, a=math.sqrt(5))
        nn.init.kaiming_uniform_(self.weight_right, a=math.sqrt(5))
        # torch's fan_in of a 2-D [in, rank] tensor is size(1) = rank
        fan_in, _ = nn.init._calculate_fan_in_and_fan_out(self.weight_left)
        bound = 1 / math.sqrt(fan_in)
        nn.init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        weight = torch.matmul(self.weight_left, self.weight_right)
        out = torch.matmul(input, weight) + self.bias
        return _activate(out, self.nonlinearity)


class DenseLayer(nn.Module):
    """Full-rank hidden layer (rank=None): nn.Linear with PyTorch default init."""

    def __init__(self, in_features, out_features, nonlinearity="relu"):
        super().__init__()
        if nonlinearity not in NONLINEARITIES:
            raise ValueError("nonlinearity must be one of %s" % (NONLINEARITIES,))
        self.nonlinearity = nonlinearity
        self.linear = nn.Linear(in_features, out_features)

    def forward(self, input):
        return _activate(self.linear(input), self.nonlinearity)


class SL2A(nn.Module):
    def __init__(self, in_features=2, hidden_features=256, hidden_layers=3, out_features=3,
                 deg=256, rank=128, nonlinearity="relu", modulation=True):
        super().__init__()
        self.config = dict(in_features=in_features, hidden_features=hidden_features,
                           hidden_layers=hidden_layers, out_features=out_features, deg=deg,
                           rank=rank, nonlinearity=nonlinearity, modulation=bool(modulation))
        self.modulation = bool(modulation)
        net = [ChebyLayer(in_features, hidden_features, deg)]
        for _ in range(hidden_layers):
            if rank is None:
                net.append(DenseLayer(hidden_features, hidden_features, nonlinearity))
            else:
                net.append(LowRankReLULayer(hidden_features, hidden_features, rank, nonlinearity))
        net.append(nn.Linear(hidden_features, out_features))
        self.net = nn.Sequential(*net)

    def forward(self, coords):
        x = self.net[0](coords)
        y = x
        for layer in self.net[1:]:
            y = layer(x * y) if self.modulation else layer(y)
        return y


def get_coords(H, W):
    """[H*W, 2] float32 grid, row-major over pixels (index r*W + c);
    column 0 = x = linspace(-1,1,W)[c], column 1 = y = linspace(-1,1,H)[r]."""
    xs = torch.linspace(-1, 1, W)
    ys = torch.linspace(-1, 1, H)
    X, Y = torch.meshgrid(xs, ys, indexing="xy")  # both [H, W]
    return torch.stack([X, Y], dim=-1).reshape(-1, 2)


# --------------------------------------------------------------------- metadata

def config_metadata(model_args):
    """SL2A constructor kwargs (dict, or an SL2A model) -> safetensors __metadata__."""
    if isinstance(model_args, SL2A):
        model_args = model_args.config
    a = dict(in_features=2, hidden_features=256, hidden_layers=3, out_features=3, deg=256,
             rank=128, nonlinearity="relu", modulation=True)
    unknown = set(model_args) - set(a)
    if unknown:
        raise ValueError("unknown SL2A arguments: %s" % sorted(unknown))
    a.update(model_args)
    if a["nonlinearity"] not in NONLINEARITIES:
        raise ValueError("bad nonlinearity %r" % (a["nonlinearity"],))
    return {
        "format": "sl2a",
        "in_features": str(int(a["in_features"])),
        "out_features": str(int(a["out_features"])),
        "degree": str(int(a["deg"])),
        "width": str(int(a["hidden_features"])),
        "hidden_layers": str(int(a["hidden_layers"])),
        "rank": "full" if a["rank"] is None else str(int(a["rank"])),
        "modulation": "true" if a["modulation"] else "false",
        "nonlinearity": a["nonlinearity"],
    }


def model_args_from_metadata(meta):
    """safetensors __metadata__ -> SL2A constructor kwargs."""
    if meta.get("format", "sl2a") != "sl2a":
        raise ValueError("not an sl2a checkpoint: format=%r" % (meta.get("format"),))
    rank = meta.get("rank", "full")
    mod = meta.get("modulation", "true").lower()
    if mod not in ("true", "false"):
        raise ValueError("bad modulation %r" % (mod,))
    return dict(
        in_features=int(meta["in_features"]),
        out_features=int(meta["out_features"]),
        deg=int(meta["degree"]),
        hidden_features=int(meta["width"]),
        hidden_layers=int(meta["hidden_layers"]),
        rank=None if rank == "full" else int(rank),
        modulation=(mod == "true"),
        nonlinearity=meta.get("nonlinearity", "relu"),
    )


def model_from_metadata(meta):
    return SL2A(**model_args_from_metadata(meta))


def save_checkpoint(model, path, extra_metadata=None):
    """state_dict + config metadata -> safetensors (arange stored as I64)."""
    import safetensors_io
    meta = config_metadata(model)
    if extra_metadata:
        meta.update({str(k): str(v) for k, v in extra_metadata.items()})
    sd = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    safetensors_io.save(path, sd, meta)


def load_checkpoint(path):
    """safetensors checkpoint -> (SL2A model in eval mode, metadata). strict loading."""
    import safetensors_io
    tensors, meta = safetensors_io.load(path, framework="torch")
    model = model_from_metadata(meta)
    sd = {}
    for k, v in tensors.items():
        if k.endswith(".arange"):
            v = v.round().to(torch.int64) if v.is_floating_point() else v.to(torch.int64)
        else:
            v = v.to(torch.float32)
        sd[k] = v
    model.load_state_dict(sd, strict=True)
    model.eval()
    return model, meta
