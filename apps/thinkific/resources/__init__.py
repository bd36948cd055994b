"""One module per Thinkific resource; the client binds each as `client.<name>`."""
