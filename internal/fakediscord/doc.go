// Package fakediscord is a Discord emulator on 127.0.0.1: the REST API
// under /api/v9 and the gateway websocket, close enough to Discord that the
// real discordgo v0.29.0 client connects to it unchanged. It is the
// backbone of peerhours' end-to-end tests and the engine of the sandbox,
// where people play patient, clinician and moderator against the real bot.
// So it does not import testing: tests wrap its plain methods.
//
// # Connecting a bot
//
// New starts a Server on a free port. The bot is pointed at URL() (its
// DISCORD_API_URL): its http.Client rewrites scheme and host of every
// request, so https://discord.com/api/v9/... lands here, GET /gateway
// returns the emulator's ws:// address, and Session.Open dials it.
// HTTPClient returns such a client ready made.
//
// The gateway speaks HELLO, IDENTIFY (token and intents checked: 4004,
// 4013, 4014), READY with unavailable guilds then one GUILD_CREATE each,
// heartbeats, RESUME (replaying what the client missed, then RESUMED) and
// invalid sessions (op 9). Every dispatch has a sequence number. Tests can
// drop the connection, close it with a code, send op 7 or op 9.
//
// Members reach a bot as they do from Discord: GUILD_CREATE lists only the
// bot and the members in voice channels (SetVoiceChannel) unless the
// session asked for Guild Presences and the server is not large. The rest
// come from Request Guild Members (op 8: the whole list only with the
// Server Members intent, once a server every 30 seconds, else
// RATE_LIMITED; prefixes and IDs at most 100; GUILD_MEMBERS_CHUNK events of
// up to 1,000) or GET /guilds/{id}/members (limit 1–1,000, after; 403 50001
// without the intent switched on in the portal), and member events only
// with the Server Members intent.
//
// # Behaving like Discord
//
// State lives in discordgo's own structs (Guild, Channel, Role, Member,
// Message, GuildScheduledEvent, ApplicationCommand), so JSON shapes match
// what discordgo reads. Requests are refused as Discord refuses them, with
// its {"message", "code"} errors: 401 without "Authorization: Bot <token>";
// 403 50013 when the bot's permissions — computed from its roles,
// @everyone, channel overwrites, ownership and ADMINISTRATOR — fall short,
// including the role hierarchy; 404 10003/10008/10011/10007 for unknown
// objects; 400 50035 (with the nested "errors" object) for bodies over
// Discord's limits; 50006 for empty messages; 40060 for a second
// interaction callback; 10062 for one later than three seconds. Changes are
// followed by the gateway events Discord sends, filtered by intents and
// channel visibility, with message content withheld from sessions that did
// not ask for MESSAGE_CONTENT. Messages carry the mentions that
// allowed_mentions actually lets through, so a test can see who was pinged.
//
// # Driving it from a test
//
// Setup methods (AddGuild, AddRole, AddChannel, AddMember, SetBotPermissions
// …) act as the server owner; user actions (PostMessage, RunCommand,
// Autocomplete, ClickButton, SelectMenu, SubmitModal, RunMessageCommand …)
// act as members and are checked like the Discord client checks them. An
// interaction comes back as an *Interaction whose Wait methods return the
// bot's answer: the callback, the final reply after a deferral and edit,
// the followups.
//
// Every REST call is recorded (Calls, WaitCall); requests that create or
// edit a message without an explicit allowed_mentions are listed by
// MissingAllowedMentions. InjectRateLimit, InjectError and SetLatency make
// routes misbehave. Waiting never polls: every change of state wakes the
// waiters (WaitFor, WaitCall, WaitMessage, Interaction.WaitReply).
//
// The clock (Options.Now) drives timestamps, snowflakes and the 3-second
// and 15-minute interaction windows, so tests can move time by hand.
//
// # A client's view, and a world that lasts
//
// The sandbox draws the world as one member's client would: CanView,
// MessagesFor (with the ephemeral replies shown to that member only),
// ThreadsFor, CommandsFor (what default_member_permissions leaves them) and
// Interactions (which the bot failed to answer in time). Snapshot and
// NewFromSnapshot keep the world across restarts with the same IDs, as
// Discord keeps a server while a bot restarts (snapshot.go).
package fakediscord
