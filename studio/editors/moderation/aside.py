"""What the Moderation page gets beside the queue, wired through the page's hooks
(``item_changed``, ``decision_made``, ``add_side_pane``, ``add_toolbar_action``):

- the context pane (context_pane.py) following the item shown, with the strike and note that go
  with the next decision on it;
- claims (claims.py) of the item the moderator stays on;
- bulk decisions (bulk.py) on the selected items: x adds or drops the current item and moves
  on, shift/ctrl with the mouse or shift+arrows extend the selection, Ctrl+A takes every item
  shown, b lists them for one decision;
- m shows the post's images as they are (or veils them again); a click on an image does too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from studio.domain.records import RecordType
from studio.editors.moderation.bulk import BulkDialog, open_bulk
from studio.editors.moderation.claims import ClaimKeeper, window_sync
from studio.editors.moderation.context_pane import ContextPane
from studio.editors.moderation.post_browser import PostBrowser
from studio.store.moderation_context import Claimed, LostDecision, lost_decisions
from studio.ui.i18n import tr

if TYPE_CHECKING:
    from studio.store.workspace import Changes


class ModerationAside(QObject):
    def __init__(self, page: Any, reasons: Callable[[], list[str]]) -> None:
        super().__init__(page)
        self.page = page
        self.reasons = reasons
        context = page.context
        self.browser: PostBrowser | None = None
        if isinstance(page.post.body, PostBrowser):
            self.browser = page.post.body
            self.browser.configure(context.tasks, context.workspace.attachment, context.settings)
        self.pane = ContextPane(context, self._display_changed)
        page.add_side_pane(self.pane)
        self.claims = ClaimKeeper(context, window_sync(page), self._claimed, parent=self)
        self.bulk_dialog: BulkDialog | None = None
        #: Items added with x, in the order added (kept while j/k move the item shown).
        self.marked: dict[str, None] = {}
        page.item_changed.connect(self._item)
        page.decision_made.connect(self._decided)
        #: Posts decided here this session, watched for a colleague's decision made first.
        self.decided_here: set[str] = set()
        self.lost: dict[str, LostDecision] = {}
        context.on_changes(self._on_changes)
        self.shortcuts: list[QShortcut] = []
        self.act_bulk = self._action("B", self.bulk)
        self.act_select = self._action("X", self.toggle_selected)
        self.act_all = self._action("Ctrl+A", self.select_all_shown)
        page.model.loaded.connect(lambda _count: self._count_shown())
        page.model.rowsRemoved.connect(lambda *_args: self._count_shown())
        self.act_media = self._action("M", self.toggle_media)
        self.retranslate_ui()

    def _action(self, key: str, slot: Any) -> QAction:
        shortcut = QShortcut(QKeySequence(key), self.page, slot)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcuts.append(shortcut)
        action = QAction(self.page)
        action.triggered.connect(lambda _checked=False: slot())
        self.page.add_toolbar_action(action)
        return action

    def retranslate_ui(self) -> None:
        self.act_bulk.setText(tr("Decide on the selected… (b)"))
        self.act_select.setText(tr("Select / unselect (x)"))
        self.act_media.setText(tr("Show media (m)"))
        self._count_shown()
        self.pane.retranslate_ui()

    # -- the item shown --------------------------------------------------------------------------

    def _item(self, row: Any) -> None:
        post_id = row.id if row is not None else None
        self.pane.show_post(post_id)
        self.claims.opened(post_id)
        if self.marked:
            self._show_marked()

    def _decided(self, post_id: str, action: str) -> None:
        self.decided_here.add(post_id)
        self.pane.decided(post_id, action)

    def _on_changes(self, changes: Changes) -> None:
        watched = sorted(changes.ids(RecordType.POST) & self.decided_here)
        if not watched:
            return
        workspace = self.page.context.workspace
        self.page.context.tasks.run(
            lambda: lost_decisions(workspace, watched),
            self._lost_arrived,
            what="checking decisions made elsewhere first",
        )

    def _lost_arrived(self, found: list[LostDecision]) -> None:
        fresh = [f for f in found if self.lost.get(f.post_id) != f]
        if not fresh:
            return
        for one in fresh:
            self.lost[one.post_id] = one
        self.pane.show_notice(list(self.lost.values()))

    def _claimed(self, post_id: str, result: Claimed) -> None:
        if self.pane.post_id == post_id:
            self.pane.show_post(post_id)  # read again: the claim that stands

    def toggle_media(self) -> None:
        if self.browser is not None:
            self.browser.toggle_reveal()

    def _display_changed(self) -> None:
        if self.browser is not None:
            self.browser.refresh()

    # -- selection and bulk ----------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        """The items chosen, in the queue's order: those added with x, else those selected in
        the list (shift/ctrl, Ctrl+A)."""
        if self.marked:
            shown = self.page.model.ids()
            return [i for i in shown if i in self.marked]
        rows = sorted(i.row() for i in self.page.table.selectionModel().selectedRows())
        found = [self.page.model.row(n) for n in rows]
        return [r.id for r in found if r is not None]

    def _count_shown(self) -> None:
        self.act_all.setText(tr("Select all %n shown (Ctrl+A)", "", self.page.model.rowCount()))

    def select_all_shown(self) -> None:
        """Every item the list shows now (those fetched so far): an explicit set, never more."""
        self.marked.clear()
        self.page.table.selectAll()

    def toggle_selected(self) -> None:
        """Add the current item to the set or drop it, and move to the next one."""
        table = self.page.table
        index = table.currentIndex()
        row = self.page.model.row(index.row()) if index.isValid() else None
        if row is None:
            return
        if row.id in self.marked:
            del self.marked[row.id]
        else:
            self.marked[row.id] = None
        self._show_marked()
        below = self.page.model.index(index.row() + 1, 0)
        if below.isValid():
            table.selectionModel().setCurrentIndex(
                below, QItemSelectionModel.SelectionFlag.NoUpdate
            )
            table.scrollTo(below)

    def _show_marked(self) -> None:
        """Show the set as the list's selection (and nothing else selected)."""
        model = self.page.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        model.clearSelection()
        for number, post_id in enumerate(self.page.model.ids()):
            if post_id in self.marked:
                model.select(self.page.model.index(number, 0), flags.Select | flags.Rows)

    def bulk(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        open_bulk(
            self.page.context,
            ids,
            self._reasons(),
            self.page,
            self._opened,
        )

    def _reasons(self) -> list[str]:
        # One reason for posts by several members: the placeholder names none of them.
        return [r.replace("{author}", tr("a member")) for r in self.reasons()]

    def _opened(self, dialog: BulkDialog) -> None:
        self.bulk_dialog = dialog
        dialog.finished.connect(lambda _result: self._bulk_done())

    def _bulk_done(self) -> None:
        self.marked.clear()
        self.page.table.clearSelection()
        self.page.table.setFocus()


def attach(page: QWidget, reasons: Callable[[], list[str]]) -> ModerationAside:
    """Add the context pane, claims, bulk decisions and media reveal to the Moderation page
    (``reasons``: the removal reason templates, for a bulk removal)."""
    return ModerationAside(page, reasons)
