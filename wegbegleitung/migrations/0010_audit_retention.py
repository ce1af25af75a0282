"""The audit trail stays append-only, with one exception: the retention schedule deletes events
older than WB_RETENTION_AUDIT_MONTHS, and only inside a transaction that says so
(``SET LOCAL wegbegleitung.audit_retention = 'on'``, ``wegbegleitung.retention_kinds``).
UPDATE is refused as before."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION wegbegleitung_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('wegbegleitung.audit_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
PREVIOUS = """
CREATE OR REPLACE FUNCTION wegbegleitung_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS, params=None)


class Migration(migrations.Migration):
    dependencies = [("wegbegleitung", "0009_export")]
    operations = [migrations.RunPython(forwards, backwards)]
