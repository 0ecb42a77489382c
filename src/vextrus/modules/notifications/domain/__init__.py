"""Pure rules of notifications: SMS segmentation, retry backoff, webhook signatures, templates."""
