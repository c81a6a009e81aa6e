app_name = "standard"

urlpatterns: list = []
