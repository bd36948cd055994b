"""Function views: the generic resource views, the few special Admin API paths, the
Webhooks API v2 and OAuth."""
