"""The HTTP and WebSocket API (shared/API.md). Routes are one-liners over the facilitator service."""
