#!/usr/bin/env python3
"""Makes samples/astronaut.png, the small sample image shipped with sl2a.

Source: scikit-image's skimage.data.astronaut(), the 512x512 RGB NASA portrait of astronaut
Eileen Collins (public domain). It is halved to 256x256 by averaging each 2x2 block and rounding
half up to uint8, which gives the same pixels as cv2.resize(img, None, fx=0.5, fy=0.5,
interpolation=cv2.INTER_AREA) (checked with OpenCV 4.6) without needing OpenCV.

Run from the repository root with a Python that has numpy, scikit-image and Pillow:
    python3 reference/make_sample.py
"""
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data

OUT = Path(__file__).resolve().parent.parent / "samples" / "astronaut.png"


def halve_by_area(img: np.ndarray) -> np.ndarray:
    """Mean of each 2x2 block of an HxWxC uint8 image (H, W even), rounded half up."""
    h, w, c = img.shape
    blocks = img.reshape(h // 2, 2, w // 2, 2, c).astype(np.uint32)
    sums = blocks.sum(axis=(1, 3))
    return ((sums + 2) // 4).astype(np.uint8)


def main() -> None:
    astronaut = data.astronaut()
    assert astronaut.shape == (512, 512, 3) and astronaut.dtype == np.uint8
    small = halve_by_area(astronaut)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(small, mode="RGB").save(OUT, optimize=True)
    print(f"wrote {OUT} ({small.shape[1]}x{small.shape[0]}, {OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
