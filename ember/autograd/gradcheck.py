"""``gradcheck`` and ``gradgradcheck``: backward's gradients against central finite differences."""
import warnings

from .. import dtypes as _dt
from .entry import grad


class GradcheckError(RuntimeError):
    """A gradient that disagrees with its finite-difference estimate."""


def _tensors(x):
    from ..tensor import Tensor
    items = tuple(x) if isinstance(x, (tuple, list)) else (x,)
    return [t for t in items if isinstance(t, Tensor)], items


def _outputs(func, inputs):
    out = func(*inputs)
    tensors, _ = _tensors(out)
    return [t for t in tensors if t._dtype._kind >= 2]


def _numerical(func, inputs, x, out_index, eps):
    """d(output)/d(x) by central differences, one column per element of ``x``: shape (x.numel(), out.numel())."""
    from ..ops.joining import stack
    columns = []
    for k in range(x.numel()):  # the input's memory is nudged directly, out of autograd's sight
        index = _unravel(k, x.shape)
        orig = x._data[index].copy()
        x._data[index] = orig - eps
        low = _outputs(func, inputs)[out_index].detach().clone()
        x._data[index] = orig + eps
        high = _outputs(func, inputs)[out_index].detach().clone()
        x._data[index] = orig
        columns.append(((high - low) / (2 * eps)).reshape(-1))
    if not columns:
        from ..creation import zeros
        return zeros((0, _outputs(func, inputs)[out_index].numel()), dtype=x.dtype)
    return stack(columns)


def _unravel(k, shape):
    index = []
    for n in reversed(tuple(shape)):
        index.append(k % n)
        k //= n
    return tuple(reversed(index))


def _analytical(output, inputs):
    """The Jacobian rows backward gives, one per output element: for each input, shape (x.numel(), out.numel())."""
    from ..creation import zeros
    from ..ops.joining import stack
    rows = [[] for _ in inputs]
    for m in range(output.numel()):
        onehot = zeros(output.numel(), dtype=output.dtype)
        onehot[m] = 1
        grads = grad(output, inputs, onehot.reshape(output.shape), retain_graph=True, allow_unused=True)
        for k, (x, g) in enumerate(zip(inputs, grads)):
            rows[k].append((zeros(x.shape, dtype=x.dtype) if g is None else g).reshape(-1))
    return [stack(r, dim=1) if r else zeros((x.numel(), 0), dtype=x.dtype) for r, x in zip(rows, inputs)]


def _fail(message, raise_exception):
    if raise_exception:
        raise GradcheckError(message)
    return False


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, nondet_tol=0.0,
              check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
              check_batched_forward_grad=False, check_forward_ad=False, check_backward_ad=True, fast_mode=False,
              masked=None):
    """Whether ``func``'s analytical gradients at ``inputs`` match finite differences (real dtypes)."""
    from ..ops.conditional import allclose
    tensors, items = _tensors(inputs)
    wanted = [t for t in tensors if t._requires_grad]
    if not wanted:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but none of them have "
                         "requires_grad=True.")
    for i, t in enumerate(tensors):
        if t._requires_grad and t._dtype not in (_dt.float64, _dt.complex128):
            warnings.warn(f"Input #{i} requires gradient and is not a double precision floating point or complex. "
                          "This check will likely fail if all the inputs are not of double precision floating point "
                          "or complex. ", UserWarning, stacklevel=2)
    outputs = _outputs(func, items)
    for i, out in enumerate(outputs):
        if not out._requires_grad:
            continue
        analytical = _analytical(out, wanted)
        again = _analytical(out, wanted)
        for j, x in enumerate(wanted):
            numerical = _numerical(func, items, x, i, eps)
            if not allclose(analytical[j], numerical, rtol, atol):
                return _fail(f"Jacobian mismatch for output {i} with respect to input {tensors.index(x)},\n"
                             f"numerical:{numerical}\nanalytical:{analytical[j]}\n", raise_exception)
            if (analytical[j] - again[j]).abs().max() > nondet_tol if analytical[j].numel() else False:
                return _fail("Backward is not reentrant, i.e., running backward with same input and grad_output "
                             "multiple times gives different values, although analytical gradient matches numerical "
                             f"gradient.The tolerance for nondeterminism was {nondet_tol}.", raise_exception)
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0, check_undefined_grad=True,
                  check_grad_dtypes=False, check_batched_grad=False, check_fwd_over_rev=False,
                  check_rev_over_rev=True, fast_mode=False, masked=False):
    """Whether the second derivatives of ``func`` match finite differences of its first derivatives."""
    from ..creation import empty_like
    tensors, items = _tensors(inputs)
    wanted = [t for t in tensors if t._requires_grad]
    if grad_outputs is None:
        outputs = _outputs(func, items)
        grad_outputs = tuple(empty_like(o).uniform_(-1, 1).requires_grad_() for o in outputs)
    else:
        grad_outputs = tuple(grad_outputs) if isinstance(grad_outputs, (tuple, list)) else (grad_outputs,)
    count = len(items)

    def first_derivatives(*args):
        values, vectors = args[:count], args[count:]
        outs = _outputs(func, values)
        chosen = [t for t in values if getattr(t, "_requires_grad", False)]
        grads = grad(outs, chosen, vectors, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_derivatives, tuple(items) + tuple(grad_outputs), eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, nondet_tol=nondet_tol)
