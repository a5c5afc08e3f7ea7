// Package discordadapter is peerhours' Discord adapter. It owns the discordgo
// session and everything Discord-shaped: the gateway connection and its
// reconnects, the slash-command table, the interaction dispatcher, message
// events, and the rendering of replies (text, embeds, buttons, allowed
// mentions). It stays thin: parse what Discord sent, call package bot, render
// what bot returned. It also keeps, in memory, each server's member names
// for redaction (members.go): read whole with the Server Members intent,
// otherwise learnt from messages and interactions, never asked per message.
//
// Three rules hold everywhere in this package:
//
//   - Every message the bot sends goes through one of the send helpers, which
//     set allowed_mentions explicitly, so the bot never pings by accident.
//   - Logs carry IDs, routes, durations and error codes, never message text,
//     names, tokens or keys.
//   - A handler never panics the process: the dispatcher recovers, logs the
//     interaction's IDs and answers the person with a short ephemeral message.
package discordadapter
