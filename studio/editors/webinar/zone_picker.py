"""The IANA zone picker shared by the webinar form and the speakers directory, and the
viewer's own zone."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, QTimeZone
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from studio.domain.zones import zone_of
from studio.ui.i18n import tr
from studio.ui.settings import Settings


@cache
def zones() -> list[str]:
    """Every IANA zone name worth offering (regions and UTC), sorted; read on first use."""
    return sorted(z for z in available_timezones() if "/" in z or z == "UTC")


def viewer_zone() -> str:
    """The IANA zone of this computer (the coordinator's), UTC when it has none."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode(errors="replace")
    try:
        zone_of(name)
    except ValueError:
        return "UTC"
    return name


def coordinator_zone(settings: Settings) -> str:
    """The zone the coordinator chose in the settings (the calendar's 'Make it my zone'), else
    the computer's."""
    chosen = settings.coordinator_zone
    if chosen:
        try:
            zone_of(chosen)
        except ValueError:
            return viewer_zone()
        return chosen
    return viewer_zone()


class ZonePicker(QComboBox):
    """An editable list of every IANA zone, searched by any part of its name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.addItems(zones())
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(zones(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.setAccessibleName(tr("Time zone"))

    def zone(self) -> str:
        return self.currentText().strip()

    def set_zone(self, name: str) -> None:
        index = self.findText(name)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(name)
