#!/usr/bin/python3
"""Makes the photographs `compare` averages over: samples/{coffee,chelsea,camera,rocket}.png.

Source: scikit-image's bundled data as Debian's python3-skimage ships it (0.19.3), unpacked without
installing it:
    apt-get download python3-skimage && dpkg -x python3-skimage_*.deb /tmp/skimage
    /usr/bin/python3 reference/make_compare_samples.py /tmp/skimage/usr/lib/python3/dist-packages/skimage/data

Each image is cropped to even sides and halved by averaging each 2x2 block, rounding half up (the
pixels of OpenCV's INTER_AREA at a factor of 2), as reference/make_sample.py does for the astronaut.
"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image

OUT = Path(__file__).resolve().parent.parent / "samples"
FILES = {"coffee": "coffee.png", "chelsea": "chelsea.png", "camera": "camera.png", "rocket": "rocket.jpg"}


def halve_by_area(img):
    h, w, c = img.shape
    img = img[: h - h % 2, : w - w % 2]
    h, w, c = img.shape
    sums = img.reshape(h // 2, 2, w // 2, 2, c).astype(np.uint32).sum(axis=(1, 3))
    return ((sums + 2) // 4).astype(np.uint8)


def main():
    data = Path(sys.argv[1])
    for name, file in FILES.items():
        img = np.asarray(Image.open(data / file))
        grey = img.ndim == 2
        small = halve_by_area(img[:, :, None] if grey else img[:, :, :3])
        out = OUT / (name + ".png")
        Image.fromarray(small[:, :, 0] if grey else small, mode="L" if grey else "RGB").save(out, optimize=True)
        print("wrote %s (%dx%d, %d bytes)" % (out, small.shape[1], small.shape[0], out.stat().st_size))


if __name__ == "__main__":
    main()
