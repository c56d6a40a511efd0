"""Random numbers exactly as PyTorch's CPU generator makes them.

The engine is the 32-bit Mersenne Twister (mt19937) seeded like ``init_genrand`` with the low 32 bits
of the seed, and every sampler below repeats the arithmetic of ATen's CPU kernels (PyTorch 2.13), so
a given seed yields the same bits as ``torch`` on the same kind of machine.  NumPy's ``MT19937`` bit
generator produces the raw 32-bit stream; this module only tracks PyTorch's bookkeeping around it
(``left``/``next`` counters, the cached Box-Muller sample) so that states are byte-compatible with
``torch.get_rng_state()``.

Where ATen's result depends on the build (the AVX2 kernels contract ``a * b + c`` into one fused
multiply-add, and ``randn`` on float32 uses polynomial approximations of log/sin/cos), the same
operations are emulated exactly with NumPy: see ``_fma_f32``/``_fma_f64`` and ``_log_ps8``/``_sincos_ps8``.
"""

import contextlib
import ctypes
import ctypes.util
import math
import os
import struct
import warnings

import ml_dtypes
import numpy as np

__all__ = ["Generator", "default_generator", "manual_seed", "seed", "initial_seed", "get_rng_state",
           "set_rng_state", "fork_rng", "rand", "randn", "randint", "randperm", "rand_like", "randn_like",
           "randint_like"]

_MT_N = 624
_DEFAULT_SEED = 67280421310721          # seed of a freshly built torch.Generator()
_STATE_SIZE = 5056                      # sizeof(CPUGeneratorImplState)
_U64 = (1 << 64) - 1
_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1

_BF16 = np.dtype(ml_dtypes.bfloat16)
_F16, _F32, _F64 = np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)
_C64, _C128 = np.dtype(np.complex64), np.dtype(np.complex128)
_FLOATS = (_F16, _BF16, _F32, _F64)
_COMPLEX_PART = {_C64: _F32, _C128: _F64}
_RANDPERM_DTYPES = {np.dtype(t) for t in (np.uint8, np.int8, np.int16, np.int32, np.int64)} | \
    {_F16, _BF16, _F32, _F64}
_DIGITS = {_F16: 11, _BF16: 8, _F32: 24, _F64: 53}     # std::numeric_limits<T>::digits

# (ScalarType name, C++ type name): how ATen spells a dtype in its error messages.
_NAMES = {
    _F32: ("Float", "float"), _F64: ("Double", "double"), _F16: ("Half", "c10::Half"),
    _BF16: ("BFloat16", "c10::BFloat16"), _C64: ("ComplexFloat", "c10::complex<float>"),
    _C128: ("ComplexDouble", "c10::complex<double>"),
    np.dtype(np.int64): ("Long", "long int"), np.dtype(np.int32): ("Int", "int"),
    np.dtype(np.int16): ("Short", "short int"), np.dtype(np.int8): ("Char", "signed char"),
    np.dtype(np.uint8): ("Byte", "unsigned char"), np.dtype(np.bool_): ("Bool", "bool"),
    np.dtype(np.uint16): ("UInt16", "short unsigned int"),
    np.dtype(np.uint32): ("UInt32", "unsigned int"),
    np.dtype(np.uint64): ("UInt64", "long unsigned int"),
}


def _not_implemented(kernel, dt):
    """The NotImplementedError ATen's dtype dispatch raises for an unsupported dtype."""
    return NotImplementedError(f'"{kernel}" not implemented for \'{_NAMES.get(dt, (str(dt),))[0]}\'')


def _fmt(x):
    """Format a double the way C++ ``ostream << double`` does (what TORCH_CHECK messages show)."""
    return "%g" % x


# ----------------------------------------------------------------------------------------------------
# Which ATen kernel variant this machine runs.
#
# x86 CPUs with AVX2+FMA run the AVX2 kernels (AVX512 CPUs too: the distribution kernels register no
# AVX512 variant, so dispatch falls back to AVX2).  Those kernels are compiled with FMA contraction and
# use avx_mathfun's vector log/sincos for float32 normal_.  Anything else runs the DEFAULT kernels:
# no contraction on x86, and libm's logf/sinf/cosf for float32 normal_.  ATEN_CPU_CAPABILITY=default
# forces the DEFAULT kernels, as it does in PyTorch.
# ----------------------------------------------------------------------------------------------------

def _detect_kernel():
    """Return 'avx2' or 'default': the ATen CPU kernel flavour PyTorch would pick here."""
    env = os.environ.get("ATEN_CPU_CAPABILITY", "").lower()
    if env == "default":
        return "default"
    try:
        features = np._core._multiarray_umath.__cpu_features__
    except AttributeError:  # pragma: no cover - NumPy internals moved
        features = {}
    return "avx2" if features.get("AVX2") and features.get("FMA3") else "default"


_KERNEL = _detect_kernel()
_CONTRACT = _KERNEL == "avx2"   # whether ``a * b + c`` in ATen's kernels is one fused multiply-add


# ---------------------------------------- exact arithmetic -----------------------------------------

def _two_sum(a, b):
    """Knuth's error-free sum: s + e == a + b exactly, s = fl(a + b)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _add_round_odd(a, b):
    """float64 a + b rounded to odd (inexact results get an odd last bit), so a later rounding is exact."""
    s, e = _two_sum(a, b)
    fix = (e != 0) & ((s.view(np.uint64) & np.uint64(1)) == 0)
    if fix.any():
        s = np.where(fix, np.nextafter(s, np.where(e > 0, np.inf, -np.inf)), s)
    return s


_LOW29 = np.int64((1 << 29) - 1)           # float64 mantissa bits below float32 precision
_HALF29 = np.int64(1 << 28)
_EXP_BITS = np.int64(0x7FF << 52)
_F32_NORMAL_EXP = np.int64((1023 - 125) << 52)    # below this, float32 spacing is no longer relative


def _fma_f32(a, b, c, tiny=True):
    """Correctly rounded float32 fma(a, b, c).

    The product of two float32 values is exact in float64, so only the sum is rounded twice (to
    float64, then to float32).  That can go wrong only where the float64 sum lands exactly halfway
    between two float32 values (or in float32's subnormal range); those few lanes are redone with
    the sum rounded to odd, which makes the second rounding exact.  ``tiny=False`` promises no result
    is nonzero and below float32's normal range (true of the Box-Muller polynomials), saving a check.
    """
    s = np.multiply(a, b, dtype=_F64)
    s += np.asarray(c, _F32)
    bits = s.view(np.int64)
    redo = (bits & _LOW29) == _HALF29
    if tiny:
        redo |= (bits & _EXP_BITS) < _F32_NORMAL_EXP
    if redo.any():
        a, b, c = (np.broadcast_to(np.asarray(x, _F32), s.shape)[redo] for x in (a, b, c))
        s[redo] = _add_round_odd(np.multiply(a, b, dtype=_F64), c.astype(_F64))
    return s.astype(_F32)


def _fma_f64(a, b, c):
    """Correctly rounded float64 fma(a, b, c) (Boldo-Melquiond: exact product, round-to-odd tail)."""
    a, b, c = np.broadcast_arrays(np.asarray(a, _F64), np.asarray(b, _F64), np.asarray(c, _F64))
    p = a * b
    t = 134217729.0 * a                   # Veltkamp split into 26-bit halves
    ah = t - (t - a)
    al = a - ah
    t = 134217729.0 * b
    bh = t - (t - b)
    bl = b - bh
    perr = ((ah * bh - p) + ah * bl + al * bh) + al * bl      # a*b == p + perr exactly
    hi, lo = _two_sum(c, p)
    return hi + _add_round_odd(lo, perr)


def _muladd_f32(a, b, c):
    """``a * b + c`` in float32 as ATen's kernel computes it (fused where the build contracts)."""
    if _CONTRACT:
        return _fma_f32(a, b, c)
    return (np.asarray(a, _F32) * np.asarray(b, _F32) + np.asarray(c, _F32)).astype(_F32)


def _muladd_f64(a, b, c):
    """``a * b + c`` in float64 as ATen's kernel computes it (fused where the build contracts)."""
    if _CONTRACT:
        return _fma_f64(a, b, c)
    return np.asarray(a, _F64) * b + c


# ------------------------------------- libm (glibc) functions --------------------------------------
# ATen calls the C library's log/log1p/sin/cos.  NumPy's float64 versions are the same functions on
# most machines, but not all (it has its own SIMD code for some CPUs), so it is checked once against
# Python's math module, which always calls libm; on a mismatch the math module is used per element.

_NUMPY_IS_LIBM = None


def _numpy_matches_libm():
    """Whether NumPy's float64 log/log1p/sin/cos agree bit-for-bit with libm on a fixed sample."""
    global _NUMPY_IS_LIBM
    if _NUMPY_IS_LIBM is None:
        u = (np.arange(1, 8192, dtype=_F64) * 0.6180339887498949) % 1.0 + 2.0 ** -40
        ok = True
        for nf, mf, x in ((np.log, math.log, u), (np.log1p, math.log1p, -u + 2.0 ** -41),
                          (np.sin, math.sin, 2 * math.pi * u), (np.cos, math.cos, 2 * math.pi * u)):
            ok = ok and np.array_equal(nf(x), np.array([mf(v) for v in x.tolist()]))
        _NUMPY_IS_LIBM = bool(ok)
    return _NUMPY_IS_LIBM


def _libm(name, x):
    """Apply libm's float64 function ``name`` (log, log1p, sin, cos) elementwise."""
    if _numpy_matches_libm():
        return getattr(np, name)(x)
    f = getattr(math, name)
    return np.array([f(v) for v in np.ravel(x).tolist()], _F64).reshape(np.shape(x))


_LIBM_F32 = {}


def _libm_f32(name, x):
    """Apply libm's float32 function ``name`` (logf, sinf, cosf) elementwise, through ctypes."""
    f = _LIBM_F32.get(name)
    if f is None:
        lib = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
        f = getattr(lib, name)
        f.restype, f.argtypes = ctypes.c_float, [ctypes.c_float]
        _LIBM_F32[name] = f
    return np.array([f(v) for v in np.ravel(x).tolist()], _F32).reshape(np.shape(x))


# ------------------------- float32 Box-Muller of the AVX2 kernel (avx_mathfun) ---------------------
# ATen's AVX2 normal_ transforms float32 uniforms 16 at a time with Cephes-style polynomial
# approximations of log and sincos (avx_mathfun.h).  The functions below redo that arithmetic lane by
# lane in NumPy float32, with a fused multiply-add exactly where the compiled kernel has one.

_LOG_POLY = [7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1,
             1.4249322787E-1, -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1,
             3.3333331174E-1]
_LOG_C1, _LOG_C2 = _F32.type(-2.12194440e-4), _F32.type(0.693359375)   # ln 2 split in two
_SQRT_HALF = _F32.type(0.707106781186547524)
_FOUR_OVER_PI = _F32.type(1.27323954473516)
_PI4_PARTS = [_F32.type(-0.78515625), _F32.type(-2.4187564849853515625e-4),
              _F32.type(-3.77489497744594108e-8)]                      # -pi/4 in three pieces
_COS_POLY = [2.443315711809948E-005, -1.388731625493765E-003, 4.166664568298827E-002]
_SIN_POLY = [-1.9515295891E-4, 8.3321608736E-3, -1.6666654611E-1]
_HALF, _ONE = _F32.type(0.5), _F32.type(1.0)


def _log_ps8(x):
    """avx_mathfun's vector logf for x in (0, 1], as ATen's AVX2 build evaluates it."""
    bits = x.view(np.int32)
    e = ((bits >> 23) - 0x7F).astype(_F32) + _ONE
    m = ((bits & ~0x7F800000) | 0x3F000000).view(_F32)      # mantissa scaled into [0.5, 1)
    small = m < _SQRT_HALF
    e = e - np.where(small, _ONE, _F32.type(0))
    m = (m - _ONE) + np.where(small, m, _F32.type(0))
    z = m * m
    y = np.full_like(m, _LOG_POLY[0])
    for coef in _LOG_POLY[1:]:
        y = _fma_f32(y, m, coef, False)
    y = _fma_f32(y * m, z, e * _LOG_C1, False)
    y = y - z * _HALF
    return (m + y) + e * _LOG_C2


def _sincos_ps8(x):
    """avx_mathfun's vector sincosf for x >= 0, as ATen's AVX2 build evaluates it: (sin, cos)."""
    j = (x * _FOUR_OVER_PI).astype(np.int32)
    j = (j + 1) & ~1
    y = j.astype(_F32)
    sin_sign = ((j & 4) << 29) ^ (x.view(np.int32) & np.int32(-0x80000000))
    cos_sign = (~(j - 2) & 4) << 29
    use_sin_poly = (j & 2) == 0
    # y <= 8, so y times the first two (short) pieces is exact and the fma is a plain add.
    x = (x + y * _PI4_PARTS[0]) + y * _PI4_PARTS[1]
    x = _fma_f32(y, _PI4_PARTS[2], x, False)
    z = x * x
    c = _fma_f32(_fma_f32(np.full_like(x, _COS_POLY[0]), z, _COS_POLY[1], False), z, _COS_POLY[2], False)
    c = _fma_f32(c * z, z, -(z * _HALF), False) + _ONE
    s = _fma_f32(_fma_f32(np.full_like(x, _SIN_POLY[0]), z, _SIN_POLY[1], False), z, _SIN_POLY[2], False)
    s = _fma_f32(s * z, x, x, False)
    zero = _F32.type(0)
    s_part = np.where(use_sin_poly, s, zero)
    c_part = np.where(use_sin_poly, zero, c)
    sin_v = c_part + s_part
    cos_v = (c - c_part) + (s - s_part)
    sin_v = (sin_v.view(np.int32) ^ sin_sign).view(_F32)
    cos_v = (cos_v.view(np.int32) ^ cos_sign).view(_F32)
    return sin_v, cos_v


def _box_muller16_f32(u, mean, std):
    """ATen's float32 NormalFill16 on rows of 16 uniforms: pairs (j, j+8) become two normals."""
    out = np.empty_like(u)
    step = 4096                  # rows per chunk: keeps the many temporaries in cache
    for r in range(0, len(u), step):
        out[r:r + step] = _box_muller16_f32_rows(u[r:r + step], mean, std)
    return out


def _box_muller16_f32_rows(u, mean, std):
    """One chunk of ``_box_muller16_f32``."""
    mean, std = _F32.type(mean), _F32.type(std)
    u1 = (_ONE - u[:, :8]).ravel()
    u2 = np.ascontiguousarray(u[:, 8:]).ravel()
    if _KERNEL == "avx2":
        radius = np.sqrt(_F32.type(-2.0) * _log_ps8(u1))
        sin_t, cos_t = _sincos_ps8(_F32.type(2.0 * math.pi) * u2)
    else:
        radius = np.sqrt(_F32.type(-2.0) * _libm_f32("logf", u1))
        theta = ((2.0 * math.pi) * u2.astype(_F64)).astype(_F32)
        sin_t, cos_t = _libm_f32("sinf", theta), _libm_f32("cosf", theta)
    out = np.concatenate([(radius * cos_t).reshape(-1, 8), (radius * sin_t).reshape(-1, 8)], axis=1)
    if std != 1 or mean != 0:
        out = _fma_f32(out, std, mean)     # an explicit fma in both kernel flavours
    return out


def _box_muller16_f64(u, mean, std):
    """ATen's float64 NormalFill16 on rows of 16 uniforms (libm log/sin/cos, then an explicit fma)."""
    radius = np.sqrt(-2.0 * _libm("log", 1.0 - u[:, :8]))
    theta = (2.0 * math.pi) * u[:, 8:]
    out = np.concatenate([radius * _libm("cos", theta), radius * _libm("sin", theta)], axis=1)
    if std != 1 or mean != 0:
        out = _fma_f64(out, std, mean)
    return out


# ------------------------------------------- the engine ---------------------------------------------

def _init_key(seed):
    """mt19937 ``init_genrand`` state for the low 32 bits of ``seed``."""
    key = [0] * _MT_N
    x = key[0] = seed & 0xFFFFFFFF
    for j in range(1, _MT_N):
        x = key[j] = (1812433253 * (x ^ (x >> 30)) + j) & 0xFFFFFFFF
    return np.array(key, np.uint32)


def _temper(y):
    """mt19937 output tempering of raw state words (uint64 array holding 32-bit values)."""
    y = y ^ (y >> np.uint64(11))
    y = y ^ ((y << np.uint64(7)) & np.uint64(0x9D2C5680))
    y = y ^ ((y << np.uint64(15)) & np.uint64(0xEFC60000))
    return (y ^ (y >> np.uint64(18))) & np.uint64(0xFFFFFFFF)


def _to_dtype(x, dt):
    """Cast float64/float32 values as C++ static_cast does (half/bfloat16 go through float32)."""
    if dt in (_F16, _BF16) and x.dtype == _F64:
        x = x.astype(_F32)
    return x.astype(dt, copy=False)


def _int64_of_float(v, dt):
    """static_cast<int64_t>(static_cast<T>(v)) for an int64 ``v`` and floating dtype T (x86 semantics)."""
    x = np.array(v, np.int64)
    with np.errstate(over="ignore", invalid="ignore"):
        f = float(x.astype(_F32).astype(dt) if dt in (_F16, _BF16) else x.astype(dt))
    if not -2.0 ** 63 <= f < 2.0 ** 63:
        return _I64_MIN                   # what cvttsd2si gives for inf, nan and overflow
    return int(f)


def _wrap_i64(v):
    """Wrap a Python int to int64 two's complement."""
    v &= _U64
    return v - (1 << 64) if v >> 63 else v


class Generator:
    """A CPU random generator that reproduces ``torch.Generator()`` bit for bit.

    Args:
        device: only ``'cpu'`` is supported.
    """

    def __init__(self, device="cpu"):
        self._device = _generator_device(device)
        self._bitgen = np.random.MT19937(0)
        self._reseed(_DEFAULT_SEED)

    @property
    def device(self):
        """The device this generator serves (always the CPU)."""
        return self._device

    # ---- seeding -------------------------------------------------------------------------------
    def _reseed(self, seed):
        """Re-initialise the engine from a 64-bit seed and drop the cached normal samples."""
        self._seed = seed
        self._seeded = True
        self._left, self._next = 1, 0
        self._bitgen.state = {"bit_generator": "MT19937",
                              "state": {"key": _init_key(seed), "pos": _MT_N}}
        self._normal_f64 = None          # the spare Box-Muller sample (next_double_normal_sample_)
        self._normal_f32 = None          # next_float_normal_sample_ (kept only for the state bytes)

    def manual_seed(self, seed):
        """Seed the generator (any int in [-2**63, 2**64), negatives wrap) and return it."""
        if isinstance(seed, np.integer):
            raise TypeError("an integer is required")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise RuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}")
        if not _I64_MIN <= seed <= _U64:
            raise ValueError("Overflow when unpacking long long")
        self._reseed(seed & _U64)
        return self

    def seed(self):
        """Seed from a non-deterministic 64-bit source and return that seed."""
        s = int.from_bytes(os.urandom(8), "little")
        self._reseed(s)
        return s

    def initial_seed(self):
        """The 64-bit seed this generator was last seeded with."""
        return self._seed

    # ---- raw draws -------------------------------------------------------------------------------
    def _u32(self, n):
        """Draw ``n`` 32-bit outputs (as uint64), advancing PyTorch's left/next counters."""
        if n <= 0:
            return np.empty(0, np.uint64)
        left, nxt = self._left, self._next
        if left == 1 or left + nxt == _MT_N + 1:
            out = self._bitgen.random_raw(n)
        else:
            # A state set by hand whose counters disagree: read the words before the next twist
            # ourselves, then hand over to the bit generator (kept at pos=624 in this case).
            k = min(n, left - 1)
            words = np.zeros(k, np.uint64)
            key = self._bitgen.state["state"]["key"][nxt:nxt + k]
            words[:len(key)] = key
            head = _temper(words)
            self._left, self._next = left - k, nxt + k
            if k == n:
                return head
            left, nxt, n = 1, self._next, n - k
            out = np.concatenate([head, self._bitgen.random_raw(n)])
        pos = _MT_N if left == 1 else nxt
        pos = pos + n if n <= _MT_N - pos else (n - (_MT_N - pos) - 1) % _MT_N + 1
        self._next, self._left = pos, _MT_N + 1 - pos
        return out

    def _u64(self, n):
        """Draw ``n`` 64-bit values, each made of two 32-bit outputs (first one high)."""
        r = self._u32(2 * n)
        return (r[0::2] << np.uint64(32)) | r[1::2]

    def _unit_f32(self, n):
        """``n`` float32 uniforms in [0, 1): the low 24 bits of a 32-bit draw times 2**-24."""
        bits = self._u32(n)
        bits &= np.uint64(0xFFFFFF)
        return np.multiply(bits, _F32.type(2.0 ** -24), dtype=_F32, casting="unsafe")  # exact: 24 bits fit

    def _unit_f64(self, n):
        """``n`` float64 uniforms in [0, 1): the low 53 bits of a 64-bit draw times 2**-53."""
        return (self._u64(n) & np.uint64((1 << 53) - 1)).astype(_F64) * 2.0 ** -53

    # ---- uniform ---------------------------------------------------------------------------------
    def _uniform(self, shape, dtype, low=0.0, high=1.0):
        """``Tensor.uniform_(low, high)`` on a fresh contiguous array of ``shape`` and ``dtype``."""
        dt = np.dtype(dtype)
        if dt in _COMPLEX_PART:
            part = self._uniform(tuple(shape) + (2,), _COMPLEX_PART[dt], low, high)
            return part.view(dt).reshape(shape)
        if dt not in _FLOATS:
            raise _not_implemented("check_uniform_bounds", dt)
        low, high = float(low), float(high)
        info = ml_dtypes.finfo(dt)
        lo_lim, hi_lim, name = float(info.min), float(info.max), _NAMES[dt][1]
        if not lo_lim <= low <= hi_lim:
            raise RuntimeError(f"from is out of bounds for {name}")
        if not lo_lim <= high <= hi_lim:
            raise RuntimeError(f"to is out of bounds for {name}")
        if not low <= high:
            raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                               f"from={_fmt(low)} > to={_fmt(high)}")
        if not high - low <= hi_lim:
            raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<{_NAMES[dt][0]}>"
                               f"::max(), but found to={_fmt(high)} and from={_fmt(low)} which "
                               f"result in to-from to exceed the limit")
        n = math.prod(shape)
        if dt == _F64:
            x = self._unit_f64(n)
            if not (low == 0.0 and high == 1.0):
                x = _muladd_f64(x, high - low, low)
        else:                                       # computed in float32, then cast
            x = self._unit_f32(n)
            f, t = _F32.type(low), _F32.type(high)
            if not (f == 0 and t == 1):
                x = _muladd_f32(x, t - f, f)
        out = _to_dtype(x, dt)
        if not (low == 0.0 and high == 1.0 and dt in (_F32, _F64)):  # there no value can round up to 1
            top, bottom = _to_dtype(np.array(high), dt), _to_dtype(np.array(low), dt)
            out = np.where(out == top, bottom, out)     # a value rounded up to `high` becomes `low`
        return out.reshape(shape)

    # ---- normal ----------------------------------------------------------------------------------
    def _normal(self, shape, dtype, mean=0.0, std=1.0, contiguous=True):
        """``Tensor.normal_(mean, std)`` on an array of ``shape``/``dtype`` (C-ordered result).

        ``contiguous=False`` selects ATen's element-by-element path, taken for non-contiguous tensors.
        """
        dt = np.dtype(dtype)
        mean, std = float(mean), float(std)
        if not std >= 0.0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {_fmt(std)}")
        if dt in _COMPLEX_PART:
            part = self._normal(tuple(shape) + (2,), _COMPLEX_PART[dt], mean, std / math.sqrt(2),
                                contiguous)
            return part.view(dt).reshape(shape)
        if dt not in _FLOATS:
            raise _not_implemented("normal_kernel_cpu", dt)
        n = math.prod(shape)
        if n == 0:
            return np.empty(shape, dt)
        if n >= 16 and contiguous:
            out = self._normal_fill(n, dt, mean, std)
        else:
            out = _to_dtype(self._normal_serial(n, mean, std), dt)
        return out.reshape(shape)

    def _normal_serial(self, n, mean, std):
        """``n`` float64 samples of ATen's scalar Box-Muller, using and refilling the cached spare."""
        parts = [np.empty(0, _F64)]
        if self._normal_f64 is not None:
            parts.append(np.array([self._normal_f64]))
            self._normal_f64 = None
            n -= 1
        if n > 0:
            pairs = (n + 1) // 2
            u = self._unit_f64(2 * pairs).reshape(pairs, 2)
            r = np.sqrt(-2.0 * _libm("log1p", -u[:, 1]))
            theta = (2.0 * math.pi) * u[:, 0]
            z = np.stack([r * _libm("cos", theta), r * _libm("sin", theta)], axis=1).ravel()
            if n % 2:
                self._normal_f64 = float(z[-1])
            parts.append(z[:n])
        z = np.concatenate(parts)
        if std != 1 or mean != 0:
            z = _muladd_f64(z, std, mean)
        return z

    def _normal_fill(self, n, dt, mean, std):
        """ATen's ``normal_fill`` for a contiguous array of ``n`` >= 16 elements."""
        blocks, tail = divmod(n, 16)
        if dt in (_F32, _F64):
            # Uniforms for the whole array first, then 16 fresh ones for an overlapping last block.
            unit, bm = (self._unit_f32, _box_muller16_f32) if dt == _F32 else \
                (self._unit_f64, _box_muller16_f64)
            u = unit(n)
            out = np.empty(n, dt)
            out[:blocks * 16] = bm(u[:blocks * 16].reshape(blocks, 16), mean, std).ravel()
            if tail:
                out[n - 16:] = bm(unit(16).reshape(1, 16), mean, std).ravel()
            return out
        # float16/bfloat16: 16 float32 uniforms per block, the last block redrawn over the tail.
        u = self._unit_f32(16 * (blocks + (1 if tail else 0))).reshape(-1, 16)
        z = _box_muller16_f32(u, mean, std).astype(dt)
        out = np.empty(n, dt)
        out[:blocks * 16] = z[:blocks].ravel()
        if tail:
            out[n - 16:] = z[blocks]
        return out

    # ---- integers --------------------------------------------------------------------------------
    def _random_int(self, shape, dtype, low=None, high=None):
        """``Tensor.random_`` semantics: no bounds, ``[low, high)``, or ``[low, max]`` if high is None.

        ``random_(to)`` and ``randint(high)`` are ``low=0, high=to``.
        """
        dt = np.dtype(dtype)
        if dt not in _NAMES or dt in _COMPLEX_PART:
            raise _not_implemented("random_from_to_kernel_cpu", dt)
        n = math.prod(shape)
        if low is None and high is None:
            return self._random_default(n, dt).reshape(shape)
        low = int(low)
        if high is not None:
            high = int(high)
            if not low < high:
                raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got "
                                   f"from={low} >= to={high}")
            if dt in _FLOATS:
                low, high = _update_from(low, dt), _update_to(high, dt)
                if not low < high:
                    raise RuntimeError(f"random_ expects 'from' casted to dtype to be less than 'to' "
                                       f"casted to dtype, but got from={low} >= to={high}")
            _check_from_to(low, high - 1, dt)
            rng = (high - low) & _U64
        elif low != _I64_MIN:
            if dt in _FLOATS:
                to_inc = min(1 << _DIGITS[dt], _I64_MAX)
                low = _update_from(low, dt)
                if not low < to_inc:
                    raise RuntimeError(f"random_ expects 'from' casted to dtype to be less than or "
                                       f"equal to 'to_inc' casted to dtype, but got from={low} > "
                                       f"to_inc={to_inc}")
            else:
                to_inc = 1 if dt == np.bool_ else _wrap_i64(int(np.iinfo(dt).max))
            _check_from_to(low, to_inc, dt)
            rng = (to_inc - low + 1) & _U64
        else:
            return self._random_full_range(n, dt).reshape(shape)
        if n == 0:
            return np.empty(shape, dt)
        raw = self._u64(n) if rng >= 1 << 28 else self._u32(n)
        v = (raw % np.uint64(rng) + np.uint64(low & _U64)).view(np.int64)
        return _int64_to(v, dt).reshape(shape)

    def _random_default(self, n, dt):
        """``random_()`` with no bounds: [0, 2**mantissa] for floats, [0, max] for integers."""
        if dt in (np.dtype(np.uint16), np.dtype(np.uint32), np.dtype(np.uint64)):
            raise _not_implemented("random_kernel_cpu", dt)
        if n == 0:
            return np.empty(0, dt)
        if dt == np.bool_:
            return (self._u32(n) & np.uint64(1)).astype(np.bool_)
        if dt in _FLOATS:
            mod = (1 << _DIGITS[dt]) + 1
        else:
            mod = int(np.iinfo(dt).max) + 1
        raw = self._u64(n) if dt in (_F64, np.dtype(np.int64)) else self._u32(n)
        v = (raw % np.uint64(mod)).view(np.int64)
        return _int64_to(v, dt)

    def _random_full_range(self, n, dt):
        """``random_(-2**63, None)``: every int64 equally likely, from one 64-bit draw each."""
        if dt not in (np.dtype(np.int64), _F64, _F32, _BF16):
            if dt in (_F16, np.dtype(np.bool_), np.dtype(np.uint16), np.dtype(np.uint32),
                      np.dtype(np.uint64)):
                raise _not_implemented("random_full_64_bits_range_kernel_cpu", dt)
            raise RuntimeError("random_full_64_bits_range_kernel_cpu handles only int64, double, "
                               "float and bfloat16")
        return _int64_to(self._u64(n).view(np.int64), dt)

    # ---- permutations ----------------------------------------------------------------------------
    def _randperm(self, n, dtype=np.int64):
        """``torch.randperm(n)``: a Fisher-Yates shuffle of 0..n-1 driven by this generator."""
        dt = np.dtype(dtype)
        n = int(n)
        if n < 0:
            raise RuntimeError(f"n must be non-negative, got{n}")
        if dt in (_F16, _F32, _F64):
            text, limit = {_F16: ("2049", 2049), _F32: ("2^24+1", (1 << 24) + 1),
                           _F64: ("2^53+1", (1 << 53) + 1)}[dt]
            if n > limit:
                raise RuntimeError(f"n cannot be greater than {text} for {_NAMES[dt][0]} type.")
        elif dt.kind in "iu" and n - 1 > int(np.iinfo(dt).max):
            raise RuntimeError(f"value cannot be converted to type {dt.name}_t without overflow")
        if dt not in _RANDPERM_DTYPES:
            raise _not_implemented("randperm", dt)
        if n < (1 << 32) // 20:
            # Forward Fisher-Yates: position i swaps with i + (32-bit draw % (n - i)).
            perm = list(range(n))
            if n > 1:
                offsets = (self._u32(n - 1) % np.arange(n, 1, -1, dtype=np.uint64)).tolist()
                for i, z in enumerate(offsets):
                    j = i + z
                    perm[i], perm[j] = perm[j], perm[i]
            return _int64_to(np.array(perm, np.int64), dt)
        # Huge n: the "inside-out" variant with 64-bit draws (position i takes a random earlier slot).
        perm = np.empty(n, np.int64)
        draws = self._u64(n)
        for i in range(n):
            z = int(draws[i]) % (i + 1)
            perm[i] = perm[z]
            perm[z] = i
        return _int64_to(perm, dt)

    # ---- state -----------------------------------------------------------------------------------
    def get_state_bytes(self):
        """The generator state as the 5056 bytes ``torch.get_rng_state()`` holds (CPUGeneratorImplState)."""
        buf = bytearray(_STATE_SIZE)
        struct.pack_into("<QiiQ", buf, 0, self._seed, self._left, int(self._seeded), self._next)
        key = self._bitgen.state["state"]["key"].astype("<u8")
        buf[24:24 + 8 * _MT_N] = key.tobytes()
        if self._normal_f64 is not None:           # normal_x and normal_rho stay 0
            struct.pack_into("<di", buf, 5024, self._normal_f64, 0)
            struct.pack_into("<i", buf, 5040, 1)
        if self._normal_f32 is not None:
            struct.pack_into("<f?", buf, 5048, self._normal_f32, True)
        return bytes(buf)

    def set_state_bytes(self, state):
        """Restore a state from 5056 bytes (bytes-like or a uint8 ndarray) in ``torch.get_rng_state()`` layout."""
        if isinstance(state, np.ndarray):
            if state.dtype != np.uint8:
                raise TypeError("RNG state must be a torch.ByteTensor")
            if not state.flags.c_contiguous:
                raise RuntimeError("RNG state must be contiguous")
            data = state.tobytes()
        else:
            data = bytes(state)
        if len(data) != _STATE_SIZE:
            raise RuntimeError(f"Expected a CPUGeneratorImplState of size {_STATE_SIZE} but found the "
                               f"input RNG state size to be {len(data)}")
        seed, left, seeded, nxt = struct.unpack_from("<QiiQ", data, 0)
        key = (np.frombuffer(data, "<u8", _MT_N, 24) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        normal_y, = struct.unpack_from("<d", data, 5024)
        normal_valid, = struct.unpack_from("<i", data, 5040)
        normal_f32, f32_valid = struct.unpack_from("<f?", data, 5048)
        nxt &= 0xFFFFFFFF
        if not (seeded != 0 and 0 < left <= _MT_N and nxt <= _MT_N):
            raise RuntimeError("Invalid mt19937 state")
        self._seed, self._seeded, self._left, self._next = seed, True, left, nxt
        pos = nxt if left + nxt == _MT_N + 1 and left != 1 else _MT_N
        self._bitgen.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}
        self._normal_f64 = normal_y if normal_valid else None
        self._normal_f32 = np.float32(normal_f32) if data[5052] else None
        return self

    def get_state(self):
        """The state as a uint8 tensor of 5056 bytes, laid out as ``torch.Generator.get_state()``."""
        from . import dtypes
        from .tensor import _wrap
        return _wrap(np.frombuffer(self.get_state_bytes(), np.uint8).copy(), dtypes.uint8)

    def set_state(self, new_state):
        """Restore a state returned by ``get_state`` (or by PyTorch); returns the generator."""
        from .tensor import Tensor
        if not isinstance(new_state, Tensor):
            raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
        if new_state._data.dtype != np.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        return self.set_state_bytes(new_state._data)

    def __reduce__(self):
        return Generator, (self._device,), (self._seed, None, self.get_state())

    def __setstate__(self, state):
        self.set_state(state[2])

    def __repr__(self):
        return f"<torch._C.Generator object at {hex(id(self))}>"


def _int64_to(v, dt):
    """static_cast<T>(int64) for an int64 array: integer wrap, bool != 0, floats round to nearest."""
    if dt == np.bool_:
        return v != 0
    if dt in (_F16, _BF16):
        return v.astype(_F32).astype(dt)
    return v.astype(dt)


def _update_from(frm, dt):
    """Move ``from`` up to the next integer that survives a round trip through float dtype ``dt``."""
    plus1 = _int64_of_float(_wrap_i64(frm + 1), dt)
    if plus1 < frm:
        n = max(abs(_wrap_i64(frm + 1)).bit_length() - 1, 0)
        frm = _wrap_i64(plus1 + (1 << (n - _DIGITS[dt] + 1)))
    return frm


def _update_to(to, dt):
    """Move ``to`` down to the previous integer that survives a round trip through float dtype ``dt``."""
    minus1 = _int64_of_float(_wrap_i64(to - 1), dt)
    if minus1 >= to:
        n = max(abs(_wrap_i64(to - 1)).bit_length() - 1, 0)
        to = _wrap_i64(minus1 - (1 << (n - _DIGITS[dt] + 1)))
    return to


def _check_from_to(frm, to_inc, dt):
    """ATen's ``check_from_to_in_range``: errors for bounds outside ``dt``, warnings for lost precision."""
    name = _NAMES[dt][1]
    if dt in _FLOATS:
        info = ml_dtypes.finfo(dt)
        lo, hi = float(info.min), float(info.max)
    elif dt == np.uint64:
        lo, hi = 0, _I64_MAX
    elif dt == np.bool_:
        lo, hi = 0, 1
    else:
        info = np.iinfo(dt)
        lo, hi = int(info.min), int(info.max)
    for value, what in ((frm, "from"), (to_inc, "to - 1")):
        if not lo <= value <= hi:
            raise RuntimeError(f"{what} is out of bounds for {name}")
    if dt in _FLOATS:
        d = _DIGITS[dt]
        for value, what in ((frm, "from"), (to_inc, "to - 1")):
            if value < -(1 << d) or value > (1 << d):
                warnings.warn(f"{what} is out of bounds [-(2^{d}), 2^{d}]. Due to precision "
                              f"limitations {name} can support discrete uniform distribution only "
                              f"within this range. This warning will become an error in version 1.7 "
                              f"release, please fix the code in advance", UserWarning, stacklevel=4)


def _generator_device(device):
    """The device of a new Generator: the CPU, or PyTorch's error for devices without a generator here."""
    from .device import cpu, device as make_device
    d = make_device(device)
    if d.type == "cpu":
        return cpu if d.index is None else d
    if d.type == "cuda":
        raise RuntimeError("Cannot get CUDA generator without ATen_cuda library. PyTorch splits its backend into "
                           "two shared libraries: a CPU library and a CUDA library; this error has occurred "
                           "because you are trying to use some CUDA functionality, but the CUDA library has not "
                           "been loaded by the dynamic linker for some reason.  The CUDA library MUST be loaded, "
                           "EVEN IF you don't directly use any symbols from the CUDA library! One common culprit is "
                           "a lack of -Wl,--no-as-needed in your link arguments; many dynamic linkers will delete "
                           "dynamic library dependencies if you don't depend on any of their symbols.  You can "
                           "check if this has occurred by using ldd on your binary to see if there is a dependency "
                           "on *_cuda.so library.")
    if d.type == "mps":
        raise RuntimeError("Cannot execute getNewGenerator() without MPS backend.")
    raise RuntimeError(f"{d.type.upper()} device type not an accelerator.")


default_generator = Generator()
default_generator.seed()      # like PyTorch, the default generator starts from a random seed


# ======================================= the torch-level API ========================================

def manual_seed(seed):
    """Seed the default generator (``int(seed)`` in [-2**63, 2**64)) and return it."""
    return default_generator.manual_seed(int(seed))


def seed():
    """Seed the default generator non-deterministically and return the 64-bit seed used."""
    return default_generator.seed()


def initial_seed():
    """The seed the default generator was last seeded with."""
    return default_generator.initial_seed()


def get_rng_state():
    """The default generator's state as a 5056-byte uint8 tensor (``torch.get_rng_state()`` layout)."""
    return default_generator.get_state()


def set_rng_state(new_state):
    """Restore the default generator from a uint8 state tensor."""
    default_generator.set_state(new_state)


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices", device_type="cuda"):
    """Run the ``with`` block and then put the CPU generator's state back as it was."""
    if not enabled:
        yield
        return
    state = get_rng_state()
    try:
        yield
    finally:
        set_rng_state(state)


def _generator(generator, name, args):
    """The generator to draw from: ``generator`` when given, else the default one."""
    if generator is None:
        return default_generator
    if not isinstance(generator, Generator):
        raise TypeError(f"{name}() received an invalid combination of arguments - got ({args}, "
                        f"generator={type(generator).__name__}), but expected one of:")
    return generator


def _is_c_contiguous(shape, strides):
    """``Tensor.is_contiguous()`` for element strides (size-1 dims do not count)."""
    expected = 1
    for n, s in zip(reversed(shape), reversed(strides)):
        if n == 0:
            return True
        if n != 1:
            if s != expected:
                return False
            expected *= n
    return True


def _place(samples, shape, strides):
    """An array of ``shape``/``strides`` whose memory, in address order, holds ``samples``."""
    flat = np.ascontiguousarray(samples).reshape(-1)
    if not flat.size:
        return np.empty(shape, flat.dtype)
    item = flat.dtype.itemsize
    return np.lib.stride_tricks.as_strided(flat, shape, [s * item for s in strides])


def _fill_like(input, draw, dtype, device, requires_grad, memory_format):
    """A new tensor shaped like ``input`` whose elements are drawn in memory order by ``draw(n, contiguous)``."""
    from .creation import _format_strides, finish
    shape = input._data.shape
    strides = _format_strides(shape, input._strides(), memory_format)
    samples = draw(math.prod(shape), _is_c_contiguous(shape, strides))
    return finish(_place(samples, shape, strides), dtype, device, requires_grad)


def _factory(kind, size, generator, out, dtype, device, requires_grad, draw, size_kw=None):
    """Shared body of ``rand``/``randn``: parse the size, pick the dtype, draw, wrap or fill ``out``."""
    from . import dtypes
    from .creation import finish, parse_size
    if len(size) == 1 and not isinstance(size[0], (tuple, list)) and _as_int(size[0]) is None and \
            not hasattr(size[0], "__len__"):
        raise TypeError(f"{kind}(): argument 'size' (position 1) must be tuple of ints, not {type(size[0]).__name__}")
    shape = parse_size(size, kind, size_kw)
    g = _generator(generator, kind, "int" if size else "")
    if out is not None:
        if dtype is not None and dtype is not out._dtype:
            raise RuntimeError(f"dtype {dtype._legacy} does not match dtype of out parameter ({out._dtype._legacy})")
        return _into_out(out, shape, kind, lambda n, contiguous: draw(g, (n,), out._data.dtype, contiguous))
    d = dtypes.get_default_dtype() if dtype is None else dtype
    return finish(draw(g, shape, d._np, True), d, device, requires_grad)


def _into_out(out, shape, name, draw):
    """A factory's ``out=``: resized (to contiguous) when its shape differs, then filled in memory order."""
    from .autograd.grad_mode import is_grad_enabled
    from .ops.shape import set_data
    if out._requires_grad and is_grad_enabled():
        raise RuntimeError(f"aten::{name}(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    if out._data.shape != tuple(shape):
        set_data(out, np.zeros(shape, out._data.dtype))
    return _fill_(out, draw)


def rand(*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, 
         pin_memory=False, **kwargs):
    """Uniform samples from [0, 1), the same bits as ``torch.rand`` for the same seed."""
    return _factory("rand", size, generator, out, dtype, device, requires_grad,
                    lambda g, shape, d, contiguous: g._uniform(shape, d), _size_kw("rand", kwargs))


def randn(*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, 
          pin_memory=False, **kwargs):
    """Standard normal samples, the same bits as ``torch.randn`` for the same seed."""
    return _factory("randn", size, generator, out, dtype, device, requires_grad,
                    lambda g, shape, d, contiguous: g._normal(shape, d, contiguous=contiguous),
                    _size_kw("randn", kwargs))


def _size_kw(name, kwargs):
    """The ``size=`` keyword of ``rand``/``randn`` (the only extra keyword they take)."""
    for key in kwargs:
        if key != "size":
            raise TypeError(f"{name}() got an unexpected keyword argument '{key}'")
    return kwargs.get("size")


def _as_int(value):
    """``value`` as an int when PyTorch's parser takes it as one (int, NumPy integer, integer scalar tensor)."""
    from .tensor import Tensor
    if isinstance(value, Tensor) and value._data.size == 1 and value._data.dtype.kind in "iu":
        value = value._data.reshape(())
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        return None
    value = int(value)
    if not _I64_MIN <= value <= _I64_MAX:
        raise ValueError("Overflow when unpacking long long")
    return value


def _int_arg(value, fn, name, pos):
    """An int argument, or PyTorch's TypeError naming it."""
    v = _as_int(value)
    if v is None:
        raise TypeError(f"{fn}(): argument '{name}' (position {pos}) must be int, not {type(value).__name__}")
    return v


def _bad_arguments(fn, args, kwargs, signatures):
    """PyTorch's TypeError for a call that matches none of a function's signatures."""
    got = ", ".join(type(a).__name__ for a in args)
    if kwargs:   # PyTorch lists keywords last-given first, with a trailing comma when alone
        keywords = ", ".join(f"{k}={type(v).__name__}" for k, v in reversed(kwargs.items()))
        got = f"{got}, {keywords}" if got else f"{keywords}, "
    lines = "".join(f" * ({sig})\n" for sig in signatures)
    return TypeError(f"{fn}() received an invalid combination of arguments - got ({got}), but "
                     f"expected one of:\n{lines}")


_RANDINT_SIGNATURES = [
    "int high, tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, "
    "torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False",
    "int low, int high, tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = "
    "None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = "
    "False",
]


def randint(*args, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False,
            pin_memory=False, **kwargs):
    """Integers uniform in [low, high): ``randint(high, size)`` or ``randint(low, high, size)``."""
    from . import dtypes
    from .creation import finish, parse_size
    names = ("low", "high", "size") if len(args) == 3 else ("high", "size")
    given = dict(zip(names, args))
    for key, value in kwargs.items():
        if key not in ("low", "high", "size") or key in given:
            raise TypeError(f"randint() got an unexpected keyword argument '{key}'")
        given[key] = value
    size = given.get("size")
    low, high = _as_int(given.get("low", 0)), _as_int(given.get("high"))
    if len(args) > 3 or low is None or high is None or not isinstance(size, (tuple, list)) or \
            any(_as_int(n) is None for n in size):
        raise _bad_arguments("randint", args, kwargs, _RANDINT_SIGNATURES)
    shape = parse_size((size,), "randint")
    g = _generator(generator, "randint", "int, tuple")
    if out is not None:
        if dtype is not None and dtype is not out._dtype:
            raise RuntimeError(f"dtype {dtype._legacy} does not match dtype of out parameter ({out._dtype._legacy})")
        dt = out._data.dtype
        g._random_int((0,), dt, low, high)
        return _into_out(out, shape, "randint", lambda n, contiguous: g._random_int((n,), dt, low, high))
    d = dtypes.int64 if dtype is None else dtype
    return finish(g._random_int(shape, d._np, low, high), d, device, requires_grad)


def randperm(n, *, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False,
             pin_memory=False):
    """A random permutation of ``0 .. n-1``, the same as ``torch.randperm`` for the same seed."""
    from . import dtypes
    from .creation import finish
    n = _int_arg(n, "randperm", "n", 1)
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    g = _generator(generator, "randperm", "int")
    if out is not None:
        if dtype is not None and dtype is not out._dtype:
            raise RuntimeError(f"dtype {dtype._legacy} does not match dtype of out parameter ({out._dtype._legacy})")
        perm = g._randperm(n, out._data.dtype)
        return _into_out(out, (n,), "randperm", lambda count, contiguous: perm)
    d = dtypes.int64 if dtype is None else dtype
    return finish(g._randperm(n, d._np), d, device, requires_grad)


def rand_like(input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    """Uniform [0, 1) samples shaped (and laid out) like ``input``."""
    g = _generator(generator, "rand_like", "Tensor")
    d = input._dtype if dtype is None else dtype
    return _fill_like(input, lambda n, contiguous: g._uniform((n,), d._np), d, device, requires_grad,
                      memory_format)


def randn_like(input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    """Standard normal samples shaped (and laid out) like ``input``."""
    g = _generator(generator, "randn_like", "Tensor")
    d = input._dtype if dtype is None else dtype
    return _fill_like(input, lambda n, contiguous: g._normal((n,), d._np, contiguous=contiguous), d, device,
                      requires_grad, memory_format)


def randint_like(input, low=0, high=None, *, generator=None, dtype=None, layout=None, device=None,
                 requires_grad=False, memory_format=None):
    """Integers uniform in [low, high) shaped like ``input``: ``randint_like(x, high)`` or ``(x, low, high)``."""
    args = (input, low) if high is None else (input, low, high)
    if high is None:
        low, high = 0, low
    low, high = _as_int(low), _as_int(high)
    if low is None or high is None:
        raise _bad_arguments("randint_like", args, {}, [
            "Tensor input, int low, int high, *, torch.Generator generator, torch.memory_format memory_format = "
            "None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool "
            "pin_memory = False, bool requires_grad = False",
            "Tensor input, int high, *, torch.Generator generator, torch.memory_format memory_format = None, "
            "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = "
            "False, bool requires_grad = False"])
    g = _generator(generator, "randint_like", "Tensor, int")
    d = input._dtype if dtype is None else dtype
    return _fill_like(input, lambda n, contiguous: g._random_int((n,), d._np, low, high), d, device,
                      requires_grad, memory_format)


# ------------------------------------- in-place Tensor methods -------------------------------------

def _fill_(self, draw, *inputs):
    """Overwrite ``self`` with samples drawn in its memory (TensorIterator) order; bump its version.

    ``draw(n, contiguous, *values)`` gets each of ``inputs`` (arrays broadcast to ``self``'s shape, such as
    per-element probabilities) flattened in that same order.
    """
    from .autograd.grad_mode import is_grad_enabled
    from .ops.common import check_writable
    from .ops.shape import iteration_order
    if self._requires_grad and self._grad_fn is None and is_grad_enabled():
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    check_writable(self)
    target = self._data
    shape = target.shape
    perm = iteration_order(shape, [self._strides()])
    outer_first = perm[::-1]
    values = [np.broadcast_to(x, shape).transpose(outer_first).ravel() for x in inputs]
    samples = draw(target.size, target.flags.c_contiguous, *values)
    ordered = np.asarray(samples).reshape([shape[d] for d in outer_first])
    np.copyto(target, ordered.transpose(np.argsort(outer_first)), casting="unsafe")
    self._bump_version()
    return self


def uniform_(self, *args, generator=None, **kwargs):
    """Fill ``self`` with samples uniform in [from, to) (``Tensor.uniform_(from=0, to=1)``)."""
    bounds = dict(zip(("from", "to"), args))
    for key, value in kwargs.items():
        if key not in ("from", "to"):
            raise TypeError(f"uniform_() got an unexpected keyword argument '{key}'")
        bounds[key] = value
    low, high = bounds.get("from", 0.0), bounds.get("to", 1.0)
    g = _generator(generator, "uniform_", "float, float")
    dt = self._data.dtype
    g._uniform((0,), dt, low, high)          # argument checks, even for an empty tensor
    return _fill_(self, lambda n, contiguous: g._uniform((n,), dt, low, high))


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    """Fill ``self`` with normal samples (``Tensor.normal_``); large contiguous tensors use 16-wide blocks."""
    g = _generator(generator, "normal_", "float, float")
    dt = self._data.dtype
    g._normal((0,), dt, mean, std)
    return _fill_(self, lambda n, contiguous: g._normal((n,), dt, mean, std, contiguous=contiguous))


def random_(self, *args, generator=None, **kwargs):
    """``Tensor.random_()``, ``random_(to)`` or ``random_(from, to)`` (``to=None``: up to the dtype's max)."""
    bounds = dict(zip(("from", "to") if len(args) == 2 else ("to",), args))
    for key, value in kwargs.items():
        if key not in ("from", "to") or key in bounds:
            raise _bad_arguments("random_", args, kwargs, _RANDOM_SIGNATURES)
        bounds[key] = value
    low = high = None
    if "from" in bounds:
        low, high = _as_int(bounds["from"]), bounds.get("to", 0.5)
        if high is not None:
            high = _as_int(high)
        if low is None or "to" not in bounds or bounds["to"] is not None and high is None:
            raise _bad_arguments("random_", args, kwargs, _RANDOM_SIGNATURES)
    elif "to" in bounds:
        low, high = 0, _as_int(bounds["to"])
        if high is None:
            raise _bad_arguments("random_", args, kwargs, _RANDOM_SIGNATURES)
    if len(args) > 2:
        raise _bad_arguments("random_", args, kwargs, _RANDOM_SIGNATURES)
    g = _generator(generator, "random_", "int")
    dt = self._data.dtype
    g._random_int((0,), dt, low, high)
    return _fill_(self, lambda n, contiguous: g._random_int((n,), dt, low, high))


_RANDOM_SIGNATURES = ["*, torch.Generator generator = None",
                      "int from, int to, *, torch.Generator generator = None",
                      "int to, *, torch.Generator generator = None"]
