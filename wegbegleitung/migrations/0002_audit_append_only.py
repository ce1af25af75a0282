"""On PostgreSQL, the audit table refuses UPDATE and DELETE: the trail is append-only.

``actor_id`` has no foreign-key constraint, so deleting a user never needs to touch the trail.
TRUNCATE, used by test teardown, is not a row trigger.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION wegbegleitung_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER wegbegleitung_audit_append_only
    BEFORE UPDATE OR DELETE ON wegbegleitung_auditevent
    FOR EACH ROW EXECUTE FUNCTION wegbegleitung_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS wegbegleitung_audit_append_only ON wegbegleitung_auditevent;
DROP FUNCTION IF EXISTS wegbegleitung_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("wegbegleitung", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
