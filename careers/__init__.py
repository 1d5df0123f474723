"""Careers: guidance content, the job board, mentoring, course offers and member benefits."""
