"""The volunteer demo data: each demo volunteer shows their stage; loading twice changes nothing."""

from __future__ import annotations

from wegbegleitung import demo
from wegbegleitung.models import Bewerbung, Entscheidung, Erstgespraech, Wegbegleiter
from wegbegleitung.selectors import checklist_for


def _counts():
    return [m.objects.count() for m in (Bewerbung, Erstgespraech, Entscheidung, Wegbegleiter)]


def test_demo_is_idempotent_and_shows_the_stages(db):
    demo.load(out=lambda line: None)
    first = _counts()
    demo.load(out=lambda line: None)
    assert _counts() == first
    mentor = Wegbegleiter.objects.get(user__email=f"wegbegleiterin@{demo.DOMAIN}")
    steps = {s.key: s.done for s in checklist_for(mentor)}
    assert steps["application"] and steps["interview"] and steps["references"]
    assert steps["training"] and steps["decision"]
    applicant = Wegbegleiter.objects.get(user__email=f"interessent@{demo.DOMAIN}")
    assert not checklist_for(applicant)[0].done
