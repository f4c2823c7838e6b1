#!/usr/bin/env python3
"""Makes the SSIM/PSNR test fixture in tasks/src/test/resources/ssim/.

Writes pairs of small deterministic 8-bit PNG images and expected.json with, for each pair, the
SSIM and PSNR of the images as floats in [0, 1] (uint8 / 255), which is what the Java ImageReader gives.

- "colour" (40x32 RGB) and "grey" (24x24): SSIM from scikit-image,
  structural_similarity(a, b, channel_axis=-1, gaussian_weights=True, sigma=1.5,
  use_sample_covariance=False, data_range=1.0), which equals pytorch_msssim.ssim(X, Y, data_range=1,
  win_size=11, win_sigma=1.5) on images of at least 11x11 (skimage pads, filters, then crops 5 pixels
  per side: the valid region). The script checks that with a port of pytorch_msssim's algorithm below.
- "narrow" (30x8 grey): shorter than the 11-pixel window, which skimage refuses; pytorch_msssim does not
  filter along such an axis. SSIM from the port below.

Run from anywhere with a Python that has numpy, scikit-image, Pillow and torch:
    python3 reference/make_ssim_fixture.py
"""
import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

OUT = Path(__file__).resolve().parent.parent / "tasks" / "src" / "test" / "resources" / "ssim"


def make_pair(width, height, channels, seed):
    """A smooth pattern with texture, and a dimmer, noisy copy of it; both uint8 HxWxC."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    planes = []
    for c in range(channels):
        phase = rng.uniform(0, 2 * np.pi)
        planes.append(0.5 + 0.3 * np.sin(x / (3 + c) + phase) * np.cos(y / 5) + 0.1 * rng.standard_normal((height, width)))
    a = np.clip(np.stack(planes, axis=-1), 0, 1)
    b = np.clip(0.9 * a + 0.05 + 0.04 * rng.standard_normal(a.shape), 0, 1)
    return to_uint8(a), to_uint8(b)


def to_uint8(img):
    return np.round(img * 255).astype(np.uint8)


def gaussian_window(size=11, sigma=1.5):
    """pytorch_msssim's _fspecial_gauss_1d, in float64."""
    coords = torch.arange(size, dtype=torch.float64) - size // 2
    g = torch.exp(-(coords ** 2) / (2 * sigma ** 2))
    return (g / g.sum()).reshape(1, 1, 1, size)


def gaussian_filter(x, win):
    """pytorch_msssim's gaussian_filter: a valid convolution along each axis at least as long as the window."""
    channels = x.shape[1]
    win = win.repeat(channels, 1, 1, 1)
    for i, s in enumerate(x.shape[2:]):
        if s >= win.shape[-1]:
            x = F.conv2d(x, weight=win.transpose(2 + i, -1), groups=channels)
    return x


def pytorch_msssim_ssim(a, b):
    """pytorch_msssim.ssim(X, Y, data_range=1, size_average=True) for HxWxC float images."""
    x = torch.from_numpy(a).permute(2, 0, 1).unsqueeze(0)
    y = torch.from_numpy(b).permute(2, 0, 1).unsqueeze(0)
    win = gaussian_window()
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    mu1, mu2 = gaussian_filter(x, win), gaussian_filter(y, win)
    sigma1_sq = gaussian_filter(x * x, win) - mu1 ** 2
    sigma2_sq = gaussian_filter(y * y, win) - mu2 ** 2
    sigma12 = gaussian_filter(x * y, win) - mu1 * mu2
    cs_map = (2 * sigma12 + c2) / (sigma1_sq + sigma2_sq + c2)
    ssim_map = ((2 * mu1 * mu2 + c1) / (mu1 ** 2 + mu2 ** 2 + c1)) * cs_map
    return float(ssim_map.flatten(2).mean(-1).mean())


def skimage_ssim(a, b):
    return float(structural_similarity(a, b, channel_axis=-1, gaussian_weights=True, sigma=1.5,
                                       use_sample_covariance=False, data_range=1.0))


def save_png(img, path):
    Image.fromarray(img[:, :, 0] if img.shape[2] == 1 else img).save(path)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    cases = []
    for name, width, height, channels, seed, reference in [
        ("colour", 40, 32, 3, 1, "skimage"),
        ("grey", 24, 24, 1, 2, "skimage"),
        ("narrow", 30, 8, 1, 3, "pytorch_msssim port"),
    ]:
        a8, b8 = make_pair(width, height, channels, seed)
        a, b = a8 / 255.0, b8 / 255.0
        port = pytorch_msssim_ssim(a, b)
        if reference == "skimage":
            ssim = skimage_ssim(a, b)
            assert abs(ssim - port) < 1e-9, (name, ssim, port)
        else:
            ssim = port
        save_png(a8, OUT / f"{name}_a.png")
        save_png(b8, OUT / f"{name}_b.png")
        cases.append({"name": name, "a": f"{name}_a.png", "b": f"{name}_b.png", "width": width,
                      "height": height, "channels": channels, "ssim": ssim, "ssimSource": reference,
                      "psnr": float(peak_signal_noise_ratio(a, b, data_range=1.0))})
    (OUT / "expected.json").write_text(json.dumps({"cases": cases}, indent=2) + "\n")
    for case in cases:
        print(f"{case['name']}: ssim {case['ssim']:.9f} psnr {case['psnr']:.6f}")


if __name__ == "__main__":
    main()
