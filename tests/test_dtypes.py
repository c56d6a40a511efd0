"""dtype objects, promotion, result_type, can_cast, finfo/iinfo and the default dtype, against PyTorch."""
import copy
import pickle

import numpy as np
import pytest
import torch

import ember
from oracle import DTYPE_NAMES, FLOAT_DTYPES, INT_DTYPES, check

ALIASES = {"half": "float16", "float": "float32", "double": "float64", "short": "int16", "int": "int32",
           "long": "int64", "cfloat": "complex64", "cdouble": "complex128"}


@pytest.fixture(autouse=True)
def _restore_default_dtype():
    yield
    torch.set_default_dtype(torch.float32)
    ember.set_default_dtype(ember.float32)


# ---------------------------------------------------------------------------------------------
# dtype objects


@pytest.mark.parametrize("alias, name", ALIASES.items())
def test_aliases_are_the_same_objects(alias, name):
    check(lambda T: getattr(T, alias) is getattr(T, name))


@pytest.mark.parametrize("name", DTYPE_NAMES)
def test_dtype_attributes(name):
    check(lambda T: (repr(getattr(T, name)), str(getattr(T, name)), getattr(T, name).is_floating_point,
                     getattr(T, name).is_complex, getattr(T, name).is_signed, getattr(T, name).itemsize))


# float16.to_complex() is complex32, a dtype Ember does not have
@pytest.mark.parametrize("name, method", [(n, "to_real") for n in DTYPE_NAMES]
                         + [(n, "to_complex") for n in DTYPE_NAMES if n != "float16"])
def test_to_complex_and_real(name, method):
    check(lambda T: getattr(getattr(T, name), method)(), match_message=True)


@pytest.mark.parametrize("name", DTYPE_NAMES)
def test_pickle_and_copy_keep_identity(name):
    def fn(T):
        d = getattr(T, name)
        return pickle.loads(pickle.dumps(d)) is d, copy.deepcopy(d) is d, copy.copy(d) is d
    check(fn)


def test_dtype_equality_and_hash():
    check(lambda T: (T.float32 == T.float, T.float32 != T.int32, T.float32 == "float32",
                     hash(T.float32) == hash(T.float), isinstance(T.float32, T.dtype)))


@pytest.mark.parametrize("name", DTYPE_NAMES)
def test_tensor_dtype_predicates(name):
    check(lambda T: (T.zeros(2, dtype=getattr(T, name)).is_floating_point(),
                     T.zeros(2, dtype=getattr(T, name)).is_complex(), T.zeros(2, dtype=getattr(T, name)).is_signed(),
                     T.is_floating_point(T.zeros(2, dtype=getattr(T, name))),
                     T.is_complex(T.zeros(2, dtype=getattr(T, name))),
                     T.zeros(2, dtype=getattr(T, name)).element_size()))


# ---------------------------------------------------------------------------------------------
# promote_types and can_cast: every pair


@pytest.mark.parametrize("a", DTYPE_NAMES)
def test_promote_types_all_pairs(a):
    check(lambda T: [T.promote_types(getattr(T, a), getattr(T, b)) for b in DTYPE_NAMES])


@pytest.mark.parametrize("a", DTYPE_NAMES)
def test_can_cast_all_pairs(a):
    check(lambda T: [T.can_cast(getattr(T, a), getattr(T, b)) for b in DTYPE_NAMES])


@pytest.mark.parametrize("fn", [
    lambda T: T.promote_types(T.float32, "float32"),
    lambda T: T.promote_types(1, T.float32),
    lambda T: T.can_cast(T.float32, 1),
    lambda T: T.can_cast("float", T.int32),
    lambda T: T.bool.to_complex(),
    lambda T: T.int32.to_complex(),
])
def test_promotion_argument_errors(fn):
    check(fn, match_message=True)


# ---------------------------------------------------------------------------------------------
# result_type: tensors of each priority class and scalars of each Python/NumPy type

SCALARS = [True, 3, -200, 1000, 2.5, 1e300, 1 + 2j, np.bool_(True), np.int8(3), np.int64(1000), np.uint8(200),
           np.float16(1.5), np.float32(2.5), np.float64(2.5), np.complex64(1 + 2j), np.complex128(1 + 2j)]




def _scalars_for(name):
    """SCALARS, less complex ones with float16 (PyTorch gives complex32, a dtype Ember does not have)."""
    return [s for s in SCALARS if name != "float16" or not isinstance(s, complex)]


@pytest.mark.parametrize("name", DTYPE_NAMES)
@pytest.mark.parametrize("shape", [(), (2,)])
def test_result_type_tensor_scalar(name, shape):
    check(lambda T: [T.result_type(T.zeros(shape, dtype=getattr(T, name)), s) for s in _scalars_for(name)]
          + [T.result_type(s, T.zeros(shape, dtype=getattr(T, name))) for s in _scalars_for(name)])


@pytest.mark.parametrize("a", DTYPE_NAMES)
def test_result_type_tensor_tensor(a):
    """A dimensioned tensor outranks a 0-d one of the same category; all pairs of shapes."""
    def fn(T):
        out = []
        for b in DTYPE_NAMES:
            for sa, sb in (((2,), (2,)), ((), (2,)), ((2,), ()), ((), ())):
                if "float16" in (a, b) and "complex" in a + b and (sa if a == "float16" else sb):
                    continue  # a dimensioned float16 with a complex 0-d tensor gives complex32
                out.append(T.result_type(T.zeros(sa, dtype=getattr(T, a)), T.zeros(sb, dtype=getattr(T, b))))
        return out
    check(fn)


def test_result_type_two_scalars():
    check(lambda T: [T.result_type(a, b) for a in (True, 2, 2.5, 1j) for b in (False, 3, 0.5, 2j)])


@pytest.mark.parametrize("fn", [
    lambda T: T.result_type(T.zeros(2), None),
    lambda T: T.result_type(T.zeros(2), "a"),
    lambda T: T.result_type(T.zeros(2), [1]),
    lambda T: T.result_type(T.zeros(2), 1, 2),
])
def test_result_type_errors(fn):
    check(fn)


# ---------------------------------------------------------------------------------------------
# The default dtype: what it changes about inference of Python floats and complex numbers


@pytest.mark.parametrize("default", ["float32", "float64", "bfloat16"])
def test_default_dtype_changes_inference(default):
    def fn(T):
        T.set_default_dtype(getattr(T, default))
        try:
            return (T.get_default_dtype(), T.tensor(1.5).dtype, T.tensor([1, 2]).dtype, T.zeros(2).dtype,
                    (T.tensor([1, 2]) * 1.5).dtype, (T.tensor([1, 2]) * 1j).dtype,
                    (T.tensor([1.0], dtype=T.float32) * 1j).dtype, T.result_type(T.tensor([1]), 2.0),
                    T.result_type(2, 2.0), T.result_type(T.tensor([1]), 1j), T.tensor([1, 2]) / 2, T.finfo().dtype)
        finally:
            T.set_default_dtype(T.float32)
    check(fn)


def test_default_dtype_float64_complex_tensor():
    def fn(T):
        T.set_default_dtype(T.float64)
        try:
            return T.tensor(1j).dtype, T.tensor([1.5, 2j])
        finally:
            T.set_default_dtype(T.float32)
    check(fn)


@pytest.mark.parametrize("bad", ["int32", "complex64", "bool"])
def test_set_default_dtype_rejects_non_floating(bad):
    check(lambda T: T.set_default_dtype(getattr(T, bad)), match_message=True)


@pytest.mark.parametrize("bad", ["float32", 3, None])
def test_set_default_dtype_rejects_non_dtypes(bad):
    check(lambda T: T.set_default_dtype(bad), match_message=True)


# ---------------------------------------------------------------------------------------------
# finfo / iinfo

FINFO_ATTRS = ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype")


@pytest.mark.parametrize("name", FLOAT_DTYPES + ["complex64", "complex128"])
def test_finfo(name):
    check(lambda T: [getattr(T.finfo(getattr(T, name)), a) for a in FINFO_ATTRS]
          + [repr(T.finfo(getattr(T, name))), str(T.finfo(getattr(T, name)))])


def test_finfo_default_and_equality():
    check(lambda T: (repr(T.finfo()), T.finfo(T.float32) == T.finfo(T.float32),
                     T.finfo(T.float32) == T.finfo(T.complex64), T.finfo(T.float32) != T.finfo(T.float64),
                     T.finfo(T.float32) is T.finfo(T.float32), T.finfo(T.float32) == 3))


@pytest.mark.parametrize("name", INT_DTYPES)
def test_iinfo(name):
    check(lambda T: [getattr(T.iinfo(getattr(T, name)), a) for a in ("bits", "min", "max", "dtype")]
          + [repr(T.iinfo(getattr(T, name))), T.iinfo(getattr(T, name)) == T.iinfo(getattr(T, name))])


@pytest.mark.parametrize("fn", [
    lambda T: T.finfo(T.int32),
    lambda T: T.finfo(T.bool),
    lambda T: T.iinfo(T.float32),
    lambda T: T.iinfo(T.complex64),
    lambda T: T.iinfo(T.bool),
    lambda T: T.finfo("float32"),
    lambda T: T.iinfo(3),
    lambda T: hash(T.finfo(T.float32)),
])
def test_info_errors(fn):
    check(fn, match_message=True)
