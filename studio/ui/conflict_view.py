"""The conflict view: a record changed here and on the Hub, shown as base, mine and theirs, where
the user takes either side per hunk (text) or per field, or edits the result, then resolves.

Reading and resolving run as tasks (the writer thread); the dialog only shows and collects. Text
is shown escaped (member and editor text is never markup here).
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from studio.domain.merge import Hunk, Take, compose, text_hunks
from studio.tasks import Tasks
from studio.ui.errors import describe_error
from studio.ui.i18n import tr

if TYPE_CHECKING:
    from studio.store.conflicts import ConflictCopies
    from studio.store.workspace import Workspace


def field_name(name: str) -> str:
    names = {
        "title": tr("Title"),
        "body": tr("Text"),
        "summary": tr("Summary"),
        "slug": tr("Slug"),
        "tags": tr("Tags"),
        "language": tr("Language"),
        "status": tr("Status"),
        "publish_at": tr("Publish time"),
        "author_id": tr("Author"),
        "featured_attachment": tr("Featured image"),
        "description": tr("Description"),
        "starts_at": tr("Start"),
        "zone": tr("Time zone"),
        "duration_minutes": tr("Duration"),
        "capacity": tr("Capacity"),
        "registration": tr("Registration"),
        "question": tr("Question"),
        "state": tr("State"),
        "deleted": tr("Deleted"),
    }
    return names.get(name, name.replace("_", " ").capitalize())


def shown_value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return tr("(empty)")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


_WORDS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def diff_html(text: str, other: str, colour: str) -> str:
    """``text`` as escaped HTML, its words absent from ``other`` marked in ``colour``."""
    a, b = _WORDS.findall(text), _WORDS.findall(other)
    out: list[str] = []
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        chunk = html.escape("".join(a[i1:i2]))
        if tag in ("replace", "delete") and chunk.strip():
            out.append(f'<span style="background-color:{colour}">{chunk}</span>')
        else:
            out.append(chunk)
    return '<div style="white-space:pre-wrap">' + "".join(out) + "</div>"


MINE_COLOUR = "rgba(46,160,67,0.35)"
THEIRS_COLOUR = "rgba(56,139,253,0.35)"


class HunkChoice(QFrame):
    """One clashing hunk: both sides with their differences marked, and what to keep."""

    def __init__(self, number: int, hunk: Hunk, on_choice: Callable[[], None]) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.hunk = hunk
        grid = QGridLayout(self)
        self.heading = QLabel(tr("Difference {n}").format(n=number))
        self.heading.setStyleSheet("font-weight: bold")
        grid.addWidget(self.heading, 0, 0, 1, 2)
        self.mine_view = self._pane(diff_html(hunk.mine, hunk.theirs, MINE_COLOUR))
        self.theirs_view = self._pane(diff_html(hunk.theirs, hunk.mine, THEIRS_COLOUR))
        grid.addWidget(QLabel(tr("Yours")), 1, 0)
        grid.addWidget(QLabel(tr("The Hub's")), 1, 1)
        grid.addWidget(self.mine_view, 2, 0)
        grid.addWidget(self.theirs_view, 2, 1)
        self.base_label = QLabel(
            tr("Before both changes: {text}").format(
                text=shown_value(hunk.base.strip()) if hunk.base.strip() else tr("(nothing)")
            )
        )
        self.base_label.setWordWrap(True)
        self.base_label.setTextFormat(Qt.TextFormat.PlainText)
        grid.addWidget(self.base_label, 3, 0, 1, 2)
        row = QHBoxLayout()
        self.take_mine = QRadioButton(tr("Keep yours"))
        self.take_theirs = QRadioButton(tr("Keep the Hub's"))
        self.take_both = QRadioButton(tr("Keep both (yours first)"))
        self.group = QButtonGroup(self)
        for button in (self.take_mine, self.take_theirs, self.take_both):
            self.group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.take_mine.setChecked(True)
        self.group.buttonToggled.connect(lambda _b, on: on and on_choice())
        grid.addLayout(row, 4, 0, 1, 2)

    @staticmethod
    def _pane(text: str) -> QTextEdit:
        view = QTextEdit()
        view.setReadOnly(True)
        view.setAcceptRichText(False)
        view.setHtml(text)
        lines = max(2, min(12, text.count("\n") + 2))
        view.setFixedHeight(view.fontMetrics().lineSpacing() * lines + 12)
        return view

    def take(self) -> Take:
        if self.take_theirs.isChecked():
            return Take.THEIRS
        if self.take_both.isChecked():
            return Take.BOTH
        return Take.MINE


class TextFieldChoice(QGroupBox):
    """A text field merged by lines: its clashing hunks, and the result (editable)."""

    def __init__(self, name: str, base: str, mine: str, theirs: str) -> None:
        super().__init__(field_name(name))
        self.name = name
        self.hunks = text_hunks(base, mine, theirs)
        layout = QVBoxLayout(self)
        self.choices: dict[int, HunkChoice] = {}
        for i, hunk in enumerate(self.hunks):
            if not hunk.settled:
                choice = HunkChoice(len(self.choices) + 1, hunk, self._recompose)
                self.choices[i] = choice
                layout.addWidget(choice)
        self.explain = QLabel(
            tr("The result (the other changes on both sides are already merged in; edit freely):")
        )
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        self.result = QPlainTextEdit()
        self.result.setObjectName(f"result-{name}")
        self.result.setAccessibleName(tr("Result: {field}").format(field=field_name(name)))
        self.result.setMinimumHeight(140)
        self.result.setPlainText(self.composed())
        layout.addWidget(self.result)

    def composed(self) -> str:
        return compose(self.hunks, {i: c.take() for i, c in self.choices.items()})

    def _recompose(self) -> None:
        # Through the cursor, not setPlainText: the user's own edits stay undoable (Ctrl+Z).
        cursor = QTextCursor(self.result.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(self.composed())

    def value(self) -> str:
        return self.result.toPlainText()


class ValueFieldChoice(QGroupBox):
    """A field taken whole from one side (a text value can be edited)."""

    def __init__(self, name: str, base: Any, mine: Any, theirs: Any) -> None:
        super().__init__(field_name(name))
        self.name = name
        self.mine, self.theirs = mine, theirs
        layout = QVBoxLayout(self)
        self.take_mine = QRadioButton(tr("Yours: {value}").format(value=shown_value(mine)))
        self.take_theirs = QRadioButton(tr("The Hub's: {value}").format(value=shown_value(theirs)))
        self.base_label = QLabel(tr("Before both changes: {value}").format(value=shown_value(base)))
        self.base_label.setTextFormat(Qt.TextFormat.PlainText)
        for button in (self.take_mine, self.take_theirs):
            layout.addWidget(button)
        layout.addWidget(self.base_label)
        self.edit: QLineEdit | None = None
        if isinstance(mine, str) and isinstance(theirs, str):
            self.edit = QLineEdit(mine)
            self.edit.setObjectName(f"result-{name}")
            self.edit.setAccessibleName(tr("Result: {field}").format(field=field_name(name)))
            layout.addWidget(self.edit)
        self.take_mine.setChecked(True)
        self.take_theirs.toggled.connect(self._chosen)

    def _chosen(self) -> None:
        if self.edit is not None:
            self.edit.setText(self.theirs if self.take_theirs.isChecked() else self.mine)

    def value(self) -> Any:
        if self.edit is not None:
            return self.edit.text()
        return self.theirs if self.take_theirs.isChecked() else self.mine


class ConflictDialog(QDialog):
    """Opened on one conflict id; loads it, shows it, and resolves it when the user says so."""

    def __init__(
        self,
        workspace: Workspace,
        tasks: Tasks,
        conflict_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.tasks = tasks
        self.conflict_id = conflict_id
        self.copies: ConflictCopies | None = None
        self.fields: list[TextFieldChoice | ValueFieldChoice] = []
        self.setWindowTitle(tr("Resolve a conflict"))
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(980, screen.width() * 9 // 10), min(720, screen.height() * 9 // 10))
        layout = QVBoxLayout(self)
        self.heading = QLabel(tr("Loading the conflict…"))
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.heading)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.scroll.setWidget(self.body)
        layout.addWidget(self.scroll, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: palette(highlight)")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.resolve_button = QPushButton(tr("&Resolve"))
        self.resolve_button.setDefault(True)
        self.resolve_button.setEnabled(False)
        self.resolve_button.setToolTip(tr("Keep what you chose and send it (Ctrl+Enter)"))
        self.keep_new_button = QPushButton(tr("Keep my copy as a new one"))
        self.let_go_button = QPushButton(tr("Delete it here too"))
        self.later_button = QPushButton(tr("Later"))
        self.buttons.addButton(self.resolve_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.keep_new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.let_go_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_new_button.hide()
        self.let_go_button.hide()
        layout.addWidget(self.buttons)
        self.resolve_button.clicked.connect(self._resolve)
        self.keep_new_button.clicked.connect(self._keep_as_new)
        self.let_go_button.clicked.connect(self._let_go)
        self.later_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._resolve)
        from studio.store import conflicts

        tasks.run(
            lambda: conflicts.load(workspace, conflict_id),
            self._show,
            self._failed,
            what="reading the conflict",
        )

    def _show(self, copies: ConflictCopies) -> None:
        self.copies = copies
        if copies.deleted_there:
            self.heading.setText(
                tr(
                    "“{label}” was deleted on the Hub after you changed it here. Keep your copy "
                    "as a new one, or delete it here too (your copy stays in the history)."
                ).format(label=copies.label)
            )
            self.resolve_button.hide()
            self.keep_new_button.show()
            self.let_go_button.show()
            return
        self.heading.setText(
            tr(
                "“{label}” was changed here and on the Hub in the same places. Choose what to keep "
                "for each difference, or edit the result. Both versions stay in the history."
            ).format(label=copies.label)
        )
        for name in copies.fields:
            base, mine, theirs = (
                copies.base.get(name),
                copies.mine.get(name),
                copies.theirs.get(name),
            )
            widget: TextFieldChoice | ValueFieldChoice
            if name in copies.text_fields and isinstance(mine, str) and isinstance(theirs, str):
                widget = TextFieldChoice(name, base if isinstance(base, str) else "", mine, theirs)
            else:
                widget = ValueFieldChoice(name, base, mine, theirs)
            self.fields.append(widget)
            self.body_layout.addWidget(widget)
        self.body_layout.addStretch(1)
        self.resolve_button.setEnabled(True)

    def values(self) -> dict[str, Any]:
        return {f.name: f.value() for f in self.fields}

    def _busy(self, busy: bool) -> None:
        for button in (self.resolve_button, self.keep_new_button, self.let_go_button):
            button.setEnabled(not busy)

    def _write(self, action: Callable[[], object]) -> None:
        self._busy(True)
        self.message.setText(tr("Saving…"))
        self.tasks.write(action, lambda _r: self.accept(), self._failed, what="resolving")

    def _resolve(self) -> None:
        if self.copies is None or self.copies.deleted_there or not self.resolve_button.isEnabled():
            return
        from studio.store import conflicts

        values = self.values()
        self._write(lambda: conflicts.resolve(self.workspace, self.conflict_id, values))

    def _keep_as_new(self) -> None:
        from studio.store import conflicts

        self._write(lambda: conflicts.keep_as_new(self.workspace, self.conflict_id))

    def _let_go(self) -> None:
        from studio.store import conflicts

        self._write(lambda: conflicts.let_go(self.workspace, self.conflict_id))

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.message.setText(describe_error(exc))


def open_conflict(
    workspace: Workspace, tasks: Tasks, conflict_id: int, parent: QWidget | None
) -> ConflictDialog:
    """Show the conflict view of one conflict, window-modal; it deletes itself when closed."""
    dialog = ConflictDialog(workspace, tasks, conflict_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
