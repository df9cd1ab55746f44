"""Keep PySide6's import hook from reading the source of every library Studio imports.

After PySide6 is imported, every later import runs shiboken's ``feature_imported`` hook, which
reads the module's whole source text (``inspect.getsource``) to look for ``from __feature__``.
That keeps the source of SQLAlchemy and every other library in memory: +15 MB and tens of
milliseconds at start-up (also reported as napari issue #8584). Studio uses no ``__feature__``
switch, so only its own modules are still looked at; libraries are marked as not using them.
"""

from __future__ import annotations

from types import ModuleType

CHECKED_PREFIXES = ("studio", "PySide6", "shiboken6", "__main__")


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
        return bool(original(module)) if name.startswith(CHECKED_PREFIXES) else False

    uses_pyside.studio_narrowed = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside
    return True
