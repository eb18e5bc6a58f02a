"""What the CLI prints: findings for people (``findings``) and click's own texts in Chinese (``chinese``)."""
