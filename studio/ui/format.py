"""How values are shown: instants in the viewer's time zone, in the user's locale."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale, QTimeZone

from studio.ui.i18n import tr


def local_time(instant: datetime | None) -> str:
    """An aware instant in the viewer's system zone, short locale format; '' for None."""
    if instant is None:
        return ""
    moment = QDateTime.fromMSecsSinceEpoch(
        int(instant.timestamp() * 1000), QTimeZone.systemTimeZone()
    )
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        # The POSIX locale's short format ("23 11 2026 08:04") reads badly; ISO order does not.
        return moment.toString("yyyy-MM-dd HH:mm")
    return locale.toString(moment, QLocale.FormatType.ShortFormat)


def decision_name(action: str) -> str:
    names = {
        "approve": tr("approved"),
        "remove": tr("removed"),
        "escalate": tr("escalated"),
        "restore": tr("restored"),
    }
    return names.get(action, action)


def your_decision(action: str) -> str:
    names = {
        "approve": tr("your approval"),
        "remove": tr("your removal"),
        "escalate": tr("your escalation"),
        "restore": tr("your restoring it"),
    }
    return names.get(action, tr("your decision"))
