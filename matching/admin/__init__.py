"""Coordinators' admin for matching, one module per admin: suggestions on a request and the
region proposal (``vermittlung``), the life of each match (``begleitung``, its steps in
``workflow``, its list filters in ``filters``), weights, capacity, wishes and suspensions. Every
write goes through ``matching.services``; every list is scoped to the regions. Importing the
package registers them all."""

from matching.admin import (  # noqa: F401 (registers the admins)
    aussetzung,
    begleitung,
    gewichtung,
    kapazitaet,
    vermittlung,
    wunsch,
)
