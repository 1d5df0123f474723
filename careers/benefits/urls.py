"""Member-facing URLs of the benefits feature (in the `careers` namespace)."""

urlpatterns = []
