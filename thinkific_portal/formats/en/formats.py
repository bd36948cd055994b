# One date-time format for the portal's pages, the activity feed and the admin
# (apps.core.display.when uses DATETIME_FORMAT; the admin reads both).
DATETIME_FORMAT = "M j, Y, H:i"
SHORT_DATETIME_FORMAT = "M j, Y, H:i"
DATE_FORMAT = "M j, Y"
SHORT_DATE_FORMAT = "M j, Y"
