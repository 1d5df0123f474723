"""Moderation of member content (SECURITY.md M5): members report what they can see, moderators
(administrators, and faculty coordinators for their faculty's members) decide.

`service` holds the rules and is what the member view and the admin queue call; `views` holds
the member's report form.
"""
