package fakediscord

import (
	"time"

	"github.com/bwmarrin/discordgo"
)

// Options configures a Server. The zero value is usable: it gives a bot
// called "peerhours" with token "test-token", no privileged intents enabled
// and the real clock.
type Options struct {
	// Token is the bot token the REST API and the gateway accept, without
	// the "Bot " prefix.
	Token string

	// ApplicationID is the application's ID. The bot user shares it, as it
	// does on Discord. Generated when empty.
	ApplicationID string

	// BotUserID overrides the bot user's ID (defaults to ApplicationID).
	BotUserID string

	// BotName is the bot user's username and application name.
	BotName string

	// PrivilegedIntents are the privileged gateway intents switched on in the
	// developer portal: any of discordgo.IntentGuildMembers,
	// discordgo.IntentGuildPresences and discordgo.IntentMessageContent.
	// An IDENTIFY asking for a privileged intent not listed here is closed
	// with 4014. Zero means none, as for a freshly created application.
	PrivilegedIntents discordgo.Intent

	// Verified makes the application report the unrestricted application
	// flags (GATEWAY_MESSAGE_CONTENT 1<<18 …) instead of the *_LIMITED ones
	// (1<<19 …) an unverified bot in fewer than 100 servers gets.
	Verified bool

	// Now is the clock used for timestamps, snowflakes, the 3-second
	// interaction window, the 15-minute webhook window and scheduled-event
	// checks. Defaults to time.Now.
	Now func() time.Time

	// RecommendedShards is the shard count GET /gateway/bot recommends
	// (1 when zero).
	RecommendedShards int

	// HeartbeatInterval is sent in HELLO. Defaults to 41250ms, Discord's
	// usual value; tests may make it short.
	HeartbeatInterval time.Duration

	// Spec, when set, checks every request against Discord's OpenAPI
	// description before it is handled, refusing one that does not conform
	// with 400 50035 (spec.go). Tests set it to RepoSpec(t.Logf).
	Spec *Spec

	// Logf receives one line per REST call and gateway event: routes, IDs,
	// status codes and durations, never message text or tokens.
	Logf func(format string, args ...any)
}

const (
	defaultToken             = "test-token"
	defaultBotName           = "peerhours"
	defaultHeartbeatInterval = 41250 * time.Millisecond

	// interactionWindow is how long Discord waits for the first callback.
	interactionWindow = 3 * time.Second
	// webhookWindow is how long an interaction token can be used for
	// followups and edits of the original response.
	webhookWindow = 15 * time.Minute
)

// privilegedIntents are the intents that must be enabled in the portal.
const privilegedIntents = discordgo.IntentGuildMembers | discordgo.IntentGuildPresences | discordgo.IntentMessageContent

// knownIntents are all the intent bits Discord accepts; any other bit in
// IDENTIFY is closed with 4013.
const knownIntents = discordgo.IntentsAll |
	discordgo.IntentGuildModeration |
	discordgo.IntentGuildMessagePolls |
	discordgo.IntentDirectMessagePolls

// Application flags reported by GET /applications/@me and READY.
const (
	appFlagGatewayPresence              = 1 << 12
	appFlagGatewayPresenceLimited       = 1 << 13
	appFlagGatewayGuildMembers          = 1 << 14
	appFlagGatewayGuildMembersLimited   = 1 << 15
	appFlagGatewayMessageContent        = 1 << 18
	appFlagGatewayMessageContentLimited = 1 << 19
)

func (o Options) withDefaults(ids *snowflakes) Options {
	if o.Token == "" {
		o.Token = defaultToken
	}
	if o.BotName == "" {
		o.BotName = defaultBotName
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.HeartbeatInterval <= 0 {
		o.HeartbeatInterval = defaultHeartbeatInterval
	}
	if o.ApplicationID == "" {
		o.ApplicationID = ids.next(o.Now())
	}
	if o.BotUserID == "" {
		o.BotUserID = o.ApplicationID
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	return o
}

// applicationFlags turns the portal settings into the flags Discord reports.
func (o Options) applicationFlags() int {
	flags := 0
	type pair struct {
		intent            discordgo.Intent
		verified, limited int
	}
	for _, p := range []pair{
		{discordgo.IntentGuildPresences, appFlagGatewayPresence, appFlagGatewayPresenceLimited},
		{discordgo.IntentGuildMembers, appFlagGatewayGuildMembers, appFlagGatewayGuildMembersLimited},
		{discordgo.IntentMessageContent, appFlagGatewayMessageContent, appFlagGatewayMessageContentLimited},
	} {
		if o.PrivilegedIntents&p.intent == 0 {
			continue
		}
		if o.Verified {
			flags |= p.verified
		} else {
			flags |= p.limited
		}
	}
	return flags
}
