"""The speakers directory: a lazy, searchable list (name, organisation, zone) and an editor for
one speaker (name, organisation, bio, photo as an attachment, own zone, weekly availability
windows in that zone), with their upcoming sessions shown in their zone and the viewer's."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.domain import schedule
from studio.editors.webinar import zone_picker
from studio.editors.webinar.windows import WorkspaceWindow
from studio.editors.webinar.zone_picker import ZonePicker
from studio.store import webinar_edits as edits
from studio.ui.errors import describe_error
from studio.ui.i18n import tr
from studio.ui.lazy_table import Column, IdRole, LazyTableModel

if TYPE_CHECKING:
    from studio.store.workspace import Changes
    from studio.ui.context import PageContext


def open_speakers(context: PageContext, parent: QWidget | None) -> SpeakersDialog:
    """Open the speakers directory (non-modal)."""
    dialog = SpeakersDialog(context, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


class SpeakersDialog(WorkspaceWindow):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setWindowTitle(tr("Speakers"))
        self.context = context
        self.closed = False
        self.viewer = zone_picker.coordinator_zone(context.settings)
        self.current: edits.SpeakerForm | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search by name or organisation"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(tr("Search speakers"))
        self.model = LazyTableModel(
            context.tasks,
            [
                Column(lambda: tr("Name"), lambda r: r[1]),
                Column(lambda: tr("Organisation"), lambda r: r[2]),
                Column(lambda: tr("Time zone"), lambda r: r[3]),
            ],
            self._fetch(""),
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(tr("Speakers"))
        self.table.activated.connect(self._open_index)
        self.table.clicked.connect(self._open_index)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(
            lambda: self.model.set_fetch(self._fetch(self.search.text()))
        )
        self.search.textChanged.connect(self._search_timer.start)
        new = QPushButton(tr("New speaker"))
        new.clicked.connect(self.new_speaker)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(new, 0, Qt.AlignmentFlag.AlignLeft)

        self.name = QLineEdit()
        self.name.setAccessibleName(tr("Name"))
        self.organisation = QLineEdit()
        self.organisation.setAccessibleName(tr("Organisation"))
        self.bio = QPlainTextEdit()
        self.bio.setAccessibleName(tr("Biography"))
        self.bio.setMaximumHeight(90)
        self.zone = ZonePicker()
        self.photo = QLabel(tr("No photo"))
        self.photo.setFixedSize(96, 96)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setFrameShape(QLabel.Shape.StyledPanel)
        self.photo_digest: str | None = None
        choose = QPushButton(tr("Choose photo…"))
        choose.clicked.connect(self._choose_photo)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo)
        photo_row.addWidget(choose, 0, Qt.AlignmentFlag.AlignBottom)
        photo_row.addStretch(1)
        self.availability = QPlainTextEdit()
        self.availability.setAccessibleName(tr("Availability windows"))
        self.availability.setPlaceholderText(
            tr("One window a line, in the speaker's zone:\nMon 09:00-17:00")
        )
        self.availability.setMaximumHeight(100)
        self.sessions = QListWidget()
        self.sessions.setAccessibleName(tr("Upcoming sessions"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton(tr("Save speaker"))
        self.save_button.clicked.connect(self.save)
        editor = QWidget()
        form = QFormLayout(editor)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Organisation"), self.organisation)
        form.addRow(tr("Biography"), self.bio)
        form.addRow(tr("Photo"), photo_row)
        form.addRow(tr("Time zone"), self.zone)
        form.addRow(tr("Availability"), self.availability)
        form.addRow(tr("Upcoming"), self.sessions)
        form.addRow("", self.save_button)
        form.addRow("", self.message)
        self.editor = editor
        editor.setEnabled(False)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(editor)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.resize(1000, 600)
        context.on_changes(self._on_changes)
        self.model.fetchMore()

    def _fetch(self, text: str) -> Any:
        workspace = self.context.workspace
        return lambda after, limit: edits.speaker_page(
            workspace, text, (after[0], after[1]) if after else None, limit
        )

    # -- one speaker ---------------------------------------------------------------------------

    def _open_index(self, index: Any) -> None:
        speaker_id = self.model.index(index.row(), 0).data(IdRole)
        if speaker_id:
            self.open_speaker(str(speaker_id))

    def open_speaker(self, speaker_id: str, saved: bool = False) -> None:
        workspace = self.context.workspace
        now = datetime.now(UTC)

        def read() -> tuple[edits.SpeakerForm, list[schedule.Webinar], bytes | None]:
            speaker = edits.load_speaker(workspace, speaker_id)
            sessions = edits.speaker_sessions(workspace, speaker_id, now)
            photo = workspace.attachment(speaker.photo) if speaker.photo else None
            return speaker, sessions, photo[1] if photo else None

        self.context.tasks.run(
            read,
            self._alive(lambda result: self._show(result, saved)),
            self._alive(self._failed),
            what="opening a speaker",
        )

    def _show(
        self,
        result: tuple[edits.SpeakerForm, list[schedule.Webinar], bytes | None],
        saved: bool = False,
    ) -> None:
        speaker, sessions, photo = result
        self.current = speaker
        self.editor.setEnabled(True)
        self.name.setText(speaker.name)
        self.organisation.setText(speaker.organisation)
        self.bio.setPlainText(speaker.bio)
        self.zone.set_zone(speaker.zone)
        self.availability.setPlainText("\n".join(speaker.availability))
        self._set_photo(speaker.photo, photo)
        self.sessions.clear()
        for w in sessions:
            theirs = w.seen_from(speaker.zone)
            yours = w.seen_from(self.viewer)
            self.sessions.addItem(
                tr("{title}\n{theirs} theirs · {yours} yours").format(
                    theirs=theirs.strftime("%a %d %b %H:%M %Z"),
                    yours=yours.strftime("%a %d %b %H:%M %Z"),
                    title=w.title,
                )
            )
        if not sessions:
            self.sessions.addItem(tr("No upcoming sessions"))
        self.message.setText(tr("Saved.") if saved else "")

    def _set_photo(self, digest: str | None, data: bytes | None) -> None:
        self.photo_digest = digest
        picture = QPixmap()
        if data and picture.loadFromData(data):
            self.photo.setPixmap(
                picture.scaled(
                    96,
                    96,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.photo.setText(tr("No photo"))

    def new_speaker(self) -> None:
        self.current = edits.SpeakerForm("", "", zone=self.viewer)
        self.editor.setEnabled(True)
        for w in (self.name, self.organisation):
            w.clear()
        self.bio.clear()
        self.availability.clear()
        self.zone.set_zone(self.viewer)
        self._set_photo(None, None)
        self.sessions.clear()
        self.name.setFocus()

    def _choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Choose a photo"), "", tr("Images (*.png *.jpg *.jpeg *.gif *.webp)")
        )
        if path:
            self.attach_photo(Path(path))

    def attach_photo(self, path: Path) -> None:
        """Keep the picture at ``path`` as an attachment (read and stored on the writer)."""
        workspace = self.context.workspace

        def store() -> tuple[str, bytes]:
            data = path.read_bytes()
            return workspace.add_attachment(data, ""), data

        self.context.tasks.write(
            store,
            self._alive(lambda result: self._set_photo(*result)),
            self._alive(self._failed),
            what="adding a photo",
        )

    def form(self) -> edits.SpeakerForm:
        return edits.SpeakerForm(
            id=self.current.id if self.current else "",
            name=self.name.text(),
            organisation=self.organisation.text(),
            bio=self.bio.toPlainText(),
            zone=self.zone.zone(),
            photo=self.photo_digest,
            availability=tuple(
                line.strip()
                for line in self.availability.toPlainText().splitlines()
                if line.strip()
            ),
        )

    def save(self) -> None:
        speaker = self.form()
        workspace = self.context.workspace
        original = self.current if self.current is not None and self.current.id else None
        self.context.tasks.write(
            lambda: edits.save_speaker(workspace, speaker, original),
            self._alive(self._saved),
            self._alive(self._failed),
            what="saving a speaker",
        )

    def _saved(self, speaker_id: str) -> None:
        # Read back what was stored (windows written the standard way): the next save starts
        # from it.
        self.open_speaker(speaker_id, saved=True)
        self.model.reload()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(describe_error(exc))

    def _on_changes(self, changes: Changes) -> None:
        if changes.ids("speaker"):
            self.model.reload()


__all__ = ["SpeakersDialog", "open_speakers"]
