from django.core.management import BaseCommand
from django.db import transaction

from apps.connections.models import Connection

ENCRYPTED_FIELDS = ["api_key", "oauth_client_secret", "access_token", "refresh_token"]


class Command(BaseCommand):
    help = "Re-encrypt every stored secret with the first key of ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        # Loading decrypts with any listed key; saving encrypts with the first one.
        with transaction.atomic():
            connections = list(Connection.objects.select_for_update())
            for connection in connections:
                connection.save(update_fields=ENCRYPTED_FIELDS)
        self.stdout.write(f"Re-encrypted the secrets of {len(connections)} connections.")
