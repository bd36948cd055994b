"""The Thinkific client: the only code in the portal that speaks HTTP to Thinkific."""

from apps.thinkific.client import ThinkificClient
from apps.thinkific.oauth import OAuthApp, TokenSet

__all__ = ["OAuthApp", "ThinkificClient", "TokenSet"]
