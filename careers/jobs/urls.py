"""Member-facing URLs of the jobs feature (in the `careers` namespace)."""

urlpatterns = []
