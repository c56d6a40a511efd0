"""Higher-level differentiation of whole functions: ``jacobian``, ``hessian``, ``vjp``, ``jvp``, ``hvp``, ``vhp``.

Each calls ``func`` on detached copies of the inputs and differentiates with ``autograd.grad``; results are
detached unless ``create_graph``. Single-tensor inputs and outputs give bare tensors, tuples give tuples.
"""
from . import grad_mode
from .entry import grad


def _as_tuple(x, what, fn):
    """``(was_tuple, tuple of tensors)``, refusing anything but a tensor or a tuple/list of tensors."""
    from ..tensor import Tensor
    was_tuple = isinstance(x, (tuple, list))
    items = tuple(x) if was_tuple else (x,)
    for i, t in enumerate(items):
        if not isinstance(t, Tensor):
            if was_tuple:
                raise TypeError(f"The {what} given to {fn} must be either a Tensor or a tuple of Tensors but the "
                                f"value at index {i} has type {type(t)}.")
            raise TypeError(f"The {what} given to {fn} must be either a Tensor or a tuple of Tensors but the given "
                            f"{what} has type {type(t)}.")
    return was_tuple, items


def _prepared(inputs, create_graph):
    """Inputs to call ``func`` on: connected to the caller's graph only when building a graph."""
    if create_graph:
        return tuple(t.view_as(t) if t._requires_grad else t.detach().requires_grad_() for t in inputs)
    return tuple(t.detach().requires_grad_() for t in inputs)


def _finish(tensors, create_graph, was_tuple):
    tensors = tuple(t if create_graph or t is None else t.detach() for t in tensors)
    return tensors if was_tuple else tensors[0]


def _grads(outputs, inputs, grad_outputs, create_graph, strict, fn):
    """``autograd.grad`` of ``outputs`` with zeros for inputs they do not depend on (an error when ``strict``)."""
    from ..creation import zeros_like
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o._requires_grad]
    result = (None,) * len(inputs)
    if pairs:
        with grad_mode.enable_grad():
            result = grad([o for o, _ in pairs], inputs, [g for _, g in pairs], retain_graph=True,
                          create_graph=create_graph, allow_unused=True)
    out = []
    for i, (x, g) in enumerate(zip(inputs, result)):
        if g is None:
            if strict:
                raise RuntimeError(f"The output of the user-provided function is independent of input {i}. This is "
                                   "not allowed in strict mode.")
            g = zeros_like(x)
        out.append(g)
    return tuple(out)


def _check_strict_outputs(outputs, strict, fn):
    for i, o in enumerate(outputs):
        if strict and not o._requires_grad:
            raise RuntimeError(f"Output {i} of the user-provided function does not require gradients. The outputs "
                               "must be computed in a differentiable manner from the input when running in strict "
                               "mode.")


def _call(func, inputs, fn):
    with grad_mode.enable_grad():
        outputs = func(*inputs)
    return _as_tuple(outputs, "outputs of the user-provided function", fn)


def _vector(v, outputs, what, fn):
    """The vector ``v`` as a tuple matching ``outputs`` (None allowed for a single one-element output)."""
    from ..creation import ones_like
    if v is None:
        if len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError("The vector v can only be None if the user-provided function returns a single Tensor "
                               "with a single element.")
        return (ones_like(outputs[0]),)
    _, v = _as_tuple(v, "v", fn)
    if len(v) != len(outputs):
        raise RuntimeError(f"v is a tuple of invalid length: should be {len(outputs)} but got {len(v)}.")
    for i, (t, o) in enumerate(zip(v, outputs)):
        if t.shape != o.shape:
            raise RuntimeError(f"Entry {i} in v has invalid size: should be {o.shape} but got {t.shape}.")
    return v


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), v^T J)``: the vector-Jacobian product at ``inputs``."""
    was_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
    inputs = _prepared(inputs, create_graph)
    out_tuple, outputs = _call(func, inputs, "vjp")
    _check_strict_outputs(outputs, strict, "vjp")
    v = _vector(v, outputs, "v", "vjp")
    result = _grads(outputs, inputs, v, create_graph, strict, "vjp")
    return _finish(outputs, create_graph, out_tuple), _finish(result, create_graph, was_tuple)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), J v)``: the Jacobian-vector product, by differentiating a vector-Jacobian product."""
    from ..creation import zeros_like
    was_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
    inputs = _prepared(inputs, create_graph)
    if v is None:
        if len(inputs) != 1 or inputs[0].numel() != 1:
            raise RuntimeError("The vector v can only be None if the input to the user-provided function is a "
                               "single Tensor with a single element.")
        v = None
    else:
        v = _vector(v, inputs, "v", "jvp")
    out_tuple, outputs = _call(func, inputs, "jvp")
    _check_strict_outputs(outputs, strict, "jvp")
    dummies = tuple(zeros_like(o).requires_grad_() for o in outputs)
    back = _grads(outputs, inputs, dummies, True, strict, "jvp")
    if v is None:
        from ..creation import ones_like
        v = (ones_like(inputs[0]),)
    result = _grads(back, dummies, v, create_graph, strict, "jvp")
    return _finish(outputs, create_graph, out_tuple), _finish(result, create_graph, out_tuple)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """The Jacobian of ``func`` at ``inputs``: for each output and input, a tensor of shape out.shape + in.shape."""
    from ..creation import zeros
    if strategy not in ("reverse-mode", "forward-mode"):
        raise ValueError('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your function '
                         'has more outputs than inputs, "forward-mode" tends to be more performant. Otherwise, prefer '
                         'to use "reverse-mode".')
    was_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
    inputs = _prepared(inputs, create_graph)
    out_tuple, outputs = _call(func, inputs, "jacobian")
    _check_strict_outputs(outputs, strict, "jacobian")
    blocks = []
    for out in outputs:
        rows = []
        for j in range(out.numel()):
            onehot = zeros(out.numel(), dtype=out.dtype)
            onehot[j] = 1
            rows.append(_grads((out,), inputs, (onehot.reshape(out.shape),), create_graph, strict, "jacobian"))
        per_input = []
        for k, x in enumerate(inputs):
            from ..ops.joining import stack
            block = stack([r[k] for r in rows]) if rows else zeros((0,) + tuple(x.shape), dtype=x.dtype)
            per_input.append(block.reshape(tuple(out.shape) + tuple(x.shape)))
        blocks.append(_finish(per_input, create_graph, was_tuple))
    return tuple(blocks) if out_tuple else blocks[0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    """The Hessian of a scalar function: the Jacobian of its gradient."""
    was_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")

    def scalar(*args):
        out = func(*args)
        out_tuple, outs = _as_tuple(out, "outputs of the user-provided function", "hessian")
        if out_tuple or len(outs) != 1:
            raise RuntimeError("The function given to hessian should return a single Tensor")
        if outs[0].numel() != 1:
            raise RuntimeError("The Tensor returned by the function given to hessian should contain a single element")
        return outs[0].reshape(())

    def gradient(*args):
        return jacobian(scalar, args if was_tuple else args[0], create_graph=True, strict=strict)

    return jacobian(gradient, inputs if was_tuple else inputs[0], create_graph=create_graph, strict=strict)


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), v^T H)`` for a scalar function."""
    return _hessian_product(func, inputs, v, create_graph, strict, "vhp")


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), H v)`` for a scalar function (equal to ``vhp`` for the symmetric Hessians of smooth
    functions)."""
    return _hessian_product(func, inputs, v, create_graph, strict, "hvp")


def _hessian_product(func, inputs, v, create_graph, strict, fn):
    was_tuple, inputs = _as_tuple(inputs, "inputs", fn)
    inputs = _prepared(inputs, create_graph)
    out_tuple, outputs = _call(func, inputs, fn)
    if out_tuple or len(outputs) != 1:
        raise RuntimeError(f"The function given to {fn} should return a single Tensor")
    if outputs[0].numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {fn} should contain a single element")
    _check_strict_outputs(outputs, strict, fn)
    v = _vector(v, inputs, "v", fn) if v is not None else None
    if v is None:
        if len(inputs) != 1 or inputs[0].numel() != 1:
            raise RuntimeError("The vector v can only be None if the input to the user-provided function is a "
                               "single Tensor with a single element.")
        from ..creation import ones_like
        v = (ones_like(inputs[0]),)
    from ..creation import ones_like
    first = _grads(outputs, inputs, (ones_like(outputs[0]),), True, strict, fn)
    result = _grads(first, inputs, v, create_graph, strict, fn)
    return _finish(outputs, create_graph, False), _finish(result, create_graph, was_tuple)
