#!/usr/bin/python3
"""Makes the CT samples: samples/ct_chest.png and samples/phantom.png (16-bit grey PNGs, 128x128).

Sources, unpacked from Debian's packages without installing them:
    apt-get download python3-pydicom python3-skimage
    dpkg -x python3-pydicom_*.deb /tmp/pydicom && dpkg -x python3-skimage_*.deb /tmp/skimage
    PYTHONPATH=/tmp/pydicom/usr/lib/python3/dist-packages /usr/bin/python3 reference/make_ct_samples.py \
        /tmp/pydicom/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm \
        /tmp/skimage/usr/lib/python3/dist-packages/skimage/data/phantom.png

ct_chest.png: pydicom's CT_small.dcm (a 128x128 chest CT slice, 16-bit signed stored values),
shifted so that its smallest value is 0 and written as 16-bit grey; sl2a ct scales every slice to
[0, 1] by its minimum and maximum, so the shift changes nothing it measures.
phantom.png: scikit-image's Shepp-Logan phantom (400x400, 8-bit), shrunk to 128x128 by area
averaging (Pillow's BOX filter, in floating point) and written as 16-bit grey.
"""
import sys
from pathlib import Path

import numpy as np
import pydicom
from PIL import Image

OUT = Path(__file__).resolve().parent.parent / "samples"


def save16(values, path):
    values = np.asarray(values, dtype=np.float64)
    scaled = np.round(values).astype(np.uint16)
    Image.fromarray(scaled, mode="I;16").save(path, optimize=True)
    print("wrote %s (%dx%d, %d bytes)" % (path, scaled.shape[1], scaled.shape[0], path.stat().st_size))


def main():
    slice_ = pydicom.dcmread(sys.argv[1]).pixel_array.astype(np.int64)
    save16(slice_ - slice_.min(), OUT / "ct_chest.png")
    phantom = np.asarray(Image.open(sys.argv[2]).convert("L"), dtype=np.float32) / 255.0
    small = np.asarray(Image.fromarray(phantom, mode="F").resize((128, 128), Image.BOX), dtype=np.float64)
    save16(np.clip(small, 0, 1) * 65535, OUT / "phantom.png")


if __name__ == "__main__":
    main()
