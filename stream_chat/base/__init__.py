"""What the sync and async clients share: configuration, request building, errors."""
