"""ember.random against PyTorch's CPU generator: every sample and every state byte must be equal."""

import math
import os
import struct
import subprocess
import sys
import warnings
from fractions import Fraction

import ml_dtypes
import numpy as np
import pytest

import torch

import ember.random as er

SEEDS = [0, 1, 42, 2**32 + 7, 0xDEADBEEFCAFEBABE]
SIZES = list(range(1, 41))
FLOATS = [  # (torch dtype, numpy dtype)
    (torch.float32, np.float32),
    (torch.float64, np.float64),
    (torch.float16, np.float16),
    (torch.bfloat16, ml_dtypes.bfloat16),
]
INTS = [
    (torch.int64, np.int64), (torch.int32, np.int32), (torch.int16, np.int16),
    (torch.int8, np.int8), (torch.uint8, np.uint8), (torch.bool, np.bool_),
    (torch.uint16, np.uint16), (torch.uint32, np.uint32), (torch.uint64, np.uint64),
]
ALL = FLOATS + INTS


def ids(table):
    return [str(t).replace("torch.", "") for t, _ in table]


def to_np(t):
    """A torch tensor as a NumPy array with the same bits (bfloat16 through its int16 view)."""
    t = t.detach()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().view(ml_dtypes.bfloat16)
    return t.numpy()


def assert_same(actual, expected_torch):
    """Equal dtype, shape and bits."""
    expected = to_np(expected_torch)
    assert actual.dtype == expected.dtype
    assert actual.shape == expected.shape
    assert actual.tobytes() == expected.tobytes(), (actual, expected)


def pair(seed):
    """A torch generator and an ember generator seeded alike."""
    return torch.Generator().manual_seed(seed), er.Generator().manual_seed(seed)


def same_state(tg, eg):
    assert eg.get_state_bytes() == tg.get_state().numpy().tobytes()


def outcome(fn):
    """(result, None) or (None, (exception class, message)) for a call."""
    try:
        return fn(), None
    except Exception as e:  # noqa: BLE001 - the point is to compare exceptions
        return None, (type(e), str(e).split("\n")[0])


# ------------------------------------------------ engine ---------------------------------------------

@pytest.mark.parametrize("seed", SEEDS + [2**64 - 1])
def test_seeded_state_bytes(seed):
    tg, eg = pair(seed)
    same_state(tg, eg)
    assert eg.initial_seed() == tg.initial_seed() == seed


def test_fresh_generator_and_default_generator():
    assert er.Generator().initial_seed() == torch.Generator().initial_seed() == 67280421310721
    assert er.Generator().get_state_bytes() == torch.Generator().get_state().numpy().tobytes()
    assert isinstance(er.default_generator, er.Generator)
    assert er.default_generator.initial_seed() != 67280421310721   # seeded randomly at import


@pytest.mark.parametrize("seed", [-1, -5, -2**63, 2**63, 2**64 - 1, 7])
def test_manual_seed_wraps_like_torch(seed):
    g = er.Generator()
    assert g.manual_seed(seed) is g
    assert g.initial_seed() == torch.Generator().manual_seed(seed).initial_seed()


@pytest.mark.parametrize("seed", [2**64, -2**63 - 1, 3.0, True, "1"])
def test_manual_seed_errors_like_torch(seed):
    _, expected = outcome(lambda: torch.Generator().manual_seed(seed))
    _, actual = outcome(lambda: er.Generator().manual_seed(seed))
    assert actual == expected


def test_seed_is_random_64_bit():
    g = er.Generator()
    seeds = {g.seed() for _ in range(4)}
    assert len(seeds) == 4 and all(0 <= s < 2**64 for s in seeds)
    s = g.seed()
    assert g.initial_seed() == s
    assert g.get_state_bytes() == torch.Generator().manual_seed(s).get_state().numpy().tobytes()


# ----------------------------------------------- uniform ---------------------------------------------

@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("tdt,ndt", FLOATS, ids=ids(FLOATS))
@pytest.mark.parametrize("seed", SEEDS)
def test_rand(seed, tdt, ndt, size):
    tg, eg = pair(seed)
    for _ in range(2):
        assert_same(eg._uniform((size,), ndt), torch.rand(size, dtype=tdt, generator=tg))
    same_state(tg, eg)


UNIFORM_BOUNDS = [(0.0, 1.0), (-3.7, 5.3), (0.1, 0.7), (-1e-3, 2.5), (2.0, 2.0), (-1.0, 0.0),
                  (1e-30, 3e-30), (100.0, 100.5), (-60000.0, 0.0)]


@pytest.mark.parametrize("low,high", UNIFORM_BOUNDS)
@pytest.mark.parametrize("tdt,ndt", FLOATS, ids=ids(FLOATS))
def test_uniform_bounds(tdt, ndt, low, high):
    tg, eg = pair(3)
    for shape in [(7,), (3, 100), (0,), ()]:
        expected = torch.empty(shape, dtype=tdt).uniform_(low, high, generator=tg)
        assert_same(eg._uniform(shape, ndt, low, high), expected)
    same_state(tg, eg)


@pytest.mark.parametrize("tdt,ndt", FLOATS, ids=ids(FLOATS))
@pytest.mark.parametrize("seed", SEEDS[:3])
def test_uniform_large(seed, tdt, ndt):
    tg, eg = pair(seed)
    expected = torch.empty(100_000, dtype=tdt).uniform_(-2.5, 7.25, generator=tg)
    assert_same(eg._uniform((100_000,), ndt, -2.5, 7.25), expected)


UNIFORM_ERRORS = [(3.0, 1.0), (0.0, float("nan")), (0.0, float("inf")), (-float("inf"), 0.0),
                  (-70000.0, 6.0), (-60000.0, 60000.0), (0.0, 1e39), (-1e308, 1e308)]


@pytest.mark.parametrize("low,high", UNIFORM_ERRORS)
@pytest.mark.parametrize("tdt,ndt", FLOATS + INTS[:1], ids=ids(FLOATS + INTS[:1]))
def test_uniform_errors(tdt, ndt, low, high):
    expected = outcome(lambda: torch.empty(3, dtype=tdt).uniform_(low, high))[1]
    actual = outcome(lambda: er.Generator()._uniform((3,), ndt, low, high))[1]
    assert actual == expected


@pytest.mark.parametrize("tdt,ndt", [(torch.complex64, np.complex64),
                                     (torch.complex128, np.complex128)])
def test_complex_uniform_and_normal(tdt, ndt):
    tg, eg = pair(11)
    assert_same(eg._uniform((5, 3), ndt, -1.0, 2.0),
                torch.empty(5, 3, dtype=tdt).uniform_(-1.0, 2.0, generator=tg))
    for n in (3, 8, 9, 40):
        assert_same(eg._normal((n,), ndt, 0.5, 2.0),
                    torch.empty(n, dtype=tdt).normal_(0.5, 2.0, generator=tg))
    same_state(tg, eg)


# ------------------------------------------------ normal ---------------------------------------------

@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("tdt,ndt", FLOATS, ids=ids(FLOATS))
@pytest.mark.parametrize("seed", SEEDS)
def test_randn(seed, tdt, ndt, size):
    tg, eg = pair(seed)
    for _ in range(2):      # the second call starts with the cached Box-Muller sample, if any
        assert_same(eg._normal((size,), ndt), torch.randn(size, dtype=tdt, generator=tg))
    same_state(tg, eg)


NORMAL_PARAMS = [(0.0, 1.0), (0.3, 2.5), (-1.5, 0.25), (10.0, 0.0), (0.0, 1e-3), (1e4, 3.0)]


@pytest.mark.parametrize("mean,std", NORMAL_PARAMS)
@pytest.mark.parametrize("size", [1, 5, 15, 16, 17, 31, 32, 33, 100])
@pytest.mark.parametrize("tdt,ndt", FLOATS, ids=ids(FLOATS))
def test_normal_mean_std(tdt, ndt, size, mean, std):
    tg, eg = pair(7)
    for _ in range(2):
        expected = torch.empty(size, dtype=tdt).normal_(mean, std, generator=tg)
        assert_same(eg._normal((size,), ndt, mean, std), expected)
    same_state(tg, eg)


@pytest.mark.parametrize("size", [1, 2, 3, 16, 17, 40, 1001])
@pytest.mark.parametrize("tdt,ndt", FLOATS, ids=ids(FLOATS))
def test_normal_non_contiguous(tdt, ndt, size):
    """A strided tensor takes the element-by-element Box-Muller path, even when large."""
    tg, eg = pair(13)
    for mean, std in [(0.0, 1.0), (0.7, 3.3)]:
        expected = torch.empty(size, 2, dtype=tdt)[:, 0].normal_(mean, std, generator=tg)
        assert_same(eg._normal((size,), ndt, mean, std, contiguous=False), expected.contiguous())
    same_state(tg, eg)


@pytest.mark.parametrize("tdt,ndt", FLOATS, ids=ids(FLOATS))
@pytest.mark.parametrize("seed", SEEDS[:3])
def test_normal_large(seed, tdt, ndt):
    tg, eg = pair(seed)
    n = 200_003
    assert_same(eg._normal((n,), ndt), torch.randn(n, dtype=tdt, generator=tg))
    assert_same(eg._normal((n,), ndt, -1.5, 0.25),
                torch.empty(n, dtype=tdt).normal_(-1.5, 0.25, generator=tg))
    same_state(tg, eg)


def test_normal_shapes_and_empty():
    tg, eg = pair(0)
    for shape in [(), (0,), (2, 0, 3), (4, 5), (2, 3, 4)]:
        assert_same(eg._normal(shape, np.float32), torch.randn(shape, generator=tg))
    same_state(tg, eg)


@pytest.mark.parametrize("std", [-1.0, -1e-7, float("nan")])
def test_normal_negative_std(std):
    expected = outcome(lambda: torch.empty(3).normal_(0, std))[1]
    assert outcome(lambda: er.Generator()._normal((3,), np.float32, 0, std))[1] == expected


@pytest.mark.parametrize("tdt,ndt", INTS[:1] + INTS[5:6], ids=ids(INTS[:1] + INTS[5:6]))
def test_normal_rejects_integers(tdt, ndt):
    expected = outcome(lambda: torch.empty(3, dtype=tdt).normal_())[1]
    assert outcome(lambda: er.Generator()._normal((3,), ndt))[1] == expected


def test_box_muller_cache_across_calls():
    tg, eg = pair(0)
    assert_same(eg._normal((3,), np.float64), torch.randn(3, dtype=torch.float64, generator=tg))
    same_state(tg, eg)                                  # the spare sample is in the state bytes
    assert struct.unpack_from("<i", eg.get_state_bytes(), 5040)[0] == 1
    assert_same(eg._uniform((2,), np.float32), torch.rand(2, generator=tg))   # cache untouched
    assert_same(eg._normal((20,), np.float32), torch.randn(20, generator=tg))  # block path: idem
    same_state(tg, eg)
    assert_same(eg._normal((1,), np.float16), torch.randn(1, dtype=torch.float16, generator=tg))
    same_state(tg, eg)                                  # spare consumed, none left
    assert struct.unpack_from("<i", eg.get_state_bytes(), 5040)[0] == 0
    eg._normal((1,), np.float32), torch.randn(1, generator=tg)
    tg.manual_seed(0), eg.manual_seed(0)                # reseeding drops the spare
    same_state(tg, eg)
    assert_same(eg._normal((1,), np.float32), torch.randn(1, generator=tg))


# ----------------------------------------------- integers --------------------------------------------

INT_RANGES = [(0, 10), (-5, 5), (3, 1000), (0, 2**28 - 1), (0, 2**28), (-2**40, 2**40),
              (0, 2**32), (0, 2**32 + 1), (-2**63, 2**63 - 1), (2**62, 2**63 - 1), (-100, -99),
              (0, 2), (250, 256), (0, 65505), (-2**31, 2**31)]


@pytest.mark.parametrize("low,high", INT_RANGES)
@pytest.mark.parametrize("tdt,ndt", ALL, ids=ids(ALL))
def test_random_from_to(tdt, ndt, low, high):
    tg, eg = pair(5)
    with warnings.catch_warnings(record=True) as tw:
        warnings.simplefilter("always")
        expected, terr = outcome(lambda: torch.empty(25, dtype=tdt).random_(low, high, generator=tg))
    with warnings.catch_warnings(record=True) as ew:
        warnings.simplefilter("always")
        actual, eerr = outcome(lambda: eg._random_int((25,), ndt, low, high))
    assert eerr == terr
    assert [str(w.message).split(" (Triggered")[0] for w in tw] == [str(w.message) for w in ew]
    if terr is None:
        assert_same(actual, expected)
    same_state(tg, eg)


@pytest.mark.parametrize("low", [0, 5, -7, 2**11, 2**24 - 3, -2**63, -2**63 + 1, 2**40])
@pytest.mark.parametrize("tdt,ndt", ALL, ids=ids(ALL))
def test_random_from_unbounded(tdt, ndt, low):
    """``random_(low, None)``: [low, max of dtype]; ``low = -2**63`` is the full 64-bit range."""
    tg, eg = pair(9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected, terr = outcome(lambda: torch.empty(30, dtype=tdt).random_(low, None, generator=tg))
        actual, eerr = outcome(lambda: eg._random_int((30,), ndt, low, None))
    assert eerr == terr
    if terr is None:
        assert_same(actual, expected)
    same_state(tg, eg)


@pytest.mark.parametrize("tdt,ndt", ALL, ids=ids(ALL))
@pytest.mark.parametrize("seed", SEEDS[:3])
def test_random_no_bounds(seed, tdt, ndt):
    tg, eg = pair(seed)
    expected, terr = outcome(lambda: torch.empty(50, dtype=tdt).random_(generator=tg))
    actual, eerr = outcome(lambda: eg._random_int((50,), ndt))
    assert eerr == terr
    if terr is None:
        assert_same(actual, expected)
    same_state(tg, eg)


@pytest.mark.parametrize("size", [0, 1, 7, 1000])
@pytest.mark.parametrize("seed", SEEDS)
def test_randint(seed, size):
    tg, eg = pair(seed)
    for low, high in [(0, 10), (-3, 3), (0, 2**33), (-2**50, 17)]:
        assert_same(eg._random_int((size,), np.int64, low, high),
                    torch.randint(low, high, (size,), generator=tg))
    same_state(tg, eg)


# ----------------------------------------------- randperm --------------------------------------------

@pytest.mark.parametrize("n", [0, 1, 2, 3, 10, 16, 17, 100, 1000, 100_000])
@pytest.mark.parametrize("seed", SEEDS)
def test_randperm(seed, n):
    tg, eg = pair(seed)
    assert_same(eg._randperm(n), torch.randperm(n, generator=tg))
    assert_same(eg._randperm(n), torch.randperm(n, generator=tg))
    same_state(tg, eg)


PERM_DTYPES = [(torch.float16, np.float16, 2049), (torch.float16, np.float16, 2050),
               (torch.float32, np.float32, 300), (torch.float64, np.float64, 300),
               (torch.int8, np.int8, 128), (torch.int8, np.int8, 129),
               (torch.uint8, np.uint8, 256), (torch.uint8, np.uint8, 257),
               (torch.int16, np.int16, 1000), (torch.int32, np.int32, 1000),
               (torch.bool, np.bool_, 2), (torch.bfloat16, ml_dtypes.bfloat16, 5),
               (torch.bfloat16, ml_dtypes.bfloat16, 3000), (torch.uint16, np.uint16, 5)]


@pytest.mark.parametrize("tdt,ndt,n", PERM_DTYPES)
def test_randperm_dtypes(tdt, ndt, n):
    tg, eg = pair(21)
    expected, terr = outcome(lambda: torch.randperm(n, dtype=tdt, generator=tg))
    actual, eerr = outcome(lambda: eg._randperm(n, ndt))
    assert eerr == terr
    if terr is None:
        assert_same(actual, expected)


# ------------------------------------------ interleaved streams --------------------------------------

def _ops(g, t):
    """The same sequence of draws on an ember generator (t=False) or a torch generator (t=True)."""
    if t:
        return [
            torch.rand(5, generator=g), torch.randn(3, generator=g),
            torch.randint(0, 100, (4,), generator=g), torch.randn(20, generator=g),
            torch.randperm(7, generator=g), torch.rand(3, dtype=torch.float64, generator=g),
            torch.randn(1, dtype=torch.float64, generator=g),
            torch.empty(17, dtype=torch.bfloat16).normal_(1.0, 2.0, generator=g),
            torch.randint(-2**40, 2**40, (3,), generator=g), torch.randn(2, 3, generator=g),
            torch.empty(700).uniform_(-1, 1, generator=g), torch.randn(33, generator=g),
            torch.empty(9, dtype=torch.float16).uniform_(0, 10, generator=g),
        ]
    return [
        g._uniform((5,), np.float32), g._normal((3,), np.float32),
        g._random_int((4,), np.int64, 0, 100), g._normal((20,), np.float32),
        g._randperm(7), g._uniform((3,), np.float64), g._normal((1,), np.float64),
        g._normal((17,), ml_dtypes.bfloat16, 1.0, 2.0),
        g._random_int((3,), np.int64, -2**40, 2**40), g._normal((2, 3), np.float32),
        g._uniform((700,), np.float32, -1, 1), g._normal((33,), np.float32),
        g._uniform((9,), np.float16, 0, 10),
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_interleaved_calls_stay_in_step(seed):
    tg, eg = pair(seed)
    for _ in range(3):
        for actual, expected in zip(_ops(eg, False), _ops(tg, True)):
            assert_same(actual, expected)
        same_state(tg, eg)


# ------------------------------------------------- state ---------------------------------------------

@pytest.mark.parametrize("draws", [0, 1, 3, 623, 624, 625, 1247, 1248, 5000])
def test_state_bytes_after_draws(draws):
    tg, eg = pair(42)
    tg_out = torch.empty(draws, dtype=torch.int64).random_(0, 1000, generator=tg)
    assert_same(eg._random_int((draws,), np.int64, 0, 1000), tg_out)
    same_state(tg, eg)


def test_state_round_trip_and_resume():
    tg, eg = pair(1)
    torch.randn(5, generator=tg), eg._normal((5,), np.float32)      # leaves a cached sample
    saved = eg.get_state_bytes()
    first = eg._normal((40,), np.float32), eg._normal((3,), np.float64)
    eg.set_state_bytes(saved)
    assert eg.get_state_bytes() == saved
    second = eg._normal((40,), np.float32), eg._normal((3,), np.float64)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(first, second))
    other = er.Generator().set_state_bytes(np.frombuffer(saved, np.uint8))   # ndarray accepted
    assert other.get_state_bytes() == saved and other.initial_seed() == 1


def test_state_from_torch_bytes():
    tg = torch.Generator().manual_seed(99)
    torch.randn(7, dtype=torch.float64, generator=tg)
    torch.rand(1000, generator=tg)
    eg = er.Generator().set_state_bytes(tg.get_state().numpy())
    same_state(tg, eg)
    assert_same(eg._normal((3,), np.float64), torch.randn(3, dtype=torch.float64, generator=tg))
    assert_same(eg._normal((50,), np.float32), torch.randn(50, generator=tg))
    same_state(tg, eg)


@pytest.mark.parametrize("left,nxt", [(1, 0), (1, 624), (1, 300), (624, 1), (5, 0), (100, 10),
                                      (624, 0), (2, 623), (300, 300)])
def test_state_with_unusual_counters(left, nxt):
    """Counters set by hand (also the float normal cache) behave as in torch."""
    tg = torch.Generator().manual_seed(5)
    torch.rand(1000, generator=tg)
    raw = bytearray(tg.get_state().numpy().tobytes())
    struct.pack_into("<i", raw, 8, left)
    struct.pack_into("<Q", raw, 16, nxt)
    struct.pack_into("<f?", raw, 5048, 1.25, True)
    tg.set_state(torch.frombuffer(raw, dtype=torch.uint8))
    eg = er.Generator().set_state_bytes(bytes(raw))
    same_state(tg, eg)
    for n in [1, 3, 700, 5]:
        assert_same(eg._random_int((n,), np.int64, 0, 1000),
                    torch.empty(n, dtype=torch.int64).random_(0, 1000, generator=tg))
        same_state(tg, eg)


def _patched(offset, fmt, value):
    raw = bytearray(torch.Generator().manual_seed(3).get_state().numpy().tobytes())
    struct.pack_into(fmt, raw, offset, value)
    return raw


BAD_STATES = [
    ("short", np.zeros(10, np.uint8)),
    ("legacy size", np.zeros(5048, np.uint8)),
    ("float", np.zeros(5056, np.float32)),
    ("left 0", np.frombuffer(_patched(8, "<i", 0), np.uint8)),
    ("left 625", np.frombuffer(_patched(8, "<i", 625), np.uint8)),
    ("unseeded", np.frombuffer(_patched(12, "<i", 0), np.uint8)),
    ("next 625", np.frombuffer(_patched(16, "<Q", 625), np.uint8)),
    ("non-contiguous", np.zeros(2 * 5056, np.uint8)[::2]),
]


@pytest.mark.parametrize("name,state", BAD_STATES, ids=[b[0] for b in BAD_STATES])
def test_invalid_states(name, state):
    expected = outcome(lambda: torch.Generator().set_state(torch.from_numpy(state)))[1]
    assert expected is not None
    assert outcome(lambda: er.Generator().set_state_bytes(state))[1] == expected


def test_seeded_field_is_normalised():
    raw = _patched(12, "<i", 7)
    tg = torch.Generator()
    tg.set_state(torch.frombuffer(raw, dtype=torch.uint8))
    eg = er.Generator().set_state_bytes(raw)
    same_state(tg, eg)


# -------------------------------------------- exact arithmetic ---------------------------------------

def _round_to(x, dtype):
    """Correctly round a Fraction to float32/float64."""
    f = dtype(float(x))
    cands = [f, np.nextafter(f, dtype(np.inf)), np.nextafter(f, dtype(-np.inf))]
    err = [abs(Fraction(float(c)) - x) for c in cands]
    best = min(err)
    ties = [c for c, e in zip(cands, err) if e == best]
    return min(ties, key=lambda c: int(np.array(c).view(np.int64 if dtype is np.float64 else np.int32)) & 1)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fma_emulation_is_correctly_rounded(dtype):
    rng = np.random.default_rng(0)
    n = 4000
    a = rng.standard_normal(n).astype(dtype)
    b = rng.standard_normal(n).astype(dtype)
    c = (-(a.astype(np.float64) * b) * (1 + rng.standard_normal(n) * 1e-7)).astype(dtype)
    a[::4] = (a[::4] * dtype(2.0 ** -60))
    c[::4] = rng.standard_normal(n // 4).astype(dtype) * dtype(1e-38 if dtype is np.float32 else 1e-300)
    # halfway cases: a*b + c exactly between two representable values
    a[1::4] = dtype(1.0) + dtype(2.0 ** (-12 if dtype is np.float32 else -27))
    b[1::4] = a[1::4]
    c[1::4] = dtype(2.0 ** (-24 if dtype is np.float32 else -54))
    fma = er._fma_f32 if dtype is np.float32 else er._fma_f64
    got = fma(a, b, c)
    want = np.array([_round_to(Fraction(float(x)) * Fraction(float(y)) + Fraction(float(z)), dtype)
                     for x, y, z in zip(a, b, c)], dtype)
    assert got.dtype == dtype
    assert np.array_equal(got.view(np.uint8), want.view(np.uint8))


def test_avx_log_and_sincos_are_close_to_exact():
    """The emulated vector approximations stay within a few ulp of the true functions."""
    u = (np.arange(1, 1 << 16, dtype=np.float32) * np.float32(2.0 ** -16))
    log = er._log_ps8(u)
    assert np.max(np.abs(log.astype(np.float64) - np.log(u.astype(np.float64)))
                  / np.spacing(np.abs(log))) < 4
    s, c = er._sincos_ps8(np.float32(2 * math.pi) * u)
    x = (np.float32(2 * math.pi) * u).astype(np.float64)
    assert np.max(np.abs(s - np.sin(x))) < 1e-6 and np.max(np.abs(c - np.cos(x))) < 1e-6


# --------------------------------------- the other kernel flavour ------------------------------------

_DEFAULT_KERNEL_SCRIPT = r"""
import numpy as np, torch, ml_dtypes
import ember.random as er
assert er._KERNEL == "default" and torch.backends.cpu.get_cpu_capability() == "DEFAULT"
def bits(t):
    return (t.view(torch.int16).numpy() if t.dtype == torch.bfloat16 else t.numpy()).tobytes()
bad = 0
for seed in (0, 42):
    tg, eg = torch.Generator().manual_seed(seed), er.Generator().manual_seed(seed)
    for n in (5, 16, 17, 40, 1000):
        for tdt, ndt in ((torch.float32, np.float32), (torch.float64, np.float64),
                         (torch.float16, np.float16), (torch.bfloat16, ml_dtypes.bfloat16)):
            bad += bits(torch.randn(n, dtype=tdt, generator=tg)) != eg._normal((n,), ndt).tobytes()
            bad += bits(torch.empty(n, dtype=tdt).normal_(0.3, 2.5, generator=tg)) != \
                eg._normal((n,), ndt, 0.3, 2.5).tobytes()
            bad += bits(torch.empty(n, dtype=tdt).uniform_(-3.7, 5.3, generator=tg)) != \
                eg._uniform((n,), ndt, -3.7, 5.3).tobytes()
    bad += tg.get_state().numpy().tobytes() != eg.get_state_bytes()
print("BAD", bad)
"""


def test_default_cpu_capability_kernels():
    """With ATEN_CPU_CAPABILITY=default both libraries switch to the plain C++ kernels."""
    env = dict(os.environ, ATEN_CPU_CAPABILITY="default")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-c", _DEFAULT_KERNEL_SCRIPT], env=env, cwd=root,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "BAD 0" in proc.stdout


# ============================================ tensor level ===========================================

import ember  # noqa: E402


def assert_tensor(actual, expected):
    """Same dtype, shape, strides, requires_grad and bits."""
    assert str(actual.dtype) == str(expected.dtype)
    assert tuple(actual.shape) == tuple(expected.shape)
    assert actual.stride() == expected.stride()
    assert actual.requires_grad == expected.requires_grad
    assert np.ascontiguousarray(actual._data).tobytes() == to_np(expected.contiguous()).tobytes()


E = ember
FACTORY_CASES = [  # (label, call on a module: torch or ember.random, with `E`/`torch` dtype namespace)
    ("rand 2,3", lambda m, d: m.rand(2, 3)),
    ("rand tuple", lambda m, d: m.rand((4, 5))),
    ("rand size kw", lambda m, d: m.rand(size=(3,))),
    ("rand 0-d", lambda m, d: m.rand([])),
    ("rand empty", lambda m, d: m.rand(0, 3)),
    ("rand f64", lambda m, d: m.rand(17, dtype=d.float64)),
    ("rand f16", lambda m, d: m.rand(5, 4, dtype=d.float16)),
    ("rand bf16", lambda m, d: m.rand(33, dtype=d.bfloat16)),
    ("rand c64", lambda m, d: m.rand(3, dtype=d.complex64)),
    ("rand grad", lambda m, d: m.rand(2, requires_grad=True)),
    ("randn 3", lambda m, d: m.randn(3)),
    ("randn 16", lambda m, d: m.randn(4, 4)),
    ("randn 2,3,7", lambda m, d: m.randn(2, 3, 7)),
    ("randn f64", lambda m, d: m.randn(40, dtype=d.float64)),
    ("randn bf16", lambda m, d: m.randn(19, dtype=d.bfloat16)),
    ("randn c128", lambda m, d: m.randn(9, dtype=d.complex128)),
    ("randn grad", lambda m, d: m.randn(2, 2, requires_grad=True)),
    ("randint high", lambda m, d: m.randint(10, (6,))),
    ("randint low high", lambda m, d: m.randint(-4, 4, (2, 3))),
    ("randint kw", lambda m, d: m.randint(low=2, high=5, size=[4], dtype=d.int32)),
    ("randint high kw", lambda m, d: m.randint(5, size=(3,))),
    ("randint float", lambda m, d: m.randint(0, 100, (5,), dtype=d.float32)),
    ("randint u8", lambda m, d: m.randint(0, 256, (9,), dtype=d.uint8)),
    ("randint big", lambda m, d: m.randint(-2**60, 2**60, (4,))),
    ("randint size obj", lambda m, d: m.randint(7, m.rand(2, 3).shape)),
    ("randperm", lambda m, d: m.randperm(10)),
    ("randperm f32", lambda m, d: m.randperm(20, dtype=d.float32)),
    ("randperm grad", lambda m, d: m.randperm(4, dtype=d.float64, requires_grad=True)),
    ("randperm 0", lambda m, d: m.randperm(0)),
]


@pytest.mark.parametrize("label,call", FACTORY_CASES, ids=[c[0] for c in FACTORY_CASES])
def test_factories(label, call):
    torch.manual_seed(123)
    er.manual_seed(123)
    for _ in range(2):
        assert_tensor(call(er, E), call(torch, torch))
    assert er.get_rng_state()._data.tobytes() == torch.get_rng_state().numpy().tobytes()


def test_factories_with_generator_and_out():
    tg, eg = pair(77)
    assert_tensor(er.rand(3, generator=eg), torch.rand(3, generator=tg))
    assert_tensor(er.randn(20, generator=eg), torch.randn(20, generator=tg))
    assert_tensor(er.randint(3, 9, (5,), generator=eg), torch.randint(3, 9, (5,), generator=tg))
    assert_tensor(er.randperm(9, generator=eg), torch.randperm(9, generator=tg))
    eo, to = E.zeros(5, dtype=E.float64), torch.zeros(5, dtype=torch.float64)
    assert er.randn(3, out=eo, generator=eg) is eo
    torch.randn(3, out=to, generator=tg)
    assert_tensor(eo, to)
    eo, to = E.zeros(2, dtype=E.int32), torch.zeros(2, dtype=torch.int32)
    er.randint(0, 50, (4,), out=eo, generator=eg), torch.randint(0, 50, (4,), out=to, generator=tg)
    assert_tensor(eo, to)
    eo, to = E.zeros(4, 5).t(), torch.zeros(4, 5).t()       # same shape: filled in memory order
    er.randn(5, 4, out=eo, generator=eg), torch.randn(5, 4, out=to, generator=tg)
    assert_tensor(eo, to)
    er.rand(5, 4, out=eo, generator=eg), torch.rand(5, 4, out=to, generator=tg)
    assert_tensor(eo, to)
    eo, to = E.zeros(3, dtype=E.int64), torch.zeros(3, dtype=torch.int64)
    er.randperm(6, out=eo, generator=eg), torch.randperm(6, out=to, generator=tg)
    assert_tensor(eo, to)
    same_state(tg, eg)
    eo, to = E.zeros(3, requires_grad=True), torch.zeros(3, requires_grad=True)
    assert outcome(lambda: er.rand(3, out=eo))[1] == outcome(lambda: torch.rand(3, out=to))[1]


LIKE_INPUTS = [  # (label, builder taking a module)
    ("contiguous", lambda m: m.zeros(3, 5)),
    ("0-d", lambda m: m.zeros(())),
    ("transposed", lambda m: m.zeros(4, 6).t()),
    ("permuted 3d", lambda m: m.zeros(2, 3, 4).permute(2, 0, 1)),
    ("sliced", lambda m: m.zeros(4, 6)[:, ::2]),
    ("sliced transposed", lambda m: m.zeros(6, 4)[::2].t()),
    ("expanded", lambda m: m.zeros(3).expand(2, 3)),
    ("expanded column", lambda m: m.zeros(3, 1).expand(3, 4)),
    ("size-1 dims", lambda m: m.zeros(1, 3, 1, 2).permute(3, 2, 1, 0)),
    ("large transposed", lambda m: m.zeros(8, 5).t()),
    ("f64 transposed", lambda m: m.zeros(6, 7, dtype=m.float64).t()),
    ("f16", lambda m: m.zeros(5, 7, dtype=m.float16)),
]


@pytest.mark.parametrize("label,build", LIKE_INPUTS, ids=[c[0] for c in LIKE_INPUTS])
def test_like_functions(label, build):
    tg, eg = pair(8)
    x_e, x_t = build(E), build(torch)
    assert_tensor(er.rand_like(x_e, generator=eg), torch.rand_like(x_t, generator=tg))
    assert_tensor(er.randn_like(x_e, generator=eg), torch.randn_like(x_t, generator=tg))
    assert_tensor(er.randint_like(x_e, 10, generator=eg), torch.randint_like(x_t, 10, generator=tg))
    assert_tensor(er.randint_like(x_e, -3, 3, generator=eg), torch.randint_like(x_t, -3, 3, generator=tg))
    assert_tensor(er.randn_like(x_e, dtype=E.float64, generator=eg),
                  torch.randn_like(x_t, dtype=torch.float64, generator=tg))
    assert_tensor(er.rand_like(x_e, memory_format=E.contiguous_format, generator=eg),
                  torch.rand_like(x_t, memory_format=torch.contiguous_format, generator=tg))
    same_state(tg, eg)


def test_like_functions_default_generator():
    torch.manual_seed(4), er.manual_seed(4)
    x_e, x_t = E.zeros(5, 4).t(), torch.zeros(5, 4).t()
    assert_tensor(er.randn_like(x_e), torch.randn_like(x_t))
    assert_tensor(er.randint_like(x_e, high=7), torch.randint_like(x_t, high=7))
    assert_tensor(er.rand_like(x_e, requires_grad=True), torch.rand_like(x_t, requires_grad=True))


INPLACE_TARGETS = [
    ("contiguous", lambda m: m.zeros(5, 7)),
    ("transposed", lambda m: m.zeros(5, 7).t()),
    ("column", lambda m: m.zeros(40, 2)[:, 0]),
    ("permuted", lambda m: m.zeros(2, 4, 5).permute(1, 2, 0)),
    ("f64 rows", lambda m: m.zeros(6, 9, dtype=m.float64)[::2]),
    ("bf16", lambda m: m.zeros(20, dtype=m.bfloat16)),
    ("empty", lambda m: m.zeros(0, 3)),
]


@pytest.mark.parametrize("label,build", INPLACE_TARGETS, ids=[c[0] for c in INPLACE_TARGETS])
def test_inplace_sampling(label, build):
    tg, eg = pair(31)
    t_e, t_t = build(E), build(torch)
    version = t_e._version
    calls = [
        (lambda t, g: er.uniform_(t, generator=g), lambda t, g: t.uniform_(generator=g)),
        (lambda t, g: er.uniform_(t, -2, 3, generator=g), lambda t, g: t.uniform_(-2, 3, generator=g)),
        (lambda t, g: er.normal_(t, generator=g), lambda t, g: t.normal_(generator=g)),
        (lambda t, g: er.normal_(t, 1.5, 0.5, generator=g), lambda t, g: t.normal_(1.5, 0.5, generator=g)),
        (lambda t, g: er.random_(t, generator=g), lambda t, g: t.random_(generator=g)),
        (lambda t, g: er.random_(t, 9, generator=g), lambda t, g: t.random_(9, generator=g)),
        (lambda t, g: er.random_(t, -4, 4, generator=g), lambda t, g: t.random_(-4, 4, generator=g)),
        (lambda t, g: er.random_(t, 3, None, generator=g), lambda t, g: t.random_(3, None, generator=g)),
    ]
    for ember_call, torch_call in calls:
        assert ember_call(t_e, eg) is t_e
        torch_call(t_t, tg)
        assert_tensor(t_e, t_t)
        same_state(tg, eg)
    assert t_e._version > version or t_e.numel() == 0


def test_inplace_refusals():
    leaf_e, leaf_t = E.zeros(3, requires_grad=True), torch.zeros(3, requires_grad=True)
    assert outcome(lambda: er.uniform_(leaf_e))[1] == outcome(lambda: leaf_t.uniform_())[1]
    with E.no_grad():
        er.normal_(leaf_e)
    exp_e, exp_t = E.zeros(3).expand(2, 3), torch.zeros(3).expand(2, 3)
    assert outcome(lambda: er.normal_(exp_e))[1] == outcome(lambda: exp_t.normal_())[1]
    int_e, int_t = E.zeros(3, dtype=E.int32), torch.zeros(3, dtype=torch.int32)
    assert outcome(lambda: er.uniform_(int_e))[1] == outcome(lambda: int_t.uniform_())[1]
    assert outcome(lambda: er.normal_(E.zeros(2), 0, -1))[1] == \
        outcome(lambda: torch.zeros(2).normal_(0, -1))[1]


ERROR_CASES = [
    ("rand int", lambda m, d: m.rand(3, dtype=d.int64)),
    ("rand bool", lambda m, d: m.rand(3, dtype=d.bool)),
    ("randn int", lambda m, d: m.randn(3, dtype=d.int64)),
    ("rand negative", lambda m, d: m.rand(-1)),
    ("rand float size", lambda m, d: m.rand(2.5)),
    ("rand out dtype", lambda m, d: m.rand(3, dtype=d.float64, out=m.zeros(2))),
    ("randint from>=to", lambda m, d: m.randint(10, 3, (3,))),
    ("randint overflow", lambda m, d: m.randint(0, 2**64, (3,))),
    ("randint int size", lambda m, d: m.randint(3, 10, 3)),
    ("randint float bounds", lambda m, d: m.randint(2.5, 7.9, (3,))),
    ("randint no size", lambda m, d: m.randint(5)),
    ("randint u8 range", lambda m, d: m.randint(0, 300, (2,), dtype=d.uint8)),
    ("randint grad", lambda m, d: m.randint(10, (3,), requires_grad=True)),
    ("randperm negative", lambda m, d: m.randperm(-1)),
    ("randperm float", lambda m, d: m.randperm(5.0)),
    ("randperm bool n", lambda m, d: m.randperm(True)),
    ("randperm f16 n", lambda m, d: m.randperm(3000, dtype=d.float16)),
    ("randperm int8 n", lambda m, d: m.randperm(300, dtype=d.int8)),
    ("rand_like int", lambda m, d: m.rand_like(m.zeros(2, dtype=d.int32))),
    ("randn_like int", lambda m, d: m.randn_like(m.zeros(2, dtype=d.int64))),
    ("set_rng_state list", lambda m, d: m.set_rng_state([1, 2])),
    ("set_rng_state float", lambda m, d: m.set_rng_state(m.zeros(5056))),
    ("set_rng_state short", lambda m, d: m.set_rng_state(m.zeros(10, dtype=d.uint8))),
    ("Generator cuda", lambda m, d: m.Generator("cuda")),
    ("Generator meta", lambda m, d: m.Generator("meta")),
    ("Generator int", lambda m, d: m.Generator(0)),
    ("randint_like float", lambda m, d: m.randint_like(m.zeros(2), 2.5)),
    ("random_ float", lambda m, d: m.random_(m.zeros(2), 2.5)),
    ("random_ from only", lambda m, d: m.random_(m.zeros(2), **{"from": 2})),
    ("random_ from>=to", lambda m, d: m.random_(m.zeros(2), 5, 3)),
    ("uniform_ bad kw", lambda m, d: m.uniform_(m.zeros(2), from_=1)),
]


@pytest.mark.parametrize("label,call", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_errors(label, call):
    class Both:  # torch.zeros for the inputs, everything else from the module under test
        def __init__(self, rng, lib):
            self.rng, self.lib = rng, lib

        def __getattr__(self, name):
            return getattr(self.rng if hasattr(self.rng, name) and name != "zeros" else self.lib, name)

    class TorchSide:  # torch, with the in-place samplers called as functions like ember.random has them
        def __getattr__(self, name):
            if name in ("random_", "uniform_", "normal_"):
                return lambda t, *a, **k: getattr(t, name)(*a, **k)
            return getattr(torch, name)

    state = torch.get_rng_state()
    expected = outcome(lambda: call(TorchSide(), torch))[1]
    torch.set_rng_state(state)
    actual = outcome(lambda: call(Both(er, E), E))[1]
    assert expected is not None
    assert actual[0] is expected[0]
    assert actual[1].split("\n")[0] == expected[1].split("\n")[0]


def test_module_functions_and_default_generator():
    assert er.manual_seed(2**40 + 3) is er.default_generator
    torch.manual_seed(2**40 + 3)
    assert er.initial_seed() == torch.initial_seed() == 2**40 + 3
    assert er.manual_seed(7.9).initial_seed() == torch.manual_seed(7.9).initial_seed() == 7
    assert er.manual_seed(-3).initial_seed() == torch.manual_seed(-3).initial_seed()
    assert_tensor(er.get_rng_state(), torch.get_rng_state())
    state = er.get_rng_state()
    a = er.randn(5)
    er.set_rng_state(state)
    assert np.array_equal(er.randn(5)._data, a._data)
    s = er.seed()
    assert er.initial_seed() == s and 0 <= s < 2**64


def test_fork_rng_restores_state():
    er.manual_seed(0)
    before = er.get_rng_state()._data.tobytes()
    with er.fork_rng():
        er.randn(50)
    assert er.get_rng_state()._data.tobytes() == before


def test_generator_object():
    tg, eg = pair(5)
    assert str(eg.device) == str(tg.device) == "cpu"
    assert repr(eg.device) == repr(tg.device)
    torch.rand(4, generator=tg), er.rand(4, generator=eg)
    assert_tensor(eg.get_state(), tg.get_state())
    other = er.Generator()
    assert other.set_state(eg.get_state()) is other
    assert_tensor(er.randn(3, generator=other), torch.randn(3, generator=tg))
    import pickle
    copy = pickle.loads(pickle.dumps(eg))
    assert copy.get_state_bytes() == eg.get_state_bytes() and copy.initial_seed() == 5
    assert outcome(lambda: eg.set_state(E.zeros(5056)))[1] == outcome(lambda: tg.set_state(torch.zeros(5056)))[1]
    assert outcome(lambda: eg.set_state([1]))[1] == outcome(lambda: tg.set_state([1]))[1]
    assert outcome(lambda: eg.manual_seed(np.int64(3)))[1] == outcome(lambda: tg.manual_seed(np.int64(3)))[1]
