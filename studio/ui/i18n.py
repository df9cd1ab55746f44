"""Translation of user-visible strings outside a QObject method.

``tr("text")`` at module level is what Qt's lupdate extracts (under the empty context), so these
strings reach the translation files; ``self.tr`` stays right inside a QObject class that is not
subclassed. Call it with a literal string, never a variable, or lupdate cannot see it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("", text, disambiguation, n)
