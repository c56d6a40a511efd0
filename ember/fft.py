"""torch.fft: discrete Fourier transforms on NumPy's pocketfft, with PyTorch's dtypes, layouts and errors."""
import numpy as np

from . import dtypes as _dt
from .ops.common import _check_input, _int_param, write_out
from .tensor import Tensor, _wrap, _wrap_dim

__all__ = ["fft", "ifft", "rfft", "irfft", "fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn", "irfftn",
           "hfft", "ihfft", "fftfreq", "rfftfreq", "fftshift", "ifftshift"]

_NORMS = (None, "backward", "ortho", "forward")
_MKL_EMPTY = "MKL FFT error: Intel oneMKL DFTI ERROR: Inconsistent configuration parameters"


def _promote(input, name, complex_input=False):
    """Input array, its dtype and strides after PyTorch's promotion: integers to the default float."""
    _check_input(input, name)
    dtype = input._dtype
    if dtype in (_dt.float16, _dt.bfloat16):
        raise RuntimeError(f"Unsupported dtype {dtype._legacy}")
    data = input._data
    if dtype._kind < 2:
        dtype = _dt.get_default_dtype()
        data = data.astype(dtype._np)
    if complex_input and dtype._kind == 2:
        dtype = dtype.to_complex()
        data = data.astype(dtype._np)
    return data, dtype, tuple(input.stride())


def _norm(norm):
    if norm not in _NORMS:
        raise RuntimeError(f'Invalid normalization mode: "{norm}"')
    return norm or "backward"


def _check_n(n):
    if n < 1:
        raise RuntimeError(f"Invalid number of data points ({n}) specified")


def _contiguous(shape):
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


def _resize(data, strides, dims, sizes):
    """Slice or zero-pad ``data`` along ``dims`` to ``sizes``; padding makes the input contiguous."""
    index = [slice(None)] * data.ndim
    pad = [(0, 0)] * data.ndim
    for d, n in zip(dims, sizes):
        if n < data.shape[d]:
            index[d] = slice(0, n)
        elif n > data.shape[d]:
            pad[d] = (0, n - data.shape[d])
    data = data[tuple(index)]
    if any(p[1] for p in pad):
        data = np.pad(data, pad)
        strides = _contiguous(data.shape)
    return data, strides


def _sort_dims(strides, dims, exclude_last=False):
    """The transform dims, largest input stride first (the one-sided last dim stays last)."""
    head = list(dims[:-1] if exclude_last else dims)
    head.sort(key=lambda d: -strides[d])
    return head + ([dims[-1]] if exclude_last else [])


def _partition(items, keep):
    """``items`` with those passing ``keep`` first, in the (unstable) order C++'s std::partition leaves them."""
    first, last = 0, len(items)
    while True:
        while first != last and keep(items[first]):
            first += 1
        if first == last:
            return items
        last -= 1
        while first != last and not keep(items[last]):
            last -= 1
        if first == last:
            return items
        items[first], items[last] = items[last], items[first]
        first += 1


def _exec_strides(shape, strides, dims):
    """Strides of an FFT result: batch dims outermost in input-stride order, then the transform dims in order."""
    order = _partition(list(range(len(shape))), lambda d: d not in dims)
    batch = sorted(order[:len(shape) - len(dims)], key=lambda d: -strides[d])
    if any(shape[d] == 0 for d in batch):
        raise RuntimeError(_MKL_EMPTY)
    inner = _contiguous([shape[d] for d in dims])
    out = [0] * len(shape)
    step = inner[0] * max(shape[dims[0]], 1) if dims else 1
    for d in reversed(batch):
        out[d] = step
        step *= shape[d]
    for d, s in zip(dims, inner):
        out[d] = s
    return tuple(out)


def _laid_out(array, strides):
    """``array`` copied into fresh memory with the given element strides."""
    if not array.size:
        return array
    buffer = np.empty(array.size, array.dtype)
    view = np.lib.stride_tricks.as_strided(buffer, array.shape, [s * array.itemsize for s in strides])
    view[...] = array
    return view


def _finish(array, dtype, strides, out, name, want_complex, conjugated=False):
    array = _laid_out(np.asarray(array, dtype._np), strides)
    if out is not None:
        if conjugated and out._dtype._kind == 3 and out._dtype is not dtype:
            # PyTorch's inverse transforms of real input copy a conjugate view, which admits no conversion
            raise RuntimeError(f"Found dtype {out._dtype._legacy} but expected {dtype._legacy}")
        if want_complex and out._dtype._kind != 3:
            raise RuntimeError(f"{name} expects a complex output tensor, but got {out._dtype._legacy}")
        if not want_complex and out._dtype._kind != 2:
            raise RuntimeError(f"{name} expects a floating point output tensor, but got {out._dtype._legacy}")
        return write_out(out, array, dtype)
    return _wrap(array, dtype)


# ---------------------------------------------------------------------------------------------
# one-dimensional transforms


def _one_dim(input, n, dim, norm, name, complex_input=False, real_input=False):
    _check_input(input, f"fft_{name}")
    data, dtype, strides = _promote(input, name, complex_input)
    if real_input and dtype._kind == 3:
        raise RuntimeError(f"{name} expects a real input tensor, but got {dtype._legacy}")
    if n is not None:
        n = _int_param(n, f"fft_{name}", "n", 2)
    dim = _dim(dim, data.ndim)
    return data, dtype, strides, n, dim


def _c2c_1d(input, n, dim, norm, out, name, forward):
    data, dtype, strides, n, dim = _one_dim(input, n, dim, norm, name)
    size = data.shape[dim] if n is None else n
    _check_n(size)
    norm = _norm(norm)
    data, strides = _resize(data, strides, (dim,), (size,))
    if dtype._kind == 2:
        dtype = dtype.to_complex()
    values = (np.fft.fft if forward else np.fft.ifft)(data, axis=dim, norm=norm)
    conjugated = not forward and input._dtype._kind < 3
    return _finish(values, dtype, _exec_strides(data.shape, strides, [dim]), out, name, True, conjugated)


def fft(input, n=None, dim=-1, norm=None, *, out=None):
    """One-dimensional discrete Fourier transform along ``dim``, zero-padded or trimmed to ``n`` points."""
    return _c2c_1d(input, n, dim, norm, out, "fft", True)


def ifft(input, n=None, dim=-1, norm=None, *, out=None):
    """One-dimensional inverse discrete Fourier transform along ``dim``."""
    return _c2c_1d(input, n, dim, norm, out, "ifft", False)


def _r2c_1d(input, n, dim, norm, out, name):
    data, dtype, strides, n, dim = _one_dim(input, n, dim, norm, name, real_input=True)
    size = data.shape[dim] if n is None else n
    _check_n(size)
    norm = _norm(norm)
    data, strides = _resize(data, strides, (dim,), (size,))
    values = (np.fft.rfft if name == "rfft" else np.fft.ihfft)(data, axis=dim, norm=norm)
    layout = _exec_strides(values.shape, strides, [dim])
    return _finish(values, dtype.to_complex(), layout, out, name, True, name == "ihfft")


def rfft(input, n=None, dim=-1, norm=None, *, out=None):
    """The non-negative-frequency half of the Fourier transform of a real signal along ``dim``."""
    return _r2c_1d(input, n, dim, norm, out, "rfft")


def ihfft(input, n=None, dim=-1, norm=None, *, out=None):
    """The inverse of :func:`hfft`: the one-sided inverse Fourier transform of a real signal."""
    return _r2c_1d(input, n, dim, norm, out, "ihfft")


def _c2r_1d(input, n, dim, norm, out, name):
    data, dtype, strides, n, dim = _one_dim(input, n, dim, norm, name, complex_input=True)
    size = 2 * (data.shape[dim] - 1) if n is None else n
    _check_n(size)
    norm = _norm(norm)
    data, strides = _resize(data, strides, (dim,), (size // 2 + 1,))
    values = (np.fft.irfft if name == "irfft" else np.fft.hfft)(data, size, axis=dim, norm=norm)
    return _finish(values, dtype.to_real(), _exec_strides(values.shape, strides, [dim]), out, name, False)


def irfft(input, n=None, dim=-1, norm=None, *, out=None):
    """The inverse of :func:`rfft`: a real signal of ``n`` points (default ``2 * (m - 1)``) from its half spectrum."""
    return _c2r_1d(input, n, dim, norm, out, "irfft")


def hfft(input, n=None, dim=-1, norm=None, *, out=None):
    """The Fourier transform of a Hermitian-symmetric signal given by its first half: a real result."""
    return _c2r_1d(input, n, dim, norm, out, "hfft")


# ---------------------------------------------------------------------------------------------
# n-dimensional transforms


def _dim(dim, ndim):
    if ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return _wrap_dim(dim, ndim)


def _shape_and_dims(data, s, dim):
    """PyTorch's reading of ``s`` and ``dim``: the transform dims and the number of points along each."""
    ndim = data.ndim
    if dim is not None:
        dims = [_dim(d, ndim) for d in ((dim,) if isinstance(dim, int) else dim)]
        if len(set(dims)) != len(dims):
            raise RuntimeError("FFT dims must be unique")
    if s is not None:
        s = [s] if isinstance(s, int) else list(s)
        if dim is not None:
            if len(dims) != len(s):
                raise RuntimeError("When given, dim and shape arguments must have the same length")
        else:
            if len(s) > ndim:
                raise RuntimeError(f"Got shape with {len(s)} values but input tensor only has {ndim} dimensions.")
            dims = list(range(ndim - len(s), ndim))
        sizes = [data.shape[d] if n == -1 else n for d, n in zip(dims, s)]
    else:
        if dim is None:
            dims = list(range(ndim))
        sizes = [data.shape[d] for d in dims]
    for n in sizes:
        _check_n(n)
    return dims, sizes


def _c2c_n(input, s, dim, norm, out, name, forward):
    _check_input(input, name)
    dims, sizes = _shape_and_dims(input._data, s, dim)
    data, dtype, strides = _promote(input, name, complex_input=True)
    norm = _norm(norm)
    data, strides = _resize(data, strides, dims, sizes)
    if not dims:  # nothing to transform: PyTorch returns a copy in the input's memory format
        from .ops.shape import clone
        copy = clone(input if input._dtype is dtype else input.to(dtype))
        return copy if out is None else _finish(copy._data, dtype, _contiguous(copy.shape), out, "fftn", True)
    values = (np.fft.fftn if forward else np.fft.ifftn)(data, axes=dims, norm=norm)
    return _finish(values, dtype, _exec_strides(data.shape, strides, _sort_dims(strides, dims)), out, "fftn", True)


def fftn(input, s=None, dim=None, norm=None, *, out=None):
    """N-dimensional discrete Fourier transform over ``dim`` (all dims by default), sized by ``s``."""
    return _c2c_n(input, s, dim, norm, out, "fftn", True)


def ifftn(input, s=None, dim=None, norm=None, *, out=None):
    """N-dimensional inverse discrete Fourier transform."""
    return _c2c_n(input, s, dim, norm, out, "ifftn", False)


def fft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    """Two-dimensional discrete Fourier transform (over the last two dims by default)."""
    return _c2c_n(input, s, dim, norm, out, "fftn", True)


def ifft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    """Two-dimensional inverse discrete Fourier transform."""
    return _c2c_n(input, s, dim, norm, out, "ifftn", False)


def rfftn(input, s=None, dim=None, norm=None, *, out=None):
    """N-dimensional Fourier transform of a real signal, one-sided along the last transformed dim."""
    _check_input(input, "rfftn")
    if input._dtype._kind == 3:
        raise RuntimeError(f"rfftn expects a real-valued input tensor, but got {input._dtype._legacy}")
    dims, sizes = _shape_and_dims(input._data, s, dim)
    if not dims:
        raise RuntimeError("rfftn must transform at least one axis")
    data, dtype, strides = _promote(input, "rfftn")
    norm = _norm(norm)
    data, strides = _resize(data, strides, dims, sizes)
    values = np.fft.rfftn(data, axes=dims, norm=norm)
    layout = _exec_strides(values.shape, strides, _sort_dims(strides, dims, exclude_last=True))
    return _finish(values, dtype.to_complex(), layout, out, "rfftn", True)


def irfftn(input, s=None, dim=None, norm=None, *, out=None):
    """The inverse of :func:`rfftn`: a real signal, ``s[-1]`` (default ``2 * (m - 1)``) points along the last dim."""
    _check_input(input, "irfftn")
    dims, sizes = _shape_and_dims(input._data, s, dim)
    if not dims:
        raise RuntimeError("irfftn must transform at least one axis")
    last = 2 * (input._data.shape[dims[-1]] - 1) if s is None or np.ravel(s)[-1] == -1 else sizes[-1]
    _check_n(last)
    data, dtype, strides = _promote(input, "irfftn", complex_input=True)
    sizes[-1] = last // 2 + 1
    norm = _norm(norm)
    data, strides = _resize(data, strides, dims, sizes)
    sizes[-1] = last
    values = np.fft.irfftn(data, s=sizes, axes=dims, norm=norm)
    if len(dims) > 1:  # a c2c transform over the leading dims first, then a c2r one over the last
        strides = _exec_strides(data.shape, strides, _sort_dims(strides, dims[:-1]))
    layout = _exec_strides(values.shape, strides, [dims[-1]])
    return _finish(values, dtype.to_real(), layout, out, "irfftn", False)


def rfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    """Two-dimensional Fourier transform of a real signal, one-sided along the last dim."""
    return rfftn(input, s, dim, norm, out=out)


def irfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    """The inverse of :func:`rfft2`."""
    return irfftn(input, s, dim, norm, out=out)


# ---------------------------------------------------------------------------------------------
# frequencies and shifts


def _freq(name, count, n, d, dtype, device, requires_grad, out):
    n = _int_param(n, f"fft_{name}", "n", 1)
    size = count(n)
    if size < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {size}: [{size}]")
    if dtype is None:
        dtype = out._dtype if out is not None else _dt.get_default_dtype()
    if dtype._kind < 2:
        raise RuntimeError(f"{name} requires a floating point or complex dtype")
    if dtype._kind == 3:
        raise NotImplementedError(f"\"arange_cpu\" not implemented for '{dtype._legacy}'")
    steps = np.arange(size, dtype=np.float64)
    if name == "fftfreq":
        steps[(n + 1) // 2:] -= n
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = 1.0 / (n * d) if n * d else np.copysign(np.inf, n * d) if n else np.inf
    work = np.float64 if dtype is _dt.float64 else np.float32  # PyTorch multiplies in the op-math type
    with np.errstate(invalid="ignore", over="ignore"):
        values = (steps.astype(dtype._np).astype(work) * work(scale)).astype(dtype._np)
    if out is not None:
        return write_out(out, values, dtype)
    result = _wrap(values, dtype)
    if requires_grad:
        result.requires_grad_(True)
    return result


def fftfreq(n, d=1.0, *, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """The sample frequencies of an ``n``-point FFT with sample spacing ``d``: positive, then negative."""
    return _freq("fftfreq", lambda n: n, n, d, dtype, device, requires_grad, out)


def rfftfreq(n, d=1.0, *, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """The non-negative sample frequencies of an ``n``-point :func:`rfft`."""
    return _freq("rfftfreq", lambda n: int(n / 2) + 1, n, d, dtype, device, requires_grad, out)


def _shift(input, dim, inverse):
    _check_input(input, "fftshift")
    data = input._data
    if dim is None:
        dims = tuple(range(data.ndim))
    elif isinstance(dim, int):
        dims = (_dim(dim, data.ndim),)
    else:
        dims = tuple(_dim(d, data.ndim) for d in dim)
    if not dims:
        raise RuntimeError("`shifts` required")
    if not data.size:  # PyTorch's roll returns a copy in the input's memory format
        from .ops.shape import clone
        return clone(input)
    shifts = [(data.shape[d] + inverse) // 2 for d in dims]
    return _wrap(np.ascontiguousarray(np.roll(data, shifts, dims)), input._dtype)


def fftshift(input, dim=None):
    """Move the zero-frequency term to the centre of ``dim`` (all dims by default)."""
    return _shift(input, dim, 0)


def ifftshift(input, dim=None):
    """The inverse of :func:`fftshift`."""
    return _shift(input, dim, 1)
