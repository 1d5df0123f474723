"""The careers app's mentoring feature: services, forms, views and URLs."""
