"""Tensor repr/str, byte-identical to PyTorch 2.13's, and the print options that steer it."""
import contextlib
import math

import numpy as np

from . import dtypes as _dt

_PROFILES = {
    "default": {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80},
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80},
}
_opts = dict(_PROFILES["default"], sci_mode=None)


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None,
                     sci_mode=None):
    """Set the options used when printing tensors.

    Args:
        precision: digits after the decimal point for floating values (default 4).
        threshold: element count above which a tensor is summarised with ``...`` (default 1000).
        edgeitems: items kept at each end of a summarised dimension (default 3).
        linewidth: characters per line before wrapping (default 80).
        profile: ``'default'``, ``'short'`` or ``'full'``, applied before the other arguments.
        sci_mode: True or False forces scientific notation on or off; None chooses automatically.
    """
    if profile in _PROFILES:  # like torch, an unknown profile name is silently ignored
        _opts.update(_PROFILES[profile])
    for key, value in (("precision", precision), ("threshold", threshold), ("edgeitems", edgeitems),
                       ("linewidth", linewidth)):
        if value is not None:
            _opts[key] = value
    _opts["sci_mode"] = sci_mode  # torch resets it on every call, even when not passed


def get_printoptions():
    """The current print options, as keyword arguments for ``set_printoptions``."""
    return dict(_opts)


@contextlib.contextmanager
def printoptions(**kwargs):
    """Temporarily set print options (same arguments as ``set_printoptions``)."""
    saved = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**saved)


class _Formatter:
    """One notation and one width shared by every element of a real array, chosen as torch does."""

    def __init__(self, values, floating):
        # values: a flat list of the elements shown (Python floats for floating types, so every decision
        # is made in double). Plain Python beats NumPy here: the list is small unless summarising is off.
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.width = 1
        if not values:
            return
        if not floating:
            # the longest decimal string belongs to the smallest or the largest value (False > True)
            self.width = max(len(str(min(values))), len(str(max(values))))
            return
        finite = [v for v in values if v and math.isfinite(v)]
        if not finite:  # only zeros and non-finite values: torch keeps the defaults
            return
        lo, hi = min(map(abs, finite)), max(map(abs, finite))
        self.int_mode = all(v.is_integer() for v in finite)
        sci = _opts["sci_mode"]
        self.sci_mode = (hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4) if sci is None else sci
        # Rounded string length only grows with magnitude (for 'e', with the exponent's magnitude), so
        # the extremes of each sign are the only candidates for the widest string.
        pos, neg = [v for v in finite if v > 0], [v for v in finite if v < 0]
        candidates = [f(side) for side in (pos, neg) if side for f in (min, max)]
        prec = _opts["precision"]
        if self.sci_mode:
            self.width = max(len(f"{v:.{prec}e}") for v in candidates)
        elif self.int_mode:  # one more for the '.' that marks a float
            self.width = max(len(f"{v:.0f}") + 1 for v in candidates)
        else:
            self.width = max(len(f"{v:.{prec}f}") for v in candidates)
        self.width = max(1, self.width)

    def format_all(self, values):
        """Strings for a flat list of Python scalars, each padded to the shared width."""
        w, prec = self.width, _opts["precision"]
        if not self.floating:
            return [str(v).rjust(w) for v in values]
        if self.sci_mode:
            return [f"{v:{w}.{prec}e}" for v in values]
        if self.int_mode:
            # nan and inf get no '.', finite integers do
            return [(s + "." if s[-1].isdigit() else s).rjust(w) for s in (f"{v:.0f}" for v in values)]
        return [f"{v:{w}.{prec}f}" for v in values]


def _summarized(a, edge):
    """The elements torch keeps when summarising: ``edge`` items at each end of every long dimension."""
    for axis, n in enumerate(a.shape):
        if n > 2 * edge:
            a = np.take(a, np.r_[0:edge, n - edge:n], axis=axis)
    return a


def _nest(strs, shown_shape, full_shape, indent, summarize, item_width):
    """Join flat element strings into torch's nested brackets with line wrapping."""
    ndim = len(shown_shape)
    layout = (strs, shown_shape, full_shape, indent, summarize, _opts["edgeitems"],
              [math.prod(shown_shape[i + 1:]) for i in range(ndim)],
              max(1, (_opts["linewidth"] - indent - ndim + 1) // item_width))  # items per innermost line
    return _nest_level(layout, 0, 0)


def _nest_level(layout, level, offset):
    """The bracketed text of one sub-tensor at ``level``, whose first element is ``strs[offset]``."""
    strs, shown_shape, full_shape, indent, summarize, edge, strides, per_line = layout
    ndim = len(shown_shape)
    n, cut = shown_shape[level], summarize and full_shape[level] > 2 * edge
    if level == ndim - 1:
        items = strs[offset:offset + n]
        if cut:
            items = items[:edge] + [" ..."] + items[edge:]
        lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
        return "[" + (",\n" + " " * (indent + level + 1)).join(lines) + "]"
    parts = [_nest_level(layout, level + 1, offset + i * strides[level]) for i in range(n)]
    if cut:
        parts = parts[:edge] + ["..."] + parts[edge:]
    return "[" + ("," + "\n" * (ndim - level - 1) + " " * (indent + level + 1)).join(parts) + "]"


def _tensor_str(t, indent):
    """The bracketed body of a non-empty tensor."""
    a = t._data
    summarize = a.size > _opts["threshold"]
    if summarize and _opts["edgeitems"] == 0 and a.ndim:
        return "[...]"  # every dimension is cut to nothing
    shown = _summarized(a, _opts["edgeitems"]) if summarize else a
    dtype = t.dtype
    if dtype.is_complex:
        flat = shown.reshape(-1)
        re, im = flat.real.astype(np.float64).tolist(), flat.imag.astype(np.float64).tolist()
        fr, fi = _Formatter(re, True), _Formatter(im, True)
        imags = (s.lstrip() + "j" for s in fi.format_all(im))
        # a sign already separates the parts, otherwise a '+' is needed
        strs = [r + (i if i[0] in "+-" else "+" + i) for r, i in zip(fr.format_all(re), imags)]
        item_width = fr.width + fi.width + 3
    else:
        # float64 so that bfloat16/float16 become Python floats holding each element's exact value
        flat = shown.reshape(-1)
        values = (flat.astype(np.float64) if dtype.is_floating_point else flat).tolist()
        fmt = _Formatter(values, dtype.is_floating_point)
        strs = fmt.format_all(values)
        item_width = fmt.width + 2  # the ', ' separator counts towards each element
    if a.ndim == 0:
        return strs[0]
    return _nest(strs, shown.shape, a.shape, indent, summarize, item_width)


def _join_suffixes(body, suffixes, indent):
    """Append ', suffix' items, moving one to a new line when it would pass the line width."""
    out = [body]
    # torch's count is two more than the last line's length; kept so wrapping matches byte for byte
    last = len(body) - body.rfind("\n") + 1
    for s in suffixes:
        if last + len(s) + 2 > _opts["linewidth"]:
            out.append(",\n" + " " * indent + s)
            last = indent + len(s)
        else:
            out.append(", " + s)
            last += len(s) + 2
    out.append(")")
    return "".join(out)


def tensor_repr(t, tensor_contents=None):
    """The text PyTorch's ``repr(tensor)`` gives; ``tensor_contents`` replaces the bracketed values."""
    name = type(t).__name__
    prefix = "tensor(" if name in ("Tensor", "Parameter") else name + "("
    indent = len(prefix)
    suffixes = []
    body = tensor_contents
    if t.device.type != "cpu":
        suffixes.append(f"device='{t.device}'")
    dtype, default = t.dtype, _dt.get_default_dtype()
    if t._data.size == 0:
        if t._data.ndim != 1:  # (0,) is implied by '[]'; other empty shapes are spelled out
            suffixes.append("size=" + str(tuple(t._data.shape)))
        # nothing in '[]' hints at the type, so even int64 is named
        if dtype is not default:
            suffixes.append(f"dtype={dtype!r}")
        if body is None:
            body = "[]"
    else:
        if not _opts["edgeitems"]:
            suffixes.append("size=" + str(tuple(t._data.shape)))
        default_complex = _dt.complex128 if default is _dt.float64 else _dt.complex64
        if dtype not in (default, default_complex, _dt.int64, _dt.bool):
            suffixes.append(f"dtype={dtype!r}")
        if body is None:
            body = _tensor_str(t, indent)
    grad_fn = t.grad_fn
    if grad_fn is not None:
        fn_name = grad_fn.name() if hasattr(grad_fn, "name") else type(grad_fn).__name__
        suffixes.append(f"grad_fn=<{fn_name.rsplit('::', 1)[-1]}>")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return _join_suffixes(prefix + body, suffixes, indent)
