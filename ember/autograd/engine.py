"""The backward engine: an iterative walk of the graph, newest node first once all its gradients have arrived.

No recursion anywhere, so a chain of 100 000 ops backpropagates; saved tensors are released as nodes run
unless the graph is retained.
"""
import heapq
import sys

from . import grad_mode
from .graph import AccumulateGrad, accumulator, edge


def _dependencies(roots):
    """How many edges point at each node reachable from ``roots`` (iterative depth-first search)."""
    counts = {}
    stack = list(roots)
    seen = set(stack)
    while stack:
        node = stack.pop()
        for nxt, _ in node.next_functions:
            if nxt is None:
                continue
            counts[nxt] = counts.get(nxt, 0) + 1
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return counts


def _needed(roots, targets):
    """The nodes from which some target node can be reached (only they have to run for ``autograd.grad``)."""
    needed, done = set(), set()
    stack = [(node, iter(node.next_functions)) for node in roots]
    on_path = set(roots)
    while stack:
        node, children = stack[-1]
        for nxt, _ in children:
            if nxt is not None and nxt not in done and nxt not in on_path:
                stack.append((nxt, iter(nxt.next_functions)))
                on_path.add(nxt)
                break
        else:
            stack.pop()
            on_path.discard(node)
            done.add(node)
            if node in targets or any(n in needed for n, _ in node.next_functions if n is not None):
                needed.add(node)
    return needed


def _run_pre_hooks(node, grads):
    hooks = node._pre_hooks
    if hooks:
        for hook in list(hooks.values()):
            replaced = hook(tuple(grads))
            if replaced is not None:
                grads = list(replaced)
    tensor_hooks = node.__dict__.get("_tensor_hooks")
    if tensor_hooks:  # hooks registered on this node's output tensors (register_hook, retain_grad)
        for nr, hooks in tensor_hooks.items():
            for hook in _hooks_in_order(hooks):
                if grads[nr] is not None:
                    replaced = hook(grads[nr])
                    if replaced is not None:
                        grads[nr] = replaced
    return grads


def _hooks_in_order(hooks):
    """A tensor's hooks in registration order, its retain_grad hook last (as PyTorch runs them)."""
    return [fn for key, fn in hooks.items() if key != "retain"] + ([hooks["retain"]] if "retain" in hooks else [])


def _call(node, grads):
    """Run one node's backward (with its post hooks); one gradient per input comes back."""
    if node.outputs > 1 and any(g is None for g in grads) and node.__dict__.get("_materialize", True):
        grads = _materialize(node, grads)
    outputs = node.backward(*grads)
    if type(outputs) is not tuple:
        outputs = (outputs,)
    if node._hooks:
        for hook in list(node._hooks.values()):
            replaced = hook(outputs, tuple(grads))
            if replaced is not None:
                outputs = tuple(replaced)
    if len(outputs) != len(node.next_functions):
        raise RuntimeError(f"function {node.name()} returned an incorrect number of gradients (expected "
                           f"{len(node.next_functions)}, got {len(outputs)})")
    return outputs


def _call_checked(node, grads):
    """``_call`` under anomaly detection: NaN gradients are errors, and a failure names the forward call."""
    from .anomaly_mode import check_nan, report
    try:
        outputs = _call(node, grads)
        if grad_mode._state.check_nan:
            check_nan(node, outputs)
    except Exception:
        report(node)
        raise
    return outputs


def _materialize(node, grads):
    """Zeros for the outputs of a multi-output node that received no gradient."""
    shapes = node.__dict__.get("_output_meta")
    if shapes is None:
        return grads
    from ..creation import zeros
    return [zeros(shape, dtype=dtype) if g is None else g for g, (shape, dtype) in zip(grads, shapes)]


def _validate(node, i, grad):
    """The gradient for input ``i`` reshaped (broadcasting undone) and cast to that input's dtype."""
    meta = node._input_meta[i]
    if meta is None:
        return grad
    shape, dtype = meta
    if grad._data.shape != shape:
        grad = sum_to(grad, shape, node.name(), i)
    if grad._dtype is not dtype:
        if grad._dtype._kind == 3 and dtype._kind < 3:
            grad = grad.real
        grad = grad.to(dtype)
    return grad


def sum_to(grad, shape, name="", index=0):
    """``grad`` summed down to ``shape``: the one place where broadcasting is undone."""
    from ..ops.reduction import sum as _sum
    have = grad._data.shape
    lead = len(have) - len(shape)
    dims = [d for d in range(len(have)) if d < lead or shape[d - lead] == 1 and have[d] != 1]
    if lead < 0 or any(n != 1 and n != have[d + lead] for d, n in enumerate(shape)):
        raise RuntimeError(f"Function {name} returned an invalid gradient at index {index} - got {list(have)} but "
                           f"expected shape compatible with {list(shape)}")
    if dims:
        grad = _sum(grad, dims, keepdim=True)
        if lead:
            grad = grad.reshape(shape)
    return grad


def _add(old, new):
    return new if old is None else old + new


def run_backward(tensors, grads, retain_graph, create_graph, inputs=None, accumulate=True):
    """Send ``grads`` back from ``tensors`` through the graph.

    Gradients reaching leaves accumulate into ``.grad`` (with ``inputs``, only those of ``inputs``). With
    ``accumulate=False`` (``autograd.grad``) nothing is accumulated and the gradients arriving at ``inputs``
    are returned instead.
    """
    roots, buffers = [], {}
    for t, g in zip(tensors, grads):
        node, nr = edge(t)
        if node not in buffers:
            roots.append(node)
            buffers[node] = [None] * node.outputs
        buffers[node][nr] = _add(buffers[node][nr], g)
    targets = None
    captured = {}
    if inputs is not None:
        targets = {}
        for k, x in enumerate(inputs):
            node, nr = edge(x) if x._grad_fn is not None else (accumulator(x), 0)
            targets.setdefault(node, []).append((nr, k))
        needed = _needed(roots, targets)
    deps = _dependencies(roots)
    ready = [(-node._sequence_nr, id(node), node) for node in roots if not deps.get(node)]
    heapq.heapify(ready)
    with grad_mode.set_grad_enabled(create_graph):
        while ready:
            node = heapq.heappop(ready)[2]
            grads = buffers.pop(node)
            grads = _run_pre_hooks(node, grads)
            leaf = isinstance(node, AccumulateGrad)
            if leaf and grads[0] is not None:
                grads[0] = _leaf_hooks(node.variable, grads[0])
            if targets is not None and node in targets:
                for nr, k in targets[node]:
                    captured[k] = _add(captured.get(k), grads[nr])
                    if accumulate and grads[nr] is not None and not isinstance(node, AccumulateGrad):
                        _accumulate_into(inputs[k], grads[nr], create_graph)
            if leaf:
                if accumulate and (targets is None or node in targets) and grads[0] is not None:
                    grad, grads = grads[0], None  # so that the engine's references to it can be counted
                    _accumulate_into(node.variable, grad, create_graph)
                    grad = None
                    for hook in list(node.variable.__dict__.get("_post_hooks", {}).values()):
                        hook(node.variable)
                continue
            if targets is not None and node not in needed or all(g is None for g in grads):
                _send(node, (None,) * len(node.next_functions), buffers, deps, ready)
            else:
                _send(node, (_call_checked if grad_mode._state.anomaly else _call)(node, grads), buffers, deps, ready)
                if not retain_graph:
                    node.release()
            grads = None
    return captured


def _send(node, outputs, buffers, deps, ready):
    """Add ``node``'s gradients into the buffers of the nodes they go to; queue those that are now complete."""
    for i, ((nxt, nr), grad) in enumerate(zip(node.next_functions, outputs)):
        if nxt is None:
            continue
        buf = buffers.get(nxt)
        if buf is None:
            buf = buffers[nxt] = [None] * nxt.outputs
        if grad is not None:
            buf[nr] = _add(buf[nr], _validate(node, i, grad))
        deps[nxt] -= 1
        if not deps[nxt]:
            heapq.heappush(ready, (-nxt._sequence_nr, id(nxt), nxt))


def _leaf_hooks(t, grad):
    """A leaf's gradient after the hooks registered on the leaf tensor."""
    hooks = t.__dict__.get("_hooks")
    if hooks:
        for hook in _hooks_in_order(hooks):
            replaced = hook(grad)
            if replaced is not None:
                grad = replaced
    return grad


_UNSHARED = 3  # references to a gradient only the engine holds: two frames' locals and getrefcount's argument


def _obeys_layout(grad, t):
    """Whether ``grad`` may serve as ``t.grad`` as laid out: the leaf's strides on every dim longer than 1."""
    from ..ops.shape import _non_overlapping_and_dense
    if t._data.size and not _non_overlapping_and_dense(t._data.shape, t._strides()):  # an empty one counts as dense
        return grad._data.flags.c_contiguous and 0 not in grad._data.strides
    for n, g, v in zip(grad._data.shape, grad._strides(), t._strides()):
        if g != v if n != 1 else g == 0:
            return False
    return True


def _accumulate_into(t, grad, create_graph):
    """``t.grad += grad``: a new gradient laid out like ``t``; later ones added in place (out of place when
    building a graph of the gradient)."""
    old = t._grad
    if old is None:
        if not create_graph:
            # PyTorch keeps a gradient nobody else holds when its layout suits the leaf; otherwise it copies it
            # into the leaf's layout
            if sys.getrefcount(grad) <= _UNSHARED and _obeys_layout(grad, t):
                grad = grad.detach()
            else:
                from ..ops.common import like
                grad = like(t, grad._data, grad._dtype)
        t._grad = grad
    elif create_graph or old._requires_grad or grad._requires_grad:
        t._grad = old + grad
    else:
        old.add_(grad)
