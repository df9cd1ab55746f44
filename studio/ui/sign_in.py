"""The sign-in dialog: Hub address, user name, password. Signing in runs off the UI thread; the
token goes to the OS keyring (never the workspace or settings) and the dialog answers with the
workspace of that account, which the app then opens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from studio.sync.account import SignedIn
from studio.tasks import Tasks
from studio.ui.i18n import tr

#: sign_in(hub_url, user, password) -> SignedIn; raises with a sentence for the user.
SignInCall = Callable[[str, str, str], SignedIn]


class SignInDialog(QDialog):
    def __init__(
        self,
        tasks: Tasks,
        sign_in: SignInCall,
        hub_url: str = "",
        user: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.sign_in = sign_in
        self.result_value: SignedIn | None = None
        self.setWindowTitle(tr("Sign in to a Hub"))
        self.setMinimumWidth(440)
        self.hub = QLineEdit(hub_url or "http://127.0.0.1:8750")
        self.hub.setAccessibleName(tr("Hub address"))
        self.user = QLineEdit(user)
        self.user.setAccessibleName(tr("User name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("Password"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(tr("Sign-in message"))
        form = QFormLayout()
        form.addRow(tr("Hub address"), self.hub)
        form.addRow(tr("User name"), self.user)
        form.addRow(tr("Password"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Sign in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if user else self.user if hub_url else self.hub).setFocus()

    def submit(self) -> None:
        hub, user, password = (
            self.hub.text().strip(),
            self.user.text().strip(),
            self.password.text(),
        )
        if not hub.startswith(("http://", "https://")):
            self.message.setText(
                tr("The Hub address starts with https:// (or http:// on this computer).")
            )
            return
        if not user or not password:
            self.message.setText(tr("Enter your user name and password."))
            return
        self._busy(True)
        self.message.setText(tr("Signing in…"))
        self.tasks.run(
            lambda: self.sign_in(hub, user, password), self._done, self._failed, what="signing in"
        )

    def _busy(self, busy: bool) -> None:
        for widget in (self.hub, self.user, self.password):
            widget.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)

    def _done(self, signed: SignedIn) -> None:
        self.password.clear()
        self.result_value = signed
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.password.clear()
        self.password.setFocus()
        self.message.setText(str(exc) or tr("Signing in failed."))
