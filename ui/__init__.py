"""NiceGUI pages and components. Talks to the facilitator service only, never to the database."""
