"""Keep start-up imports from costing memory Studio never uses.

**PySide6's import hook.** After PySide6 is imported, every later import runs shiboken's
``feature_imported`` hook, which reads the module's whole source text (``inspect.getsource``) to
look for ``from __feature__``. That keeps the source of SQLAlchemy and every other library in
memory (via ``linecache``): +15 MB and tens of milliseconds at start-up (also reported as napari
issue #8584). Studio uses no ``__feature__`` switch, so only its own modules are still looked at,
and their file is read without being cached; libraries are marked as not using them. Importing
this module narrows the hook at once (studio/app.py imports it right after PySide6, before the
rest of Studio), since the standard-library modules Studio's own modules import would otherwise
be read too (~2 MB).

**Modules SQLAlchemy imports but Studio does not use.** SQLAlchemy imports ``asyncio`` (for its
asyncio extension), ``hashlib`` (md5 to shorten over-long identifiers) and ``importlib.metadata``
(entry-point plugins) at the top of its utility modules. asyncio brings ssl, subprocess and
concurrent.futures; ssl and hashlib load libcrypto; importlib.metadata brings email, zipfile and
csv: ~7 MB of the desktop app's start-up memory for code nothing calls.
:func:`defer_unused_modules` puts a stand-in for each in ``sys.modules``: the first time anything
reads an attribute of one, the real module is imported and the stand-in takes on its contents,
so behaviour is unchanged and only the cost moves to that first use, if it ever comes.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

CHECKED_PREFIXES = ("studio", "PySide6", "shiboken6", "__main__")

#: The modules defer_unused_modules() stands in for, each with the functions that are read (not
#: called) while SQLAlchemy is imported: the stand-in offers those as forwarders, so reading
#: them does not load the module.
DEFERRED_MODULES: dict[str, tuple[str, ...]] = {
    "asyncio": ("iscoroutine",),  # sqlalchemy.util.concurrency: iscoroutine = asyncio.iscoroutine
    "hashlib": (),
    "importlib.metadata": (),
}


def narrow_feature_scan() -> bool:
    """Install the narrower check; returns False when this PySide6 has no such hook."""
    try:
        import shibokensupport.feature as feature  # type: ignore[import-not-found]
    except ImportError:
        return False
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "studio_narrowed", False):
        return original is not None

    def uses_pyside(module: ModuleType) -> bool:
        name = getattr(module, "__name__", "")
        if not name.startswith(CHECKED_PREFIXES):
            return False
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:  # what the hook looks for, without keeping the text in linecache
                with open(path, encoding="utf-8") as source:
                    return "PySide6" in source.read()
            except (OSError, UnicodeDecodeError):
                pass  # unreadable here: the original check below decides
        return bool(original(module))

    uses_pyside.studio_narrowed = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside
    return True


_loading = threading.RLock()


class _Deferred(ModuleType):
    """Stands in for a module not yet imported; any attribute read imports the real one."""

    def __getattr__(self, attr: str) -> Any:
        return getattr(_load(self), attr)


def _load(stand_in: _Deferred) -> ModuleType:
    name = stand_in.__name__
    with _loading:
        current = sys.modules.get(name)
        if current is not stand_in and current is not None:
            return current  # loaded already (by another thread, or inside this very import)
        sys.modules.pop(name, None)
        parent, _, child = name.rpartition(".")
        if parent and getattr(sys.modules[parent], child, None) is stand_in:
            delattr(sys.modules[parent], child)
        real = importlib.import_module(name)
        vars(stand_in).update(vars(real))  # for whoever kept a reference to the stand-in
        return real


def _forwarder(stand_in: _Deferred, function: str) -> Callable[..., Any]:
    def forward(*args: Any, **kwargs: Any) -> Any:
        return getattr(_load(stand_in), function)(*args, **kwargs)

    forward.__name__ = function
    return forward


def defer_unused_modules() -> list[str]:
    """Put a stand-in in ``sys.modules`` for each of DEFERRED_MODULES not yet imported.

    Call it before SQLAlchemy is imported; returns the names deferred.
    """
    deferred = []
    for name, functions in DEFERRED_MODULES.items():
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        stand_in = _Deferred(name)
        stand_in.__spec__ = spec  # not "initializing": `import name` takes it as it is
        for function in functions:
            setattr(stand_in, function, _forwarder(stand_in, function))
        sys.modules[name] = stand_in
        parent, _, child = name.rpartition(".")
        if parent:  # `from importlib import metadata` reads the package's attribute
            setattr(sys.modules[parent], child, stand_in)
        deferred.append(name)
    return deferred


# Studio's modules import this one right after PySide6 (studio/app.py), so everything imported
# after it is checked the narrow way.
narrow_feature_scan()
