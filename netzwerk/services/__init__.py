"""Every write of the cooperation network: memberships and standing-in requests (``netz``),
events, registrations and attendance (``veranstaltungen``)."""
