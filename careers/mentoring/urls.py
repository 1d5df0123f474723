"""Member-facing URLs of the mentoring feature (in the `careers` namespace)."""

urlpatterns = []
