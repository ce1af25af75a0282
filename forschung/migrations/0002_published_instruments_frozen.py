"""On PostgreSQL, a published instrument version is frozen in the database too.

Items, scale points and subscales of a version that is no longer a draft cannot be inserted,
changed or deleted; the version's own fields that give answers their meaning (code, version,
name, introduction, audience, scoring) cannot change; the version cannot be deleted. Only its
status may move on (published → replaced) and its years of waves may be set.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION forschung_part_frozen() RETURNS trigger AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'DELETE' THEN ids := ARRAY[OLD.instrument_id];
    ELSIF TG_OP = 'INSERT' THEN ids := ARRAY[NEW.instrument_id];
    ELSE ids := ARRAY[OLD.instrument_id, NEW.instrument_id];
    END IF;
    IF EXISTS (SELECT 1 FROM forschung_instrument WHERE id = ANY(ids) AND status <> 'entwurf') THEN
        RAISE EXCEPTION 'instrument version is published and frozen (% on %)', TG_OP, TG_TABLE_NAME;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION forschung_instrument_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'entwurf' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'instrument version is published and frozen (DELETE)';
    END IF;
    IF NEW.status = 'entwurf'
        OR (NEW.code, NEW.version, NEW.name, NEW.einleitung, NEW.zielgruppe, NEW.gesamt_regel,
            NEW.gesamt_min_items)
        IS DISTINCT FROM (OLD.code, OLD.version, OLD.name, OLD.einleitung, OLD.zielgruppe,
            OLD.gesamt_regel, OLD.gesamt_min_items) THEN
        RAISE EXCEPTION 'instrument version is published and frozen (UPDATE)';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER forschung_instrument_frozen BEFORE UPDATE OR DELETE ON forschung_instrument
    FOR EACH ROW EXECUTE FUNCTION forschung_instrument_frozen();
CREATE TRIGGER forschung_item_frozen BEFORE INSERT OR UPDATE OR DELETE ON forschung_item
    FOR EACH ROW EXECUTE FUNCTION forschung_part_frozen();
CREATE TRIGGER forschung_skalenpunkt_frozen BEFORE INSERT OR UPDATE OR DELETE
    ON forschung_skalenpunkt FOR EACH ROW EXECUTE FUNCTION forschung_part_frozen();
CREATE TRIGGER forschung_subskala_frozen BEFORE INSERT OR UPDATE OR DELETE ON forschung_subskala
    FOR EACH ROW EXECUTE FUNCTION forschung_part_frozen();
"""
DROP = """
DROP TRIGGER IF EXISTS forschung_instrument_frozen ON forschung_instrument;
DROP TRIGGER IF EXISTS forschung_item_frozen ON forschung_item;
DROP TRIGGER IF EXISTS forschung_skalenpunkt_frozen ON forschung_skalenpunkt;
DROP TRIGGER IF EXISTS forschung_subskala_frozen ON forschung_subskala;
DROP FUNCTION IF EXISTS forschung_instrument_frozen();
DROP FUNCTION IF EXISTS forschung_part_frozen();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("forschung", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
