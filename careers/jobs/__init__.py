"""The careers app's jobs feature: services, forms, views and URLs."""
