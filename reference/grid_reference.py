"""PyTorch references of the grid models, written from the formulas (tiny-cuda-nn needs CUDA).

    hashgrid  instant-ngp's multiresolution hash encoding (Mueller et al. 2022): L levels of F features
              per vertex; level l has floor(N_min b^l) cells per axis, b = exp((ln N_max - ln N_min) / (L-1));
              a level whose (res+1)^d vertices fit in 2^T entries is dense (index sum v_i (res+1)^i),
              a finer one hashed: XOR of v_i * pi_i (pi = 1, 2654435761, 805459861) mod 2^T, in uint32.
              The levels' tables follow each other in one parameter encoding.params [entries, F], entries
              drawn U(-1e-4, 1e-4); each level d-linearly interpolated, the levels concatenated into
              relu_sequential (net.0, net.2, ...).
    grid      one dense grid of grid_resolution cells per axis and grid_channels values per vertex
              (encoding.params [(res+1)^d, C]), d-linearly interpolated, then nn.Sequential(Linear) or,
              with hidden_layers N > 0, N ReLU layers of width before it; regularisation(): tv times
              the mean over the grid's edges and channels of |g(v + e_i) - g(v)|.

Coordinates in [-1, 1] map to u = clamp((x + 1) / 2, 0, 1); on a level of res cells the point is at
u * res, its cell floor of that (at most res - 1), its fraction the rest. Corner c takes the upper
vertex on axis i where bit i of c is set, with weight the product of fraction or 1 - fraction.
"""

import math

import torch
import torch.nn as nn

import baselines_reference

PRIMES = (1, 2654435761, 805459861)


def resolutions(levels, base_resolution, finest_resolution):
    growth = 0.0 if levels == 1 else (math.log(finest_resolution) - math.log(base_resolution)) / (levels - 1)
    return [max(1, int(math.floor(base_resolution * math.exp(l * growth) + 1e-6))) for l in range(levels)]


def dense_entries(resolution, dims, level_size):
    vertices = (resolution + 1) ** dims
    return vertices if vertices <= level_size else 0


class GridEncoding(nn.Module):
    def __init__(self, dims, level_resolutions, features, level_size):
        super().__init__()
        self.dims = dims
        self.level_resolutions = list(level_resolutions)
        self.level_size = level_size
        self.offsets = []
        entries = 0
        for res in self.level_resolutions:
            self.offsets.append(entries)
            entries += dense_entries(res, dims, level_size) or level_size
        self.params = nn.Parameter(torch.empty(entries, features).uniform_(-1e-4, 1e-4))

    def forward(self, coords):
        unit = ((coords + 1.0) * 0.5).clamp(0.0, 1.0)
        outs = []
        for res, offset in zip(self.level_resolutions, self.offsets):
            position = unit * float(res)
            cell = torch.clamp(torch.floor(position), max=res - 1)
            fraction = position - cell
            cell = cell.long()
            dense = dense_entries(res, self.dims, self.level_size) > 0
            acc = None
            for corner in range(1 << self.dims):
                weight = torch.ones(coords.shape[0])
                index = torch.zeros(coords.shape[0], dtype=torch.long)
                for i in range(self.dims):
                    upper = (corner >> i) & 1
                    weight = weight * (fraction[:, i] if upper else 1.0 - fraction[:, i])
                    vertex = cell[:, i] + upper
                    if dense:
                        index = index + vertex * (res + 1) ** i
                    else:
                        index = index ^ ((vertex * PRIMES[i]) & 0xFFFFFFFF)
                if not dense:
                    index = index % self.level_size
                term = weight[:, None] * self.params[offset + index]
                acc = term if acc is None else acc + term
            outs.append(acc)
        return torch.cat(outs, dim=1)


class HashGrid(nn.Module):
    def __init__(self, in_features=2, out_features=3, width=64, hidden_layers=1, levels=16, level_features=2,
                 log2_table_size=19, base_resolution=16, finest_resolution=512, **unused):
        super().__init__()
        self.config = dict(model="hashgrid", in_features=in_features, out_features=out_features, width=width,
                           hidden_layers=hidden_layers, levels=levels, level_features=level_features,
                           log2_table_size=log2_table_size, base_resolution=base_resolution,
                           finest_resolution=finest_resolution)
        self.encoding = GridEncoding(in_features, resolutions(levels, base_resolution, finest_resolution),
                                     level_features, 1 << log2_table_size)
        self.net = baselines_reference.relu_sequential(levels * level_features, width, hidden_layers, out_features)

    def forward(self, coords):
        return self.net(self.encoding(coords))


class Grid(nn.Module):
    def __init__(self, in_features=2, out_features=3, width=64, hidden_layers=0, grid_resolution=256,
                 grid_channels=8, tv=0.0, **unused):
        super().__init__()
        self.config = dict(model="grid", in_features=in_features, out_features=out_features, width=width,
                           hidden_layers=hidden_layers, grid_resolution=grid_resolution,
                           grid_channels=grid_channels, tv=tv)
        vertices = (grid_resolution + 1) ** in_features
        self.encoding = GridEncoding(in_features, [grid_resolution], grid_channels, vertices)
        if hidden_layers == 0:
            self.net = nn.Sequential(nn.Linear(grid_channels, out_features))
        else:
            self.net = baselines_reference.relu_sequential(grid_channels, width, hidden_layers - 1, out_features)

    def forward(self, coords):
        return self.net(self.encoding(coords))

    def regularisation(self):
        """tv times the mean over edges and channels of |g(v + e_i) - g(v)| (axis i has stride (res+1)^i)."""
        tv = self.config["tv"]
        if tv == 0:
            return torch.zeros(())
        dims = self.config["in_features"]
        side = self.config["grid_resolution"] + 1
        # Row-major with axis 0 fastest: the tensor's last dimension before the channels is axis 0.
        grid = self.encoding.params.reshape(*([side] * dims), -1)
        differences = [torch.diff(grid, dim=dims - 1 - i).abs().flatten() for i in range(dims)]
        return tv * torch.cat(differences).mean()


def metadata(config, meta):
    """Adds the grid models' options to a baseline's metadata (the Java option keys)."""
    keys = {"hashgrid": ("levels", "level_features", "log2_table_size", "base_resolution", "finest_resolution"),
            "grid": ("grid_resolution", "grid_channels")}[config["model"]]
    for key in keys:
        meta[key] = str(int(config[key]))
    if config["model"] == "grid":
        meta["tv"] = str(float(config["tv"]))
    return meta


def from_metadata(meta, kwargs):
    for key in ("levels", "level_features", "log2_table_size", "base_resolution", "finest_resolution",
                "grid_resolution", "grid_channels"):
        if key in meta:
            kwargs[key] = int(meta[key])
    if "tv" in meta:
        kwargs["tv"] = float(meta["tv"])
    return kwargs
