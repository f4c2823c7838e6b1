"""Minimal, dependency-free safetensors reader and writer (stdlib + numpy).

File layout (the public safetensors format):

    8 bytes   little-endian unsigned 64-bit N = length of the JSON header
    N bytes   UTF-8 JSON object, padded with spaces (0x20) so that 8 + N is a
              multiple of 8:
                { "<name>": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]},
                  ...,
                  "__metadata__": {"<str>": "<str>", ...} }      (optional)
    rest      raw little-endian tensor data; data_offsets are relative to the
              first byte after the header, tensors are contiguous, row-major.

Supported dtypes: F32, F64, I64 (and I32 for convenience).

API:
    save(path, tensors, metadata=None)   tensors: dict name -> numpy array or torch tensor
    load(path, framework="numpy")        -> (dict name -> array/tensor, metadata dict or {})
"""

import json
import os
import struct
import tempfile

import numpy as np

_DTYPES = {
    "F32": np.dtype("<f4"),
    "F64": np.dtype("<f8"),
    "I64": np.dtype("<i8"),
    "I32": np.dtype("<i4"),
}
_BY_KIND = {(v.kind, v.itemsize): k for k, v in _DTYPES.items()}

# Refuse absurd headers (corrupt files) instead of allocating gigabytes.
_MAX_HEADER = 100 * 1024 * 1024


def _to_numpy(value):
    """Accept numpy arrays, torch tensors, or anything np.asarray understands."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):  # torch.Tensor, no torch import needed
        value = value.detach().cpu().contiguous().numpy()
    arr = np.asarray(value)
    key = (arr.dtype.kind, arr.dtype.itemsize)
    if key not in _BY_KIND:
        raise TypeError("unsupported dtype %s (supported: %s)" % (arr.dtype, ", ".join(_DTYPES)))
    return arr


def save(path, tensors, metadata=None):
    """Write `tensors` (dict str -> array/tensor) and optional str->str metadata.

    The file is written to a temporary file in the same directory and then
    moved into place with os.replace, so readers never see a partial file.
    Tensors are stored in the order of the dict.
    """
    header = {}
    if metadata:
        for k, v in metadata.items():
            if not isinstance(k, str) or not isinstance(v, str):
                raise TypeError("metadata must map str to str; got %r: %r" % (k, v))
        header["__metadata__"] = dict(metadata)

    blobs = []
    offset = 0
    for name, value in tensors.items():
        if not isinstance(name, str) or name == "__metadata__":
            raise ValueError("bad tensor name %r" % (name,))
        arr = _to_numpy(value)
        code = _BY_KIND[(arr.dtype.kind, arr.dtype.itemsize)]
        data = np.ascontiguousarray(arr, dtype=_DTYPES[code]).tobytes(order="C")
        header[name] = {
            "dtype": code,
            "shape": [int(d) for d in arr.shape],
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)

    hbytes = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("utf-8")
    pad = (-(8 + len(hbytes))) % 8
    hbytes += b" " * pad

    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".safetensors", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<Q", len(hbytes)))
            f.write(hbytes)
            for b in blobs:
                f.write(b)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; use normal file permissions
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load(path, framework="numpy"):
    """Read a safetensors file. Returns (tensors, metadata).

    framework="numpy" gives writable numpy arrays (native byte order);
    framework="torch" gives torch tensors (torch imported lazily).
    metadata is {} when the file has no "__metadata__".
    """
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError("%s: file too short" % path)
    (n,) = struct.unpack("<Q", raw[:8])
    if n > _MAX_HEADER or 8 + n > len(raw):
        raise ValueError("%s: bad header length %d" % (path, n))
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    if not isinstance(header, dict):
        raise ValueError("%s: header is not a JSON object" % path)
    metadata = header.pop("__metadata__", None) or {}
    data = memoryview(raw)[8 + n:]

    tensors = {}
    for name, info in header.items():
        code = info["dtype"]
        if code not in _DTYPES:
            raise ValueError("%s: tensor %s has unsupported dtype %s" % (path, name, code))
        dt = _DTYPES[code]
        shape = tuple(int(d) for d in info["shape"])
        begin, end = (int(x) for x in info["data_offsets"])
        count = 1
        for d in shape:
            count *= d
        if not (0 <= begin <= end <= len(data)) or end - begin != count * dt.itemsize:
            raise ValueError("%s: tensor %s has bad data_offsets %s for shape %s %s"
                             % (path, name, info["data_offsets"], list(shape), code))
        arr = np.frombuffer(data[begin:end], dtype=dt).reshape(shape)
        arr = arr.astype(dt.newbyteorder("="), copy=True)  # native order, owns its memory
        tensors[name] = arr

    if framework == "torch":
        import torch
        tensors = {k: torch.from_numpy(v) for k, v in tensors.items()}
    elif framework != "numpy":
        raise ValueError("framework must be 'numpy' or 'torch'")
    return tensors, dict(metadata)


if __name__ == "__main__":
    import sys
    for p in sys.argv[1:]:
        t, m = load(p)
        print(p)
        if m:
            print("  __metadata__:", json.dumps(m, sort_keys=True))
        for k, v in t.items():
            print("  %-40s %-4s %s" % (k, _BY_KIND[(v.dtype.kind, v.dtype.itemsize)], list(v.shape)))
