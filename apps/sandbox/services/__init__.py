"""Writes: each validates the request body like Thinkific, changes the records and emits
the events Thinkific would send. Named `<entity>_<action>`."""
