"""The NATS connection that jobs, events and health checks share."""
