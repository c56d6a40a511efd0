"""How much of PyTorch's public API Ember implements, measured against PyTorch's own list.

``torch.overrides.get_overridable_functions()`` lists every function and Tensor method that PyTorch's
``__torch_function__`` protocol can intercept: the public op surface. For each namespace this module
finds the public names bound to those functions on the oracle and checks which exist on Ember.

Run ``python tests/coverage.py`` to print the counts and the missing names.
"""
import importlib
import inspect

import torch
from torch.overrides import get_overridable_functions

import ember

# (PyTorch namespace, Ember namespace); torch.functional's functions are re-exported by torch
NAMESPACES = [("torch", "ember"), ("torch.linalg", "ember.linalg"), ("torch.fft", "ember.fft"),
              ("torch.special", "ember.special"), ("torch.nn.functional", "ember.nn.functional")]


def _overridable():
    found = set()
    for functions in get_overridable_functions().values():
        found.update(functions)
    return found


def _public_names(namespace, overridable):
    names = set()
    for name in dir(namespace):
        if name.startswith("_"):
            continue
        value = inspect.getattr_static(namespace, name, None)
        # properties and attribute descriptors are listed by their __get__
        value = getattr(value, "__get__", value) if isinstance(namespace, type) else getattr(namespace, name)
        try:
            listed = value in overridable or getattr(namespace, name) in overridable
        except TypeError:  # an unhashable attribute is no function
            continue
        if listed:
            names.add(name)
    return names


def _module(name):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def coverage():
    """``{namespace: (implemented names, missing names)}`` for the torch namespaces and Tensor."""
    overridable = _overridable()
    report = {}
    for torch_name, ember_name in NAMESPACES:
        names = _public_names(importlib.import_module(torch_name), overridable)
        mine = _module(ember_name)
        have = {n for n in names if mine is not None and hasattr(mine, n)}
        report[torch_name] = (have, names - have)
    names = _public_names(torch.Tensor, overridable)
    have = {n for n in names if hasattr(ember.Tensor, n)}
    report["Tensor"] = (have, names - have)
    return report


def summary(report):
    """One line: the implemented count over PyTorch's, in all and per namespace."""
    have = sum(len(h) for h, _ in report.values())
    total = sum(len(h) + len(m) for h, m in report.values())
    parts = ", ".join(f"{ns} {len(h)}/{len(h) + len(m)}" for ns, (h, m) in report.items())
    return f"Ember implements {have} of PyTorch's {total} overridable functions and methods ({parts})"


if __name__ == "__main__":
    result = coverage()
    print(summary(result))
    for namespace, (_, missing) in result.items():
        if missing:
            print(f"\nmissing from {namespace} ({len(missing)}):\n  " + " ".join(sorted(missing)))
