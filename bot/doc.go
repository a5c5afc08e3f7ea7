// Package bot is the domain of peerhours: condition groups, members and their
// consent, triage decisions, questions and the office-hours queue, schedules,
// summaries and the audit log.
//
// It knows nothing about Discord, SQLite or any LLM vendor. It declares the
// interfaces it consumes (Store, Discord, LLM) and the adapters in discordadapter,
// storage and llm implement them; cmd/peerhours wires the concrete types
// together. Everything here imports only the standard library, so the rules
// that keep patients safe can be read, and tested, without any of the
// machinery around them.
//
// Errors that a person should see are *Error values with a Code and a short
// Message; the Discord adapter turns them into ephemeral replies in exactly one
// place. Any other error is reported to the person as an internal failure and
// logged by its IDs only.
package bot
