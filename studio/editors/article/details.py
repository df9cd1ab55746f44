"""An article's details beside its text: slug (checked unique), summary, tags, language, the
publish time in the viewer's zone (shown), and the workflow moves the account may make.

Each field is saved when the user leaves it (``changed``); a value that cannot be kept (a slug
already taken, a publish time the clocks skip) is said under the fields and not saved.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
)

from studio.domain import workflow
from studio.domain.roles import a_or_an
from studio.domain.slugs import slugify
from studio.domain.zones import WallTimeError, wall_to_utc
from studio.ui.i18n import tr

if TYPE_CHECKING:
    from studio.store.models import Article

LANGUAGES = ("en", "fr", "zh-HK", "de", "es", "it", "nl", "pt")


def status_verb(status: str) -> str:
    verbs = {
        "draft": tr("Back to draft"),
        "in_review": tr("Submit for review"),
        "approved": tr("Approve"),
        "scheduled": tr("Schedule"),
        "published": tr("Publish now"),
        "archived": tr("Archive"),
    }
    return verbs.get(status, status)


def viewer_zone() -> str:
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    return name if "/" in name or name == "UTC" else "UTC"


class DetailsPanel(QWidget):
    #: fields to save, as save_article takes them
    changed = Signal(dict)
    #: a workflow move the user chose (the target status)
    move_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._blocked = ""
        self._shown: tuple[str, str, datetime | None] | None = None
        self._values: dict[str, Any] = {}
        self.zone = viewer_zone()
        self.slug = QLineEdit()
        self.slug.setObjectName("article-slug")
        self.summary = QLineEdit()
        self.summary.setObjectName("article-summary")
        self.tags = QLineEdit()
        self.tags.setObjectName("article-tags")
        self.language = QComboBox()
        self.language.setEditable(True)
        self.language.addItems(LANGUAGES)
        self.language.setObjectName("article-language")
        self.scheduled = QCheckBox()
        self.publish_at = QDateTimeEdit()
        self.publish_at.setObjectName("article-publish-at")
        self.publish_at.setCalendarPopup(True)
        self.publish_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.zone_label = QLabel(self.zone)
        self.move = QToolButton()
        self.move.setObjectName("article-move")
        self.move.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.move_menu = QMenu(self.move)
        self.move_menu.setToolTipsVisible(True)  # why a move is not offered
        self.move.setMenu(self.move_menu)
        self.message = QLabel()
        self.message.setObjectName("article-details-message")
        self.message.setWordWrap(True)
        when = QHBoxLayout()
        when.addWidget(self.scheduled)
        when.addWidget(self.publish_at, 1)
        when.addWidget(self.zone_label)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.labels = [QLabel() for _ in range(6)]
        for label, field in zip(
            self.labels,
            (self.slug, self.summary, self.tags, self.language, when, self.move),
            strict=True,
        ):
            self.form.addRow(label, field)
        self.form.addRow(self.message)
        self.slug.editingFinished.connect(lambda: self._edited("slug", self.slug.text().strip()))
        self.summary.editingFinished.connect(lambda: self._edited("summary", self.summary.text()))
        self.tags.editingFinished.connect(lambda: self._edited("tags", self._tags()))
        self.language.currentTextChanged.connect(
            lambda text: self._edited("language", text.strip())
        )
        self.scheduled.toggled.connect(self._publish_edited)
        self.publish_at.editingFinished.connect(self._publish_edited)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        names = (tr("Slug"), tr("Summary"), tr("Tags"), tr("Language"), tr("Publish"), tr("Status"))
        for label, name in zip(self.labels, names, strict=True):
            label.setText(name)
        self.tags.setPlaceholderText(tr("comma, separated"))
        self.scheduled.setText(tr("at"))
        self.zone_label.setToolTip(tr("Your time zone; the article stores the instant"))

    def _tags(self) -> list[str]:
        return [t for t in dict.fromkeys(p.strip() for p in self.tags.text().split(",")) if t]

    def load(self, article: Article, role: str) -> None:
        self._loading = True
        self.slug.setText(article.slug)
        self.summary.setText(article.summary)
        self.tags.setText(", ".join(article.tags or []))
        self.language.setCurrentText(article.language)
        self.scheduled.setChecked(article.publish_at is not None)
        self.publish_at.setEnabled(article.publish_at is not None)
        if article.publish_at is not None:
            moment = QDateTime.fromSecsSinceEpoch(
                int(article.publish_at.timestamp()), QTimeZone(self.zone.encode())
            )
            self.publish_at.setDateTime(moment)
        else:
            self.publish_at.setDateTime(QDateTime.currentDateTime().addDays(1))
        self._values = {
            "slug": article.slug,
            "summary": article.summary,
            "tags": list(article.tags or []),
            "language": article.language,
            "publish_at": article.publish_at,
        }
        self.message.clear()
        self._loading = False
        self.show_moves(article.status, role, article.publish_at)

    def set_blocked(self, reason: str) -> None:
        """The lexicon's reason to block review ("" when it does not): the menu follows."""
        if reason != self._blocked:
            self._blocked = reason
            if self._shown is not None:
                self.show_moves(*self._shown)

    def show_moves(self, status: str, role: str, publish_at: datetime | None) -> None:
        from studio.editors.article.page import status_name

        self._shown = (status, role, publish_at)
        self.move.setText(status_name(status) + " ▾")
        self.move_menu.clear()
        for move in workflow.moves(status, role, publish_at, datetime.now(UTC)):
            label = status_verb(move.target)
            if move.reason == "role":
                label += " " + tr("(an admin's move)")
            elif move.reason == "no_date":
                label += " " + tr("(set a publish time first)")
            blocked = move.target == "in_review" and bool(self._blocked)
            if blocked:
                label += " " + tr("(blocked by the lexicon)")
            action = self.move_menu.addAction(label)
            action.setObjectName(f"move-{move.target}")
            action.setEnabled(move.allowed and not blocked)
            if blocked:
                action.setToolTip(self._blocked)
            elif move.reason == "role":
                action.setToolTip(
                    tr("Only an admin may do this; you are signed in as {role}.").format(
                        role=a_or_an(role).lower()
                    )
                )
            elif move.reason == "no_date":
                action.setToolTip(tr("Set a publish time in the future in Publish, above."))
            action.triggered.connect(
                lambda _c=False, t=str(move.target): self.move_requested.emit(t)
            )
        self.move.setEnabled(not self.move_menu.isEmpty())

    def _edited(self, name: str, value: Any) -> None:
        if self._loading or self._values.get(name) == value:
            return
        if name == "slug" and (not value or slugify(value) != value):
            self.message.setText(
                tr("A slug is lowercase letters, digits and dashes: try “{slug}”.").format(
                    slug=slugify(value or self.slug.placeholderText() or "article")
                )
            )
            return
        self.message.clear()
        self._values[name] = value
        self.changed.emit({name: value})

    def _publish_edited(self) -> None:
        if self._loading:
            return
        self.publish_at.setEnabled(self.scheduled.isChecked())
        if not self.scheduled.isChecked():
            self._edited("publish_at", None)
            return
        wall = self.publish_at.dateTime().toString("yyyy-MM-ddTHH:mm:00")
        try:
            instant = wall_to_utc(wall, self.zone, None, strict=True)
        except WallTimeError as exc:
            self.message.setText(str(exc))
            return
        self._edited("publish_at", instant)

    def refuse(self, name: str, message: str) -> None:
        """The save of ``name`` was refused (a taken slug): say so and forget the value."""
        self._values.pop(name, None)
        self.message.setText(message)
