"""Users (admins only): the accounts, and a form to add a doctor, staff member or admin.
Accounts are never deleted, only disabled, so signatures keep naming a real account."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skinclinic.errors import SkinClinicError
from skinclinic.gui.context import AppContext
from skinclinic.gui.labels import role_name
from skinclinic.gui.theme import role_label
from skinclinic.review.roles import Role


class UsersDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Users"))
        self.resize(640, 520)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            (self.tr("Username"), self.tr("Printed name"), self.tr("Role"), self.tr("State"))
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.username = QLineEdit()
        self.printed_name = QLineEdit()
        self.role = QComboBox()
        for role in (Role.DOCTOR, Role.STAFF, Role.ADMIN):
            self.role.addItem(role_name(role.value), role.value)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        add = QPushButton(self.tr("Add user"))
        add.clicked.connect(self.add_user)
        self.message = role_label("", "hint", word_wrap=True)
        form = QFormLayout()
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Printed name"), self.printed_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("First password"), self.password)
        form.addRow("", add)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(self.tr("Users"), "title"))
        layout.addWidget(self.table, 1)
        layout.addWidget(role_label(self.tr("Add a user"), "subtitle"))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        users = self.ctx.need_review().list_users()
        self.table.setRowCount(len(users))
        for row, user in enumerate(users):
            state = self.tr("disabled") if user.disabled else self.tr("active")
            for column, text in enumerate(
                (user.username, user.printed_name, role_name(user.role.value), state)
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def add_user(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        try:
            self.ctx.need_review().add_user(
                session.check(),
                self.username.text().strip(),
                self.printed_name.text().strip() or self.username.text().strip(),
                Role(str(self.role.currentData())),
                self.password.text(),
            )
        except SkinClinicError as err:
            self.message.setText(str(err))
            return
        self.message.setText(self.tr("Added {0}.").format(self.username.text().strip()))
        for field in (self.username, self.printed_name, self.password):
            field.clear()
        self.refresh()
