"""Members messaging each other: who may, the services that do it, and the member pages."""
