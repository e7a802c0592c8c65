"""Events after commit: board changes and job progress, published to JetStream and streamed
to browsers and integrations as Server-Sent Events."""
