"""PyTorch references of the baselines, written here from their published formulas, with the
state_dict names of the FINER repository's modules (net.i.linear.* for the activated layers,
net.(L+1).* for the linear output).

    relu    y = relu(W x + b)                          nn.Linear's initialisation
    siren   y = sin(w (W x + b))                       SIREN's initialisation (below)
    gauss   y = exp(-(s (W x + b))^2)                  nn.Linear's initialisation
    finer   y = sin(w (|z| + 1) z), z = W x + b        SIREN's initialisation; |z| + 1 under no_grad
            (the reference's default); first_bias_scale k: the first bias ~ U(-k, k)
    wire    y = exp(i w z - |s z|^2), z = W x + b: the first layer real, the later ones complex
            (torch.cfloat), int(width / sqrt(2)) wide; the output Re(W x + b) of a complex linear
            layer; nn.Linear's initialisation (a complex tensor's real and imaginary parts each
            uniform); each Gabor layer holds w and s as untrained parameters omega_0, scale_0 of
            shape [1] (so they are in the state_dict, as in WIRE's module)
    chebykan  ChebyKAN (SynodicMonth/ChebyKAN): layers y_o = sum_i sum_k c[i,o,k] T_k(tanh(x_i)) with
            T_k(t) = cos(k acos t), c ~ N(0, 1/(in (degree + 1))), an arange(0, degree + 1) buffer each; a
            LayerNorm after every layer but the last; nn.Sequential names net.0, net.1, ...
    mfn-fourier FourierNet (boschresearch/multiplicative-filter-networks): z_0 = f_0(x),
            z_i = f_i(x) * linear[i-1](z_(i-1)), output_linear(z_L), f_i(x) = sin(filters[i].linear(x));
            the filters' weights nn.Linear's times input_scale / sqrt(L + 1), their biases U(-pi, pi);
            linear[j].weight U(+-sqrt(weight_scale / width)); the rest nn.Linear's
    mfn-gabor GaborNet: the same recursion with f_i(x) = sin(filters[i].linear(x)) *
            exp(-gamma_i |x - mu_i|^2 / 2), mu U(-1, 1) [width, in], gamma ~ Gamma(alpha / (L + 1), beta),
            the filter's weight nn.Linear's times input_scale / sqrt(L + 1) * sqrt(gamma) per row
    kan     efficient-kan's KAN: KANLinear layers in -> width -> ... -> out, y = SiLU(x) W_b^T +
            B(x) (W_s * s)^T, B the cubic B-spline bases (Cox-de Boor) on the grid of grid_size
            intervals on [-1, 1] extended by 3 knots each side (a buffer "grid" [in, G + 7]); W_b and s
            U(+-1/sqrt(in)); W_s the least-squares fit (torch.linalg.lstsq) of noise
            (U(0, 1) - 1/2) * 0.1 / G at the G + 1 grid points; the grid is never updated
    fourier-features  Tancik et al.'s Fourier feature network: [sin(2 pi x B^T), cos(2 pi x B^T)], B
            [mapping, in] ~ N(0, scale^2) a persistent buffer encoding.B (never trained), into the
            same nn.Sequential as relu-pe (net.0, net.2, ..., net.(2L+2)); nn.Linear's initialisation
    relu-pe FINER's PEMLP: [x, sin(x), cos(x), sin(2x), cos(2x), ..., sin(2^(N-1) x), cos(...)] (each
            term the whole input vector, no pi) into Linear, ReLU, ..., Linear (nn.Sequential, so
            the state_dict names are net.0, net.2, ..., net.(2L+2)); nn.Linear's initialisation

SIREN's initialisation: first weight U(+-1/in), later weights U(+-sqrt(6/in)/w_hidden), the
output weight U(+-sqrt(6/width)/w_hidden), biases nn.Linear's default U(+-1/sqrt(in)).

Metadata (all strings): format=sl2a, model, in_features, out_features, width, hidden_layers,
and first_omega/hidden_omega (siren, wire, finer), scale (gauss), sigma (wire), first_bias_scale (finer).

Complex tensors (wire) are stored in safetensors as torch.view_as_real gives them: F32 with a
trailing dimension of 2 (real, imaginary); save_checkpoint and load_checkpoint convert.
"""

import math

import torch
import torch.nn as nn

MODELS = ("relu", "siren", "gauss", "finer")
ALL_MODELS = MODELS + ("relu-pe", "wire", "chebykan", "mfn-fourier", "mfn-gabor", "kan", "incode", "fourier-features",
                       "hashgrid", "grid")
GRID_MODELS = ("hashgrid", "grid")


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


def relu_sequential(in_width, width, hidden_layers, out_features):
    """Linear, ReLU, ..., Linear as nn.Sequential: hidden_layers + 1 activated layers, then the output."""
    layers = [nn.Linear(in_width, width), nn.ReLU()]
    for _ in range(hidden_layers):
        layers += [nn.Linear(width, width), nn.ReLU()]
    layers.append(nn.Linear(width, out_features))
    return nn.Sequential(*layers)


class PeMlp(nn.Module):
    def __init__(self, in_features=2, out_features=3, width=256, hidden_layers=3, pe_freqs=10, **unused):
        super().__init__()
        self.config = dict(model="relu-pe", in_features=in_features, out_features=out_features, width=width,
                           hidden_layers=hidden_layers, pe_freqs=pe_freqs)
        self.encoding = PositionalEncoding(pe_freqs)
        self.net = relu_sequential(in_features * (2 * pe_freqs + 1), width, hidden_layers, out_features)

    def forward(self, coords):
        return self.net(self.encoding(coords))


class FourierFeatureMap(nn.Module):
    def __init__(self, in_features, mapping, scale):
        super().__init__()
        self.register_buffer("B", torch.randn(mapping, in_features) * scale)

    def forward(self, x):
        projected = (2.0 * math.pi * x) @ self.B.T
        return torch.cat([torch.sin(projected), torch.cos(projected)], -1)


class FourierFeatures(nn.Module):
    def __init__(self, in_features=2, out_features=3, width=256, hidden_layers=3, mapping=256, scale=10.0, **unused):
        super().__init__()
        self.config = dict(model="fourier-features", in_features=in_features, out_features=out_features, width=width,
                           hidden_layers=hidden_layers, mapping=mapping, scale=scale)
        self.encoding = FourierFeatureMap(in_features, mapping, scale)
        self.net = relu_sequential(2 * mapping, width, hidden_layers, out_features)

    def forward(self, coords):
        return self.net(self.encoding(coords))


class GaborLayer(nn.Module):
    """exp(i w z - |s z|^2) after a real (first) or complex linear layer."""

    def __init__(self, in_features, out_features, omega, sigma, is_first):
        super().__init__()
        self.omega_0 = nn.Parameter(torch.tensor([float(omega)]), requires_grad=False)
        self.scale_0 = nn.Parameter(torch.tensor([float(sigma)]), requires_grad=False)
        self.linear = nn.Linear(in_features, out_features, dtype=torch.float if is_first else torch.cfloat)

    def forward(self, x):
        z = self.linear(x)
        return torch.exp(1j * (self.omega_0 * z) - (self.scale_0 * z).abs().square())


class Wire(nn.Module):
    def __init__(self, in_features=2, out_features=3, width=300, hidden_layers=2, first_omega=30.0,
                 hidden_omega=30.0, sigma=30.0, **unused):
        super().__init__()
        self.config = dict(model="wire", in_features=in_features, out_features=out_features, width=width,
                           hidden_layers=hidden_layers, first_omega=first_omega, hidden_omega=hidden_omega,
                           sigma=sigma)
        complex_width = int(width / math.sqrt(2))
        layers = [GaborLayer(in_features, complex_width, first_omega, sigma, True)]
        for _ in range(hidden_layers):
            layers.append(GaborLayer(complex_width, complex_width, hidden_omega, sigma, False))
        layers.append(nn.Linear(complex_width, out_features, dtype=torch.cfloat))
        self.net = nn.Sequential(*layers)

    def forward(self, coords):
        return self.net(coords).real


class ChebyKanLayer(nn.Module):
    def __init__(self, in_features, out_features, degree):
        super().__init__()
        self.in_features = in_features
        self.cheby_coeffs = nn.Parameter(torch.randn(in_features, out_features, degree + 1)
                                         * (1.0 / (in_features * (degree + 1))))
        self.register_buffer("arange", torch.arange(0, degree + 1, 1))

    def forward(self, x):
        t = torch.tanh(x).reshape(-1, self.in_features, 1)
        basis = torch.cos(torch.acos(t) * self.arange)
        return torch.einsum("bik,iok->bo", basis, self.cheby_coeffs)


class ChebyKan(nn.Module):
    def __init__(self, in_features=2, out_features=3, width=64, hidden_layers=3, degree=23, **unused):
        super().__init__()
        self.config = dict(model="chebykan", in_features=in_features, out_features=out_features, width=width,
                           hidden_layers=hidden_layers, degree=degree)
        layers = []
        for i in range(hidden_layers + 1):
            last = i == hidden_layers
            layers.append(ChebyKanLayer(in_features if i == 0 else width, out_features if last else width, degree))
            if not last:
                layers.append(nn.LayerNorm(width))
        self.net = nn.Sequential(*layers)

    def forward(self, coords):
        return self.net(coords)


class FourierFilter(nn.Module):
    def __init__(self, in_features, out_features, scale):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)
        with torch.no_grad():
            self.linear.weight *= scale
            self.linear.bias.uniform_(-math.pi, math.pi)

    def forward(self, x):
        return torch.sin(self.linear(x))


class GaborFilter(nn.Module):
    def __init__(self, in_features, out_features, scale, alpha, beta):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)
        self.mu = nn.Parameter(2 * torch.rand(out_features, in_features) - 1)
        self.gamma = nn.Parameter(torch.distributions.gamma.Gamma(alpha, beta).sample((out_features,)))
        with torch.no_grad():
            self.linear.weight *= scale * torch.sqrt(self.gamma[:, None])
            self.linear.bias.uniform_(-math.pi, math.pi)

    def forward(self, x):
        d = (x ** 2).sum(-1)[..., None] + (self.mu ** 2).sum(-1)[None, :] - 2 * x @ self.mu.T
        return torch.sin(self.linear(x)) * torch.exp(-0.5 * d * self.gamma[None, :])


class MfnFourier(nn.Module):
    def __init__(self, in_features=2, out_features=3, width=256, hidden_layers=3, input_scale=256.0,
                 weight_scale=1.0, alpha=6.0, beta=1.0, gabor=False, **unused):
        super().__init__()
        self.config = dict(model="mfn-gabor" if gabor else "mfn-fourier", in_features=in_features,
                           out_features=out_features, width=width, hidden_layers=hidden_layers,
                           input_scale=input_scale, weight_scale=weight_scale, alpha=alpha, beta=beta)
        self.linear = nn.ModuleList([nn.Linear(width, width) for _ in range(hidden_layers)])
        with torch.no_grad():
            bound = math.sqrt(weight_scale / width)
            for layer in self.linear:
                layer.weight.uniform_(-bound, bound)
        self.output_linear = nn.Linear(width, out_features)
        scale = input_scale / math.sqrt(hidden_layers + 1)
        self.filters = nn.ModuleList([GaborFilter(in_features, width, scale, alpha / (hidden_layers + 1), beta) if gabor
                                      else FourierFilter(in_features, width, scale) for _ in range(hidden_layers + 1)])

    def forward(self, coords):
        z = self.filters[0](coords)
        for i in range(1, len(self.filters)):
            z = self.filters[i](coords) * self.linear[i - 1](z)
        return self.output_linear(z)


class KanLinear(nn.Module):
    ORDER = 3

    def __init__(self, in_features, out_features, grid_size=5, scale_noise=0.1):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        h = 2.0 / grid_size
        knots = torch.arange(-self.ORDER, grid_size + self.ORDER + 1) * h - 1.0
        self.register_buffer("grid", knots.expand(in_features, -1).contiguous())
        count = grid_size + self.ORDER
        self.base_weight = nn.Parameter(torch.empty(out_features, in_features))
        self.spline_weight = nn.Parameter(torch.empty(out_features, in_features, count))
        self.spline_scaler = nn.Parameter(torch.empty(out_features, in_features))
        bound = 1.0 / math.sqrt(in_features)
        with torch.no_grad():
            self.base_weight.uniform_(-bound, bound)
            noise = (torch.rand(grid_size + 1, in_features, out_features) - 0.5) * scale_noise / grid_size
            points = self.grid.T[self.ORDER:-self.ORDER]  # [G + 1, in]
            bases = self.bases(points).transpose(0, 1)  # [in, G + 1, count]
            solution = torch.linalg.lstsq(bases, noise.transpose(0, 1)).solution  # [in, count, out]
            self.spline_weight.copy_(solution.permute(2, 0, 1))
            self.spline_scaler.uniform_(-bound, bound)

    def bases(self, x):
        """Cox-de Boor on the extended grid: [rows, in] -> [rows, in, G + 3]."""
        g = self.grid
        x = x.unsqueeze(-1)
        b = ((x >= g[:, :-1]) & (x < g[:, 1:])).to(x.dtype)
        for k in range(1, self.ORDER + 1):
            b = ((x - g[:, :-(k + 1)]) / (g[:, k:-1] - g[:, :-(k + 1)]) * b[:, :, :-1]
                 + (g[:, k + 1:] - x) / (g[:, k + 1:] - g[:, 1:(-k)]) * b[:, :, 1:])
        return b

    def forward(self, x):
        scaled = self.spline_weight * self.spline_scaler.unsqueeze(-1)
        return (torch.nn.functional.linear(torch.nn.functional.silu(x), self.base_weight)
                + torch.nn.functional.linear(self.bases(x).reshape(x.shape[0], -1),
                                             scaled.reshape(self.out_features, -1)))


class Kan(nn.Module):
    def __init__(self, in_features=2, out_features=3, width=127, hidden_layers=3, grid_size=5, **unused):
        super().__init__()
        self.config = dict(model="kan", in_features=in_features, out_features=out_features, width=width,
                           hidden_layers=hidden_layers, grid_size=grid_size)
        sizes = [in_features] + [width] * hidden_layers + [out_features]
        self.layers = nn.ModuleList([KanLinear(a, b, grid_size) for a, b in zip(sizes, sizes[1:])])

    def forward(self, coords):
        x = coords
        for layer in self.layers:
            x = layer(x)
        return x


def build(model, **kwargs):
    """Any baseline by name (incode takes its harmonizer's image=[1, 3, H, W]; see incode_reference.py)."""
    if model == "incode":
        import incode_reference
        return incode_reference.Incode(**kwargs)
    if model in GRID_MODELS:
        import grid_reference
        return (grid_reference.HashGrid if model == "hashgrid" else grid_reference.Grid)(**kwargs)
    if model == "kan":
        return Kan(**kwargs)
    if model in ("mfn-fourier", "mfn-gabor"):
        return MfnFourier(gabor=model == "mfn-gabor", **kwargs)
    if model == "chebykan":
        return ChebyKan(**kwargs)
    if model == "relu-pe":
        return PeMlp(**kwargs)
    if model == "fourier-features":
        return FourierFeatures(**kwargs)
    if model == "wire":
        return Wire(**kwargs)
    return CoordinateMlp(model, **{k: v for k, v in kwargs.items()
                                   if k not in ("pe_freqs", "mapping", "sigma", "degree", "input_scale", "weight_scale", "alpha", "beta", "grid_size")})


def metadata(model):
    c = model.config
    if c["model"] == "incode":
        import incode_reference
        return incode_reference.metadata(c, model.ground_truth)
    meta = {"format": "sl2a", "model": c["model"], "in_features": str(c["in_features"]),
            "out_features": str(c["out_features"]), "width": str(c["width"]),
            "hidden_layers": str(c["hidden_layers"])}
    if c["model"] in ("siren", "wire", "finer"):
        meta["first_omega"] = str(float(c["first_omega"]))
        meta["hidden_omega"] = str(float(c["hidden_omega"]))
    if c["model"] == "gauss":
        meta["scale"] = str(float(c["scale"]))
    if c["model"] == "wire":
        meta["sigma"] = str(float(c["sigma"]))
    if c["model"] == "finer":
        meta["first_bias_scale"] = str(float(c["first_bias_scale"]))
    if c["model"] == "relu-pe":
        meta["pe_freqs"] = str(int(c["pe_freqs"]))
    if c["model"] == "fourier-features":
        meta["mapping"] = str(int(c["mapping"]))
        meta["scale"] = str(float(c["scale"]))
    if c["model"] == "chebykan":
        meta["degree"] = str(int(c["degree"]))
    if c["model"] in ("mfn-fourier", "mfn-gabor"):
        meta["input_scale"] = str(float(c["input_scale"]))
        meta["weight_scale"] = str(float(c["weight_scale"]))
    if c["model"] == "kan":
        meta["grid_size"] = str(int(c["grid_size"]))
    if c["model"] == "mfn-gabor":
        meta["alpha"] = str(float(c["alpha"]))
        meta["beta"] = str(float(c["beta"]))
    if c["model"] in GRID_MODELS:
        import grid_reference
        grid_reference.metadata(c, meta)
    return meta


def from_metadata(meta, tensors=None):
    if meta["model"] == "incode":
        import incode_reference
        return incode_reference.from_metadata(meta, tensors["ground_truth"])
    kwargs = dict(in_features=int(meta["in_features"]), out_features=int(meta["out_features"]),
                  width=int(meta["width"]), hidden_layers=int(meta["hidden_layers"]))
    for key in ("first_omega", "hidden_omega", "scale", "sigma", "first_bias_scale", "input_scale", "weight_scale",
                "alpha", "beta"):
        if key in meta:
            kwargs[key] = float(meta[key])
    for key in ("pe_freqs", "degree", "grid_size", "mapping"):
        if key in meta:
            kwargs[key] = int(meta[key])
    if meta["model"] in GRID_MODELS:
        import grid_reference
        grid_reference.from_metadata(meta, kwargs)
    return build(meta["model"], **kwargs)


def save_checkpoint(model, path):
    """state_dict + metadata -> safetensors, as the Java side writes a baseline's checkpoint."""
    import safetensors_io
    sd = {k: real_view(v) for k, v in model.state_dict().items()}
    safetensors_io.save(path, sd, metadata(model))


def real_view(tensor):
    """A tensor as safetensors stores it here: a complex one as view_as_real (trailing dimension 2)."""
    tensor = tensor.detach().cpu()
    return (torch.view_as_real(tensor) if tensor.is_complex() else tensor).contiguous()


def load_checkpoint(path):
    """safetensors checkpoint of a baseline -> (module in eval mode, metadata); strict loading."""
    import safetensors_io
    tensors, meta = safetensors_io.load(path, framework="torch")
    model = from_metadata(meta, tensors)
    own = model.state_dict()
    state = {}
    for k, v in tensors.items():
        if k in own and own[k].is_complex():
            state[k] = torch.view_as_complex(v.to(torch.float32).contiguous())
        else:
            state[k] = v.to(own[k].dtype) if k in own else v
    model.load_state_dict(state, strict=True)
    model.eval()
    return model, meta
