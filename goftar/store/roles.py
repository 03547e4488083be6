"""Who may write what: the roles every write in the data layer checks (not only the UI).

viewer reads; analyst adds articles, reviews statements and adds missed ones; admin also re-analyses the corpus,
adds topics, reviews lexicon additions and deletes articles. The command line is the machine owner's tool and acts
as `LOCAL_ADMIN`; the app passes the signed-in `Actor`.
"""

from __future__ import annotations

from dataclasses import dataclass

from goftar.text import without_controls

ROLES = ("viewer", "analyst", "admin")


class PermissionDenied(PermissionError):
    """The actor's role does not allow this."""


@dataclass(frozen=True)
class Actor:
    """Who is acting, and with which role."""

    name: str
    role: str = "analyst"

    def __post_init__(self) -> None:
        # The name is stored with every decision and shown beside it: control characters (a NUL that PostgreSQL
        # refuses, an escape) are dropped here, once, so every writer and every comparison sees the same name.
        object.__setattr__(self, "name", without_controls(str(self.name)))

    def require(self, role: str) -> None:
        """Raise PermissionDenied unless this actor has at least `role`."""
        if not self.may(role):
            raise PermissionDenied(f"{self.name} ({self.role}) may not do this: it needs the {role} role")

    def may(self, role: str) -> bool:
        """Whether this actor has at least `role` (for hiding what the data layer would refuse)."""
        return self.role in ROLES and ROLES.index(self.role) >= ROLES.index(role)


LOCAL_ADMIN = Actor("local", "admin")
