"""Jobs: long work queued on NATS JetStream and run by workers as their creator.

The API writes a job and its outbox row in the transaction that creates it (service.py); the
relay (messaging/relay.py) hands it to JetStream after commit; a worker (worker.py) runs its
kind's handler (kinds.py) and publishes progress to `jobs.<id>.events`, which the API streams
as Server-Sent Events (endpoints.py). Delivery is at least once; effects are made idempotent by
committing them together with the job's final state (runner.py). See docs/jobs.md.
"""
