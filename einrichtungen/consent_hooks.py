"""What else must stop when a young person's consent is revoked, answered by higher apps.

``einwilligung_revoke`` calls every registered hook inside its transaction, after the
revocation is saved, with the revoked consent; an app above (the study) registers one from its
``AppConfig.ready()`` to withdraw what the consent covered (e.g. open questionnaires). Without
registered hooks nothing else happens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from einrichtungen.models import Einwilligung

Hook = Callable[..., Any]  # hook(*, acting_user, einwilligung) inside the caller's transaction
_HOOKS: list[Hook] = []


def register(hook: Hook) -> None:
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def revoked(*, acting_user: Any, einwilligung: Einwilligung) -> None:
    for hook in list(_HOOKS):
        hook(acting_user=acting_user, einwilligung=einwilligung)
