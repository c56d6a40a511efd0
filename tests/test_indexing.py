"""Indexing compared with PyTorch: views for basic indices, gathered copies (with PyTorch's strides) for advanced ones,
assignment with broadcasting and casting, ``index_put_``, and the errors."""
import numpy as np
import pytest

from oracle import DTYPE_NAMES, LAYOUTS, check, make, sample


def root(x):
    return x if x._base is None else x._base


def facts(x, r):
    """A result with how it relates to ``x``: a view of x's root, a view at all, sharing x's memory."""
    shares = bool(r.numel() and r.untyped_storage().data_ptr() == x.untyped_storage().data_ptr())
    return r, r._base is root(x), r._base is None, shares


def mask(T, shape, seed=1):
    return T.tensor(sample(shape, "bool", seed=seed).tolist(), dtype=T.bool)


# Indices into a (2, 3, 4) tensor: one row per distinct rule. Each is fn(T) -> index.
INDICES_3D = [
    # ints and slices: views
    ("int", lambda T: 1),
    ("int_neg", lambda T: -1),
    ("ints_2", lambda T: (1, 2)),
    ("ints_3", lambda T: (1, -1, 3)),
    ("int_out", lambda T: 2),
    ("int_out_neg", lambda T: -3),
    ("int_out_dim2", lambda T: (0, 0, 4)),
    ("too_many_ints", lambda T: (0, 0, 0, 0)),
    ("numpy_int", lambda T: np.int64(1)),
    ("numpy_ints", lambda T: (np.int32(1), 0)),
    ("slice_all", lambda T: slice(None)),
    ("slice_from", lambda T: slice(1, None)),
    ("slice_step", lambda T: (slice(None), slice(None, None, 2))),
    ("slice_clamped", lambda T: (slice(-10, 10), slice(5, None))),
    ("slice_reversed_bounds", lambda T: (slice(None), slice(2, 1))),
    ("slice_neg_bounds", lambda T: (slice(None), slice(-2, -1), slice(1, -1, 2))),
    ("slice_tensor_bounds", lambda T: slice(T.tensor(1), T.tensor(2))),
    ("slice_step_zero", lambda T: slice(None, None, 0)),
    ("slice_step_negative", lambda T: slice(None, None, -1)),
    ("int_slice", lambda T: (0, slice(1, 3))),
    ("slice_int", lambda T: (slice(None), 1)),
    ("ellipsis", lambda T: Ellipsis),
    ("ellipsis_int", lambda T: (Ellipsis, 0)),
    ("int_ellipsis", lambda T: (0, Ellipsis)),
    ("ellipsis_twice", lambda T: (Ellipsis, 0, Ellipsis)),
    ("none", lambda T: None),
    ("none_int_none", lambda T: (None, 0, None)),
    ("ellipsis_none", lambda T: (Ellipsis, None)),
    ("slice_none_int", lambda T: (slice(None), None, 1)),
    ("empty_tuple", lambda T: ()),
    ("int_tensor_0d", lambda T: T.tensor(1)),
    ("int32_tensor_0d", lambda T: (slice(None), T.tensor(2, dtype=T.int32))),
    ("int_tensor_0d_out", lambda T: T.tensor(5)),
    # bools: an index on a new dim
    ("true", lambda T: True),
    ("false", lambda T: False),
    ("true_int", lambda T: (True, 0)),
    ("int_false", lambda T: (0, False)),
    ("true_list", lambda T: (True, [0, 1])),
    ("bool_tensor_0d", lambda T: T.tensor(True)),
    ("bool_tensor_0d_false", lambda T: (Ellipsis, T.tensor(False))),
    ("uint8_tensor_0d", lambda T: T.tensor(1, dtype=T.uint8)),
    # advanced: lists and tensors
    ("list", lambda T: [0, 1]),
    ("list_neg", lambda T: [-1, 0, -2]),
    ("list_repeat", lambda T: [1, 1, 0]),
    ("list_empty", lambda T: []),
    ("list_nested", lambda T: [[0, 1], [1, 0]]),
    ("list_with_slice", lambda T: [0, slice(None)]),
    ("list_bools", lambda T: [True, False]),
    ("list_floats", lambda T: [0.0, 1.0]),
    ("list_out", lambda T: [0, 2]),
    ("list_out_neg", lambda T: [-3]),
    ("tensor", lambda T: T.tensor([1, 0])),
    ("tensor_2d", lambda T: T.tensor([[0, 1], [1, 1]])),
    ("tensor_int32", lambda T: T.tensor([1, 0], dtype=T.int32)),
    ("tensor_int16", lambda T: T.tensor([1, 0], dtype=T.int16)),
    ("tensor_float", lambda T: T.tensor([1.0])),
    ("tensor_empty", lambda T: T.tensor([], dtype=T.int64)),
    ("tensor_transposed", lambda T: T.tensor([[0, 1, 1], [1, 0, 1]]).t()),
    ("numpy_array", lambda T: np.array([1, 0])),
    ("numpy_2d_as_tuple", lambda T: np.array([[0, 1], [1, 2]])),
    ("dim1_list", lambda T: (slice(None), [0, 2])),
    ("dim2_list", lambda T: (Ellipsis, [3, 0])),
    ("two_adjacent", lambda T: (slice(None), [0, 1], [1, 2])),
    ("two_apart", lambda T: ([0, 1], slice(None), [1, 2])),
    ("int_then_list", lambda T: (1, slice(None), [0, 1])),
    ("list_then_int", lambda T: ([0, 1], 1)),
    ("list_int_list", lambda T: ([0, 1], 1, [0, 3])),
    ("list_none_list", lambda T: ([0, 1], None, [0, 1])),
    ("none_list_ellipsis_list", lambda T: (None, [0, 1], Ellipsis, [0, 1])),
    ("broadcast_lists", lambda T: ([[0], [1]], slice(None), [[1, 2, 3]])),
    ("broadcast_tensors", lambda T: (T.tensor([0, 1]), T.tensor([[1], [2]]))),
    ("broadcast_mismatch", lambda T: ([0, 1], [0, 1, 0])),
    ("slice_then_list", lambda T: (slice(1, None), [2, 0])),
    ("strided_slice_list", lambda T: (slice(None), slice(None, None, 2), [1, 3])),
    ("list_out_dim1", lambda T: (slice(None), [0, 3])),
    ("list_out_second", lambda T: ([0, 1], [1, 3])),
    ("too_many_lists", lambda T: ([0], [0], [0], [0])),
    # masks
    ("mask_1d", lambda T: T.tensor([True, False])),
    ("mask_2d", lambda T: mask(T, (2, 3))),
    ("mask_3d", lambda T: mask(T, (2, 3, 4))),
    ("mask_dim1", lambda T: (slice(None), T.tensor([False, True, True]))),
    ("mask_last", lambda T: (Ellipsis, mask(T, (3, 4)))),
    ("mask_then_int", lambda T: (mask(T, (2, 3)), 0)),
    ("mask_then_none", lambda T: (mask(T, (2, 3)), None)),
    ("mask_and_list", lambda T: (T.tensor([True, True]), [0, 2])),
    ("mask_all_false", lambda T: T.zeros(2, 3, dtype=T.bool)),
    ("mask_uint8", lambda T: T.tensor([1, 0], dtype=T.uint8)),
    ("mask_wrong_shape", lambda T: T.tensor([True, False, True])),
    ("mask_wrong_2d", lambda T: (slice(None), mask(T, (3, 3)))),
    ("mask_too_many_dims", lambda T: mask(T, (2, 3, 4, 1))),
    # not indices
    ("float", lambda T: 0.5),
    ("float_in_tuple", lambda T: (0, 1.5)),
    ("string", lambda T: "a"),
    ("numpy_bool", lambda T: np.bool_(True)),
    ("dict", lambda T: {}),
]

IDS_3D = [r[0] for r in INDICES_3D]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("name,index", INDICES_3D, ids=IDS_3D)
def test_getitem(name, index, layout):
    data = sample((2, 3, 4), "float32")
    check(lambda T: facts(x := layout(T, data, "float32"), x[index(T)]))


# Inputs whose layout makes PyTorch's advanced-index results non-contiguous, or with size-0/1 dims.
ODD_INPUTS = [
    ("permuted", lambda T: make(T, sample((3, 4, 2), "float32"), "float32").permute(2, 0, 1)),
    ("last_first", lambda T: make(T, sample((4, 2, 3), "float32"), "float32").permute(1, 2, 0)),
    ("expanded", lambda T: make(T, sample((1, 3, 1), "float32"), "float32").expand(2, 3, 4)),
    ("offset_slices", lambda T: make(T, sample((3, 5, 6), "float32"), "float32")[1:, 1:4, ::2][:, :, :4]),
    ("size1_dims", lambda T: make(T, sample((2, 3, 4), "float32"), "float32")[:, :1].expand(2, 3, 4)),
]


@pytest.mark.parametrize("make_input", [r[1] for r in ODD_INPUTS], ids=[r[0] for r in ODD_INPUTS])
@pytest.mark.parametrize("name,index", INDICES_3D, ids=IDS_3D)
def test_getitem_odd_layouts(name, index, make_input):
    check(lambda T: facts(x := make_input(T), x[index(T)]))


SMALL_INPUTS = [
    ("0d", lambda T: T.tensor(2.5)),
    ("1d", lambda T: T.tensor([1.0, 2.0, 3.0])),
    ("empty_1d", lambda T: T.zeros(0)),
    ("empty_2d", lambda T: T.zeros(0, 3)),
    ("empty_dim1", lambda T: T.zeros(2, 0)),
]
SMALL_INDICES = [
    ("zero", lambda T: 0),
    ("five", lambda T: 5),
    ("minus_one", lambda T: -1),
    ("zero_tuple", lambda T: (0,)),
    ("ellipsis", lambda T: Ellipsis),
    ("none", lambda T: None),
    ("true", lambda T: True),
    ("false", lambda T: False),
    ("empty_tuple", lambda T: ()),
    ("slice", lambda T: slice(1, None)),
    ("list", lambda T: [0]),
    ("list_empty", lambda T: []),
    ("tensor_0d", lambda T: T.tensor(0)),
    ("bool_0d", lambda T: T.tensor(True)),
    ("mask_like", lambda T: T.zeros(3, dtype=T.bool)),
    ("dim1_list", lambda T: (slice(None), [0])),
    ("dim1_empty_list", lambda T: (slice(None), [])),
    ("none_none", lambda T: (None, Ellipsis, None)),
]


@pytest.mark.parametrize("make_input", [r[1] for r in SMALL_INPUTS], ids=[r[0] for r in SMALL_INPUTS])
@pytest.mark.parametrize("name,index", SMALL_INDICES, ids=[r[0] for r in SMALL_INDICES])
def test_getitem_small(name, index, make_input):
    check(lambda T: facts(x := make_input(T), x[index(T)]))


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("name", ["int", "ints_3", "list", "mask_2d", "two_apart", "true"])
def test_getitem_dtypes(name, dtype):
    index = dict(INDICES_3D)[name]
    data = sample((2, 3, 4), dtype)
    check(lambda T: facts(x := make(T, data, dtype), x[index(T)]))


MESSAGES = [
    ("int_out", lambda T: T.zeros(2, 3)[2]),
    ("int_out_dim1", lambda T: T.zeros(2, 3)[0, -4]),
    ("zero_d", lambda T: T.tensor(1.0)[0]),
    ("too_many", lambda T: T.zeros(2, 3)[0, 0, 0]),
    ("list_out", lambda T: T.zeros(2, 3)[[0, 5]]),
    ("list_out_second", lambda T: T.zeros(2, 3)[[0, 1], [1, -4]]),
    ("list_out_order", lambda T: T.zeros(4, 4)[[9, 0, 7]]),
    ("list_out_transposed", lambda T: T.zeros(4, 4)[:, T.tensor([[0, 9], [8, 0]]).t()]),
    ("empty_dim", lambda T: T.zeros(0, 3)[[0]]),
    ("float_index", lambda T: T.zeros(2, 3)[1.5]),
    ("float_tensor", lambda T: T.zeros(2, 3)[T.tensor([1.0])]),
    ("int8_tensor", lambda T: T.zeros(2, 3)[T.tensor([1], dtype=T.int8)]),
    ("broadcast", lambda T: T.zeros(2, 3)[[0, 1], [0, 1, 2]]),
    ("mask", lambda T: T.zeros(2, 3)[T.tensor([True, False, True])]),
    ("mask_dim1", lambda T: T.zeros(2, 3)[:, T.tensor([True, False])]),
    ("step_zero", lambda T: T.zeros(2, 3)[::0]),
    ("step_negative", lambda T: T.zeros(2, 3)[::-1]),
    ("numpy_bool", lambda T: T.zeros(2, 3)[np.bool_(True)]),
]


@pytest.mark.parametrize("name,fn", MESSAGES, ids=[r[0] for r in MESSAGES])
def test_getitem_messages(name, fn):
    check(fn, match_message=True)


# ---------------------------------------------------------------------------------------------
# Assignment


def _assign(T, x, index, value):
    """Assign through ``x`` and report everything that can differ: x, its root, the versions."""
    before = x._version
    x[index] = value
    return x.clone(), root(x).clone(), x._version - before


# (id, fn(T) -> index, fn(T, dtype_name) -> value); run on a (2, 3, 4) float32 tensor in each layout.
SETITEMS = [
    ("int_scalar", lambda T: 1, lambda T: 7.5),
    ("ints_scalar", lambda T: (1, 2, 3), lambda T: -2),
    ("slice_row", lambda T: (slice(None), 1), lambda T: T.tensor([1.0, 2.0, 3.0, 4.0])),
    ("broadcast_col", lambda T: 0, lambda T: T.tensor([[1.0], [2.0], [3.0]])),
    ("leading_ones", lambda T: (0, 0), lambda T: T.ones(1, 1, 4)),
    ("leading_non_one", lambda T: (0, 0), lambda T: T.ones(2, 4)),
    ("shape_mismatch", lambda T: 0, lambda T: T.ones(2)),
    ("ellipsis", lambda T: Ellipsis, lambda T: T.tensor([0.0, 1.0, 2.0, 3.0])),
    ("none", lambda T: None, lambda T: 3.0),
    ("true", lambda T: True, lambda T: T.ones(3, 4, dtype=T.float64)),
    ("false_bad_shape", lambda T: False, lambda T: T.ones(7)),
    ("value_int_tensor", lambda T: 1, lambda T: T.tensor([[1, 2, 3, 4]])),
    ("value_complex_tensor", lambda T: 1, lambda T: T.tensor(1.5 + 2j)),
    ("value_complex_scalar", lambda T: 1, lambda T: 1.5 + 2j),
    ("value_real_complex_scalar", lambda T: 1, lambda T: 1.5 + 0j),
    ("value_bool", lambda T: 0, lambda T: True),
    ("value_list", lambda T: 0, lambda T: [1.0, 2.0]),
    ("value_numpy_array", lambda T: 0, lambda T: np.ones(4)),
    ("value_numpy_float64", lambda T: 0, lambda T: np.float64(2.5)),
    ("value_numpy_float32", lambda T: 0, lambda T: np.float32(2.5)),
    ("value_numpy_int", lambda T: 0, lambda T: np.int16(3)),
    ("value_string", lambda T: 0, lambda T: "x"),
    ("value_huge_int", lambda T: 0, lambda T: 2 ** 70),
    ("value_float32_overflow", lambda T: 0, lambda T: 1e300),
    ("value_0d_tensor_fill", lambda T: 0, lambda T: T.tensor(4, dtype=T.int64)),
    ("value_0d_tensor_into_0d", lambda T: (0, 0, 0), lambda T: T.tensor(4.25, dtype=T.float64)),
    ("list_scalar", lambda T: [0, 1], lambda T: 5.0),
    ("list_repeated", lambda T: ([1, 1, 0], 0, 0), lambda T: T.tensor([1.0, 2.0, 3.0])),
    ("list_tensor", lambda T: (slice(None), [0, 2]), lambda T: T.ones(2, 2, 4)),
    ("list_broadcast", lambda T: (slice(None), [0, 2]), lambda T: T.tensor([1.0, 2.0, 3.0, 4.0])),
    ("list_leading_ones", lambda T: [0, 1], lambda T: T.ones(1, 1, 3, 4)),
    ("list_value_shape", lambda T: [0, 1], lambda T: T.ones(3)),
    ("list_value_dtype", lambda T: [0, 1], lambda T: T.ones(3, 4, dtype=T.float64)),
    ("list_value_dtype_0d", lambda T: [0, 1], lambda T: T.tensor(2)),
    ("two_apart", lambda T: ([0, 1], slice(None), [1, 2]), lambda T: T.tensor([[1.0, 2.0, 3.0]]).t()),
    ("two_apart_wrong", lambda T: ([0, 1], slice(None), [1, 2]), lambda T: T.ones(3, 2)),
    ("int_then_list", lambda T: (1, slice(None), [0, 1]), lambda T: T.tensor([5.0, 6.0])),
    ("list_out", lambda T: [0, 5], lambda T: 1.0),
    ("list_float", lambda T: [0.0], lambda T: 1.0),
    ("mask_scalar", lambda T: mask(T, (2, 3)), lambda T: -1.0),
    ("mask_0d_other_dtype", lambda T: mask(T, (2, 3)), lambda T: T.tensor(3)),
    ("mask_1elem_other_dtype", lambda T: mask(T, (2, 3)), lambda T: T.tensor([[3]])),
    ("mask_full", lambda T: mask(T, (2, 3, 4)), lambda T: T.tensor(2.0)),
    ("mask_rows", lambda T: T.tensor([False, True]), lambda T: T.ones(3, 4)),
    ("mask_values", lambda T: mask(T, (2, 3, 4), seed=3), lambda T: T.tensor([float(i) for i in range(12)])),
    ("mask_wrong_count", lambda T: mask(T, (2, 3, 4)), lambda T: T.ones(2)),
    ("mask_wrong_shape", lambda T: T.tensor([True, False, True]), lambda T: 1.0),
    ("mask_uint8", lambda T: T.tensor([1, 0], dtype=T.uint8), lambda T: 1.0),
    ("true_in_tuple", lambda T: (True, 0), lambda T: T.ones(3, 4, dtype=T.float64)),
    ("tensor_0d", lambda T: T.tensor(1), lambda T: 9.0),
]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("name,index,value", SETITEMS, ids=[r[0] for r in SETITEMS])
def test_setitem(name, index, value, layout):
    data = sample((2, 3, 4), "float32")

    check(lambda T: _assign(T, layout(T, data, "float32"), index(T), value(T)))


# Values that alias the target. PyTorch refuses partial overlaps of dense layouts; for other layouts its result
# depends on its kernels' iteration order, which Ember does not reproduce (it copies as if through a temporary).
ALIASED = [
    ("shifted", lambda x: x[1:], lambda x: x[:-1]),
    ("same", lambda x: x, lambda x: x),
    ("disjoint", lambda x: x[:3], lambda x: x[3:]),
    ("list_target", lambda x: x, lambda x: x[:2]),
]


@pytest.mark.parametrize("name,target,value", ALIASED, ids=[r[0] for r in ALIASED])
def test_setitem_aliased_value(name, target, value):
    data = sample((6,), "float32")

    def fn(T):
        x = make(T, data, "float32")
        t = target(x)
        before = x._version
        if name == "list_target":
            t[[0, 1]] = value(x)
        else:
            t[...] = value(x)
        return x, x._version - before
    check(fn, match_message=True)


# Python numbers of every kind into every dtype: PyTorch converts them with overflow checks.
SCALARS = [0, 1, -1, 300, -129, -256, 2 ** 31, 2.7, -2.7, 255.9, -1.0, 1e5, 1e39, float("inf"), float("nan"), True,
           1 + 0j, 1 + 2j, complex(1e39, 0)]


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("scalar", SCALARS, ids=repr)
def test_setitem_scalar_conversion(scalar, dtype):
    data = sample((2, 3), dtype)
    check(lambda T: _assign(T, make(T, data, dtype), 0, scalar), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("source", DTYPE_NAMES)
def test_setitem_tensor_casts(source, dtype):
    data, values = sample((2, 3), dtype), sample((3,), source, seed=2)
    check(lambda T: _assign(T, make(T, data, dtype), 1, make(T, values, source)))


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("source", ["int64", "float64", "bool"])
def test_setitem_0d_tensor_fill(source, dtype):
    data = sample((2, 3), dtype)
    value = {"int64": 300, "float64": -2.5, "bool": True}[source]
    check(lambda T: _assign(T, make(T, data, dtype), 0, T.tensor(value, dtype=getattr(T, source))),
          match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_setitem_advanced_dtypes(dtype):
    data, values = sample((2, 3), dtype), sample((2, 3), dtype, seed=4)

    def fn(T):
        x = make(T, data, dtype)
        x[[1, 0]] = make(T, values, dtype)
        x[x != x[0, 0]] = x[0, 0]
        return x, x._version
    check(fn)


def test_setitem_expanded_target():
    def fn(T):
        x = T.zeros(1, 4).expand(3, 4)
        outcomes = []
        for index, value in [(0, 5.0), ((slice(None), 0), T.ones(3)), ([0], 1.0)]:
            try:
                x[index] = value
                outcomes.append((x.clone(), x._version))
            except RuntimeError as exc:
                outcomes.append(type(exc).__name__)
        return outcomes
    check(fn)


def test_setitem_writes_reach_views():
    def fn(T):
        x = make(T, sample((3, 4), "float32"), "float32")
        row, col, diag = x[1], x[:, 2], x.diagonal()
        x[1, 2] = 100.0
        x[[0, 2], [0, 2]] = -1.0
        return row, col, diag, row._version, x._version
    check(fn)


# ---------------------------------------------------------------------------------------------
# index_put_


INDEX_PUTS = [
    ("list_1d", lambda T: (T.tensor([0, 2]),), lambda T: T.tensor([1.0, 2.0])),
    ("repeated", lambda T: (T.tensor([1, 1, 1]),), lambda T: T.tensor([1.0, 2.0, 4.0])),
    ("two_dims", lambda T: (T.tensor([0, 1, 0]), T.tensor([2, 2, 2])), lambda T: T.tensor(5.0)),
    ("none_then_index", lambda T: (None, T.tensor([3, 3])), lambda T: T.tensor([[1.0], [2.0], [3.0]])),
    ("mask", lambda T: (mask(T, (3, 4)),), lambda T: T.tensor(2.0)),
    ("mask_values", lambda T: (T.tensor([True, False, True]),), lambda T: T.ones(2, 4)),
    ("int32", lambda T: (T.tensor([2, 0], dtype=T.int32),), lambda T: T.tensor([[1.0], [2.0]])),
    ("negative", lambda T: (T.tensor([-1, -1]),), lambda T: T.tensor(3.0)),
    ("dtype_mismatch", lambda T: (T.tensor([0]),), lambda T: T.tensor([1, 2, 3, 4])),
    ("leading_ones", lambda T: (T.tensor([0, 1]),), lambda T: T.ones(1, 2, 4)),
    ("out_of_range", lambda T: (T.tensor([3]),), lambda T: T.tensor(1.0)),
    ("too_many", lambda T: (T.tensor([0]),) * 3, lambda T: T.tensor(1.0)),
    ("int_not_tensor", lambda T: (0,), lambda T: T.tensor(1.0)),
    ("value_not_tensor", lambda T: (T.tensor([0]),), lambda T: 1.0),
    ("float_index", lambda T: (T.tensor([0.0]),), lambda T: T.tensor(1.0)),
    ("empty_index", lambda T: (T.tensor([], dtype=T.int64),), lambda T: T.tensor(1.0)),
    ("mask_2d_then_index", lambda T: (T.ones(3, 4, dtype=T.bool), T.tensor([0])), lambda T: T.tensor(1.0)),
    ("mask_too_many_dims", lambda T: (T.ones(3, 4, 2, dtype=T.bool),), lambda T: T.tensor([1.0, 2.0])),
]


@pytest.mark.parametrize("accumulate", [False, True])
@pytest.mark.parametrize("name,indices,values", INDEX_PUTS, ids=[r[0] for r in INDEX_PUTS])
def test_index_put_(name, indices, values, accumulate):
    data = sample((3, 4), "float32")

    def fn(T):
        x = make(T, data, "float32").t().t()
        r = x.index_put_(indices(T), values(T), accumulate=accumulate)
        return r is x, x, x._version
    check(fn, match_message=True)


@pytest.mark.parametrize("accumulate", [False, True])
@pytest.mark.parametrize("name,indices,values", INDEX_PUTS[:8], ids=[r[0] for r in INDEX_PUTS[:8]])
def test_index_put(name, indices, values, accumulate):
    data = sample((4, 3), "float32")

    def fn(T):
        x = make(T, data, "float32").t()
        r = T.index_put(x, indices(T), values(T), accumulate=accumulate)
        method = x.index_put(indices(T), values(T), accumulate)
        return r, method, x, x._version
    check(fn)


def test_index_put_mask_then_index():
    def fn(T):
        x = T.zeros(2, 2, 3)
        return x.index_put_((T.tensor([[True, False], [False, True]]), T.tensor([0, 2])), T.tensor([1.0, 2.0]), True)
    check(fn)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_index_put_accumulate_dtypes(dtype):
    data, values = sample((5,), dtype), sample((4,), dtype, seed=5)
    check(lambda T: make(T, data, dtype).index_put_((T.tensor([0, 3, 0, 0]),), make(T, values, dtype), True),
          ulps=8)
