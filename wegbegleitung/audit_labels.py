"""German labels for audit actions: "Wegbegleiter:in: Ausscheiden beantragt", not a code.

An action is "<model name>.<verb>" (see services/audit.py); the model part reads as the model's
verbose name, the verb through the table below. Verbs of the higher apps are listed here as plain
strings (no import upward); an unknown verb shows as it is, so a new action is never hidden.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

VERBS = {
    "accept": pgettext_lazy("audit action", "accepted"),
    "activate": pgettext_lazy("audit action", "started"),
    "admin_add": pgettext_lazy("audit action", "added in the administration"),
    "admin_change": pgettext_lazy("audit action", "changed in the administration"),
    "admin_delete": pgettext_lazy("audit action", "deleted in the administration"),
    "auszug": pgettext_lazy("audit action", "moved out"),
    "care_leaver": pgettext_lazy("audit action", "continued as care leaver"),
    "change": pgettext_lazy("audit action", "changed"),
    "close": pgettext_lazy("audit action", "ended"),
    "confirm": pgettext_lazy("audit action", "confirmed"),
    "create": pgettext_lazy("audit action", "created"),
    "decline": pgettext_lazy("audit action", "declined"),
    "defer": pgettext_lazy("audit action", "deferred"),
    "delete": pgettext_lazy("audit action", "deleted"),
    "delete_account": pgettext_lazy("audit action", "account deleted"),
    "done": pgettext_lazy("audit action", "carried out"),
    "download": pgettext_lazy("audit action", "downloaded"),
    "erase": pgettext_lazy("audit action", "erased"),
    "einstellungen": pgettext_lazy("audit action", "settings changed"),
    "exit_complete": pgettext_lazy("audit action", "leaving completed"),
    "exit_request": pgettext_lazy("audit action", "leaving requested"),
    "grant_role": pgettext_lazy("audit action", "role granted"),
    "import": pgettext_lazy("audit action", "imported from a spreadsheet"),
    "issue": pgettext_lazy("audit action", "issued"),
    "lapse": pgettext_lazy("audit action", "lapsed"),
    "lead_set": pgettext_lazy("audit action", "lead set"),
    "leave": pgettext_lazy("audit action", "left"),
    "new_version": pgettext_lazy("audit action", "new version made"),
    "mentor_view": pgettext_lazy("audit action", "viewed by the volunteer"),
    "pause": pgettext_lazy("audit action", "paused"),
    "propose": pgettext_lazy("audit action", "proposed"),
    "publish": pgettext_lazy("audit action", "published"),
    "purge": pgettext_lazy("audit action", "purged"),
    "record": pgettext_lazy("audit action", "recorded"),
    "register": pgettext_lazy("audit action", "registered"),
    "refuse": pgettext_lazy("audit action", "refused"),
    "reject": pgettext_lazy("audit action", "rejected"),
    "request_end": pgettext_lazy("audit action", "ending requested"),
    "render": pgettext_lazy("audit action", "document created"),
    "render_failed": pgettext_lazy("audit action", "document could not be created"),
    "render_retry": pgettext_lazy("audit action", "document started again"),
    "report": pgettext_lazy("audit action", "reported"),
    "request": pgettext_lazy("audit action", "requested"),
    "restore": pgettext_lazy("audit action", "restored"),
    "resume": pgettext_lazy("audit action", "resumed"),
    "retry": pgettext_lazy("audit action", "sent again"),
    "revoke": pgettext_lazy("audit action", "revoked"),
    "rsvp": pgettext_lazy("audit action", "replied"),
    "save": pgettext_lazy("audit action", "saved"),
    "set": pgettext_lazy("audit action", "set"),
    "sign": pgettext_lazy("audit action", "signed"),
    "start_introduction": pgettext_lazy("audit action", "getting to know started"),
    "start_screening": pgettext_lazy("audit action", "screening started"),
    "status": pgettext_lazy("audit action", "status changed"),
    "step": pgettext_lazy("audit action", "next step"),
    "submit": pgettext_lazy("audit action", "submitted"),
    "suspend": pgettext_lazy("audit action", "suspended"),
    "suspension_lift": pgettext_lazy("audit action", "suspension lifted"),
    "to_agreement": pgettext_lazy("audit action", "agreement started"),
    "update": pgettext_lazy("audit action", "changed"),
    "view": pgettext_lazy("audit action", "viewed"),
    "withdraw": pgettext_lazy("audit action", "withdrawn"),
}


# subjects of audit actions that are no model
SUBJECTS = {
    "personal_data": pgettext_lazy("audit subject", "Personal data"),
}


def _model_label(model_name: str) -> str:
    if model_name in SUBJECTS:
        return str(SUBJECTS[model_name])
    for model in apps.get_models():
        if model._meta.model_name == model_name:
            return capfirst(str(model._meta.verbose_name))
    return model_name


def audit_action_label(action: str) -> str:
    """The German label of an audit action, e.g. "Wegbegleiter:in: Ausscheiden beantragt"."""
    model_name, _sep, verb = action.partition(".")
    if not verb:
        return str(VERBS.get(action, action))
    return f"{_model_label(model_name)}: {VERBS.get(verb, verb)}"
