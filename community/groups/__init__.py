"""Professional groups that members create and run themselves: policy, services, views."""
