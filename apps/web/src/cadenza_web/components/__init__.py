"""The web player's own components: the shared ones (`cadenza_ui`) bound to its states."""
