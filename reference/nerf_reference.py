"""A radiance field and NeRF's volume rendering, written here from their formulas, for the Java
goldens: any position network (here SL2A, sl2a_reference.SL2A on 3-D points) whose parameters keep
their own names at the top level, a linear density head `density` on its features, and a colour
head `color_net` (Linear + ReLU layers of color_width on [view direction, features], then
Linear(color_width, 3)), as io.sl2a.nn.models.NerfFieldConfig builds it.

Rendering (nerf-pytorch, torch-ngp): rows are samples, `samples` consecutive ones a ray;
sigma = trunc_exp(raw density) (exp forward; backward exp(clamp(x, -15, 15)), torch-ngp's),
colour = sigmoid(raw colour), alpha_i = 1 - exp(-sigma_i delta_i), T_i = prod_{j<i} (1 - alpha_j),
w_i = T_i alpha_i, rgb = sum_i w_i c_i + (1 - sum_i w_i) background. Loss: MSE over rays x 3.
"""

import torch
import torch.nn as nn


class TruncExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.exp(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * torch.exp(x.clamp(-15, 15))


class NerfField(nn.Module):
    def __init__(self, position, features, color_width=64, color_layers=2):
        super().__init__()
        # The position network's own modules at the top level, so its state_dict names are its own.
        self.__dict__["_position"] = position
        for name, child in position.named_children():
            self.add_module(name, child)
        self.density = nn.Linear(features, 1)
        layers = []
        width = 3 + features
        for _ in range(color_layers):
            layers.append(nn.Linear(width, color_width))
            width = color_width
        layers.append(nn.Linear(width, 3))
        self.color_net = nn.ModuleList(layers)

    def forward(self, positions, directions):
        """Raw density and raw colour a sample, [rows, 4]."""
        h = self._position(positions)
        density = self.density(h)
        y = torch.cat([directions, h], dim=-1)
        for layer in self.color_net[:-1]:
            y = torch.relu(layer(y))
        return torch.cat([density, self.color_net[-1](y)], dim=-1)


def volume_render(field, t, delta, samples, background):
    """field [rows, 4] (raw), t and delta [rows] -> rgb [rays, 3], opacity and depth [rays]."""
    rays = field.shape[0] // samples
    f = field.reshape(rays, samples, 4)
    sigma = TruncExp.apply(f[..., 0])
    colour = torch.sigmoid(f[..., 1:])
    alpha = 1 - torch.exp(-sigma * delta.reshape(rays, samples))
    transmittance = torch.cumprod(torch.cat([torch.ones(rays, 1), 1 - alpha], dim=1), dim=1)[:, :-1]
    weights = alpha * transmittance
    opacity = weights.sum(dim=1)
    rgb = (weights[..., None] * colour).sum(dim=1) + (1 - opacity)[:, None] * background
    depth = (weights * t.reshape(rays, samples)).sum(dim=1)
    return rgb, opacity, depth
