"""INCODE's image model (xmindflow/INCODE, modules/incode.py and train_image.ipynb), written here
from its formulas with its state_dict names, for the Java goldens and interop tests.

    composer   net.i (i = 0..L): z = W x + b (net.i.linear), y = exp(a) sin(exp(b) w z + c) + d;
               net.(L+1): nn.Linear output. SIREN's initialisation (first weight U(+-1/in), later
               U(+-sqrt(6/in)/w), output U(+-sqrt(6/width)/w), biases nn.Linear's default).
    harmonizer feature_extractor: the first five children of torchvision's resnet34() (conv1 7x7/2
               pad 3 without bias, bn1, relu, maxpool 3x3/2 pad 1, layer1 = `blocks` BasicBlocks of
               conv3x3-bn-relu-conv3x3-bn + identity, relu), stem_channels wide (ResNet: 64),
               initialised as torchvision does (conv weights kaiming_normal_ fan_out/relu, BatchNorm
               weight 1 and bias 0); global average pooling; aux_mlp.layers: Linear(C, h1), SiLU,
               Linear(h1, h2), SiLU, Linear(h2, 4), Dropout(0), weights trunc_normal_(std 0.001),
               biases mlp_bias. BatchNorm always in training mode (INCODE never evaluates in eval
               mode), so the coefficients come from the image's own statistics.
    loss       MSE + sum_j penalty_j relu(-coef_j) (regularisation()).
    image      the harmonizer's input [1, 3, H, W], a buffer "ground_truth" (INCODE keeps it as a
               plain attribute; here it is in the state_dict so a checkpoint renders on its own).
"""

import math

import torch
import torch.nn as nn

PENALTY = (0.1993, 0.0196, 0.0588, 0.0269)


class SineLayer(nn.Module):
    def __init__(self, in_features, out_features, omega, is_first):
        super().__init__()
        self.omega = omega
        self.linear = nn.Linear(in_features, out_features)
        bound = 1.0 / in_features if is_first else math.sqrt(6.0 / in_features) / omega
        with torch.no_grad():
            self.linear.weight.uniform_(-bound, bound)

    def forward(self, x, a, b, c, d):
        return torch.exp(a) * torch.sin(torch.exp(b) * self.omega * self.linear(x) + c) + d


class BasicBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(channels, channels, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)) + x)


class Incode(nn.Module):
    def __init__(self, image, in_features=2, out_features=3, width=256, hidden_layers=3, first_omega=30.0,
                 hidden_omega=30.0, stem_channels=64, blocks=3, mlp_hidden=(64, 32), mlp_bias=0.3120,
                 penalty=PENALTY, **unused):
        super().__init__()
        self.config = dict(model="incode", in_features=in_features, out_features=out_features, width=width,
                           hidden_layers=hidden_layers, first_omega=first_omega, hidden_omega=hidden_omega,
                           stem_channels=stem_channels, blocks=blocks, mlp_hidden=tuple(mlp_hidden),
                           mlp_bias=mlp_bias, penalty=tuple(penalty))
        c = stem_channels
        self.feature_extractor = nn.Sequential(
            nn.Conv2d(3, c, 7, 2, 3, bias=False), nn.BatchNorm2d(c), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1),
            nn.Sequential(*[BasicBlock(c) for _ in range(blocks)]))
        for m in self.feature_extractor.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        h1, h2 = mlp_hidden
        self.aux_mlp = nn.Module()
        self.aux_mlp.layers = nn.Sequential(nn.Linear(c, h1), nn.SiLU(), nn.Linear(h1, h2), nn.SiLU(), nn.Linear(h2, 4),
                                            nn.Dropout(0.0))
        for m in self.aux_mlp.layers:
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.001)
                nn.init.constant_(m.bias, mlp_bias)
        layers = [SineLayer(in_features if i == 0 else width, width, first_omega if i == 0 else hidden_omega, i == 0)
                  for i in range(hidden_layers + 1)]
        last = nn.Linear(width, out_features)
        with torch.no_grad():
            bound = math.sqrt(6.0 / width) / hidden_omega
            last.weight.uniform_(-bound, bound)
        self.net = nn.Sequential(*layers, last)
        self.register_buffer("ground_truth", image.detach().clone().to(torch.float32))
        self.last_coefficients = None

    def train(self, mode=True):
        # The harmonizer's BatchNorm stays in training mode, as in INCODE, whatever the caller asks.
        super().train(mode)
        self.feature_extractor.train(True)
        return self

    def coefficients(self):
        features = self.feature_extractor(self.ground_truth)
        pooled = features.flatten(2).mean(dim=2)
        return self.aux_mlp.layers(pooled)[0]

    def forward(self, coords):
        coef = self.coefficients()
        self.last_coefficients = coef
        a, b, c, d = coef
        x = coords
        for layer in self.net[:-1]:
            x = layer(x, a, b, c, d)
        return self.net[-1](x)

    def regularisation(self):
        """INCODE's penalty on the coefficients of the last forward."""
        p = self.config["penalty"]
        coef = self.last_coefficients
        return sum(p[j] * torch.relu(-coef[j]) for j in range(4))


def metadata(config, image):
    c = config
    return {"format": "sl2a", "model": "incode", "in_features": str(c["in_features"]),
            "out_features": str(c["out_features"]), "width": str(c["width"]), "hidden_layers": str(c["hidden_layers"]),
            "first_omega": str(float(c["first_omega"])), "hidden_omega": str(float(c["hidden_omega"])),
            "stem_channels": str(c["stem_channels"]), "blocks": str(c["blocks"]),
            "mlp_hidden": "%d,%d" % tuple(c["mlp_hidden"]), "mlp_bias": repr(float(c["mlp_bias"])),
            "penalty": ",".join(repr(float(p)) for p in c["penalty"]),
            "image_height": str(image.shape[2]), "image_width": str(image.shape[3])}


def from_metadata(meta, image):
    return Incode(image, in_features=int(meta["in_features"]), out_features=int(meta["out_features"]),
                  width=int(meta["width"]), hidden_layers=int(meta["hidden_layers"]),
                  first_omega=float(meta["first_omega"]), hidden_omega=float(meta["hidden_omega"]),
                  stem_channels=int(meta["stem_channels"]), blocks=int(meta["blocks"]),
                  mlp_hidden=tuple(int(v) for v in meta["mlp_hidden"].split(",")), mlp_bias=float(meta["mlp_bias"]),
                  penalty=tuple(float(v) for v in meta["penalty"].split(",")))
