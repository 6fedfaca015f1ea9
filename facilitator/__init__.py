"""Domain logic of facilitator: commands, rules, time and events. No UI imports here."""
