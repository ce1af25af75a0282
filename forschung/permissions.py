"""Who may do what in the study, as one matrix.

| who                               | instruments        | waves (admin)               | answer a wave        |
|-----------------------------------|--------------------|-----------------------------|----------------------|
| coordinator / child-protection    | define, publish    | status and dates, own regions | -                  |
| the volunteer of the match        | -                  | -                           | own mentor waves     |
| the research role                 | export + codebook  | -                           | -                    |
| the young person (own account)    | -                  | -                           | own mentee waves     |
| anyone else                       | -                  | -                           | 404                  |

Answers are never shown in the admin: coordinators see whether a wave was answered, not what.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from matching.models import Begleitung
from wegbegleitung.models import User
from wegbegleitung.permissions import has_perm
from wegbegleitung.roles import Role

AnyUser = User | AnonymousUser

MANAGE_INSTRUMENTS = "forschung.change_instrument"


def can_manage_instruments(user: AnyUser) -> bool:
    return has_perm(user, MANAGE_INSTRUMENTS)


def can_answer_as_mentor(user: AnyUser, begleitung: Begleitung) -> bool:
    """Only the match's own volunteer answers the mentor's waves (consent is checked apart)."""
    return user.is_authenticated and user.is_active and begleitung.wegbegleiter.user_id == user.pk


def can_export_research(user: AnyUser) -> bool:
    """Only the research role downloads the pseudonymised export (coordinators never do: they
    know the people and could link answers back to them)."""
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.FORSCHUNG))
