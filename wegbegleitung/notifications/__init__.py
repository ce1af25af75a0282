"""Reminders and notifications that are delivered, exactly once (see delivery.py for how).

- ``registry``: the kinds of notification; a periodic kind has a selector "what is due on day D";
- ``providers``: what other apps (matching) tell us, empty until they do;
- ``reminders``: the selectors of the periodic kinds and the daily run;
- ``delivery``: recording in the log and mailing each row once, with retries;
- ``digest``: the coordinators' weekly digest;
- ``preferences``, ``selectors``, ``views``: the user's choices and inbox.
"""
