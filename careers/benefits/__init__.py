"""The careers app's benefits feature: services, forms, views and URLs."""
