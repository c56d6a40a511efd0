"""torch.fft: discrete Fourier transforms on NumPy's pocketfft, with PyTorch's dtypes, layouts and errors."""
import numpy as np

from . import dtypes as _dt
from .autograd.graph import Node, no_out, record, wants_grad
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
# gradients: each transform's adjoint is the opposite transform with the opposite normalization, around the
# zero-padding or trimming to ``n`` points undone


_SWAPPED = {"backward": "forward", "forward": "backward", "ortho": "ortho"}
_NODE_NAMES = {"c2c": "FftC2CBackward0", "ic2c": "FftC2CBackward0", "r2c": "FftR2CBackward0",
               "ihfft": "ConjBackward0", "c2r": "FftC2RBackward0", "hfft": "FftC2RBackward0"}


def _no_out(input, out, kind):
    """PyTorch's refusal of ``out=`` while recording, naming the kernel it runs for ``kind``."""
    if out is not None and wants_grad(input):
        real = input._dtype._kind < 3
        no_out("_fft_r2c" if kind in ("r2c", "ihfft") or real and kind in ("c2c", "ic2c") else
               "_fft_c2r" if kind in ("c2r", "hfft") else "_fft_c2c", out)


def _recorded(r, input, kind, dims, sizes, norm):
    """``r``, recorded as the transform ``kind`` of ``input`` when ``input`` requires grad."""
    if input._requires_grad and wants_grad(input):
        name = _NODE_NAMES[kind]
        if input._dtype._kind < 3 and kind in ("c2c", "ic2c"):  # PyTorch runs these as (conjugated) r2c
            name = "FftR2CBackward0" if kind == "c2c" else "ConjBackward0"
        node = _NODE_CLASSES[name](kind, dims, sizes, [input._data.shape[d] for d in dims], norm)
        record(node, r, (input,))
    return r


class _FftBackward(Node):
    def __init__(self, kind, dims, sizes, input_sizes, norm):
        super().__init__()
        self.kind, self.dims, self.sizes, self.input_sizes, self.norm = kind, dims, sizes, input_sizes, norm

    def backward(self, grad):
        kind, dims, sizes, norm = self.kind, self.dims, self.sizes, _SWAPPED[self.norm]
        if kind == "c2c":
            g = ifftn(grad, dim=dims, norm=norm)
        elif kind == "ic2c":
            g = fftn(grad, dim=dims, norm=norm)
        elif kind in ("r2c", "ihfft"):  # ihfft(x) is conj(rfft(x)) with the opposite normalization
            if kind == "ihfft":
                grad, norm = grad.conj(), self.norm
            g = ifftn(_resized(grad, dims[-1:], sizes[-1:]), dim=dims, norm=norm)
        else:  # c2r; hfft(x) is irfft(conj(x)) with the opposite normalization
            if kind == "hfft":
                norm = self.norm
            g = rfftn(grad, dim=dims, norm=norm)
            g = g * _twice_inner_bins(g, dims[-1], sizes[-1])
            if kind == "hfft":
                g = g.conj()
        if self._input_meta[0][1]._kind < 3 and g._dtype._kind == 3:  # a real input's gradient: a real tensor
            g = g.real.contiguous()
        return _resized(g, dims, self.input_sizes),


_NODE_CLASSES = {name: type(name, (_FftBackward,), {"__slots__": ()})
                 for name in ("FftC2CBackward0", "FftR2CBackward0", "FftC2RBackward0", "ConjBackward0")}


def _resized(g, dims, sizes):
    """``g`` trimmed or zero-padded to ``sizes`` along ``dims`` (the adjoint of the forward's own resizing)."""
    from .ops.joining import cat
    from .creation import zeros
    for d, n in zip(dims, sizes):
        have = g.shape[d]
        if have > n:
            g = g.narrow(d, 0, n)
        elif have < n:
            shape = list(g.shape)
            shape[d] = n - have
            g = cat([g, zeros(shape, dtype=g.dtype)], d)
    return g


def _twice_inner_bins(g, dim, n):
    """Weights doubling the bins of a half spectrum that stand for two bins of the full one."""
    from .tensor import _wrap
    weights = np.ones(g.shape[dim], g._data.real.dtype)
    weights[1:n - n // 2] = 2
    shape = [1] * g.ndim
    shape[dim] = g.shape[dim]
    return _wrap(weights.reshape(shape), g._dtype.to_real())


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
    _no_out(input, out, "c2c" if forward else "ic2c")
    r = _finish(values, dtype, _exec_strides(data.shape, strides, [dim]), out, name, True, conjugated)
    return _recorded(r, input, "c2c" if forward else "ic2c", [dim], [size], norm)


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
    _no_out(input, out, "r2c" if name == "rfft" else "ihfft")
    r = _finish(values, dtype.to_complex(), layout, out, name, True, name == "ihfft")
    return _recorded(r, input, "r2c" if name == "rfft" else "ihfft", [dim], [size], norm)


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
    _no_out(input, out, "c2r" if name == "irfft" else "hfft")
    r = _finish(values, dtype.to_real(), _exec_strides(values.shape, strides, [dim]), out, name, False)
    return _recorded(r, input, "c2r" if name == "irfft" else "hfft", [dim], [size], norm)


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
    _no_out(input, out, "c2c" if forward else "ic2c")
    r = _finish(values, dtype, _exec_strides(data.shape, strides, _sort_dims(strides, dims)), out, "fftn", True)
    return _recorded(r, input, "c2c" if forward else "ic2c", dims, sizes, norm)


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
    _no_out(input, out, "r2c")
    return _recorded(_finish(values, dtype.to_complex(), layout, out, "rfftn", True), input, "r2c", dims, sizes, norm)


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
    _no_out(input, out, "c2r")
    return _recorded(_finish(values, dtype.to_real(), layout, out, "irfftn", False), input, "c2r", dims, sizes, norm)


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
