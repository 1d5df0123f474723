"""The newsletters' admin screens: campaigns (scoped to a coordinator's faculties, SECURITY.md
C3), the campaign report, the live audience count, test-send and stop, and the read-only records of
subscribers, the consent ledger and the suppression list for central staff."""
