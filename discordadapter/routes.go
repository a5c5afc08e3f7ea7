package discordadapter

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// HandlerFunc answers an interaction. It returns the reply to show, or an
// error that the dispatcher turns into a short ephemeral message.
type HandlerFunc func(ctx context.Context, r *Request) (Reply, error)

// Command is a slash command or message-menu command: its definition for
// Discord and the rules the server side enforces.
type Command struct {
	Def *discordgo.ApplicationCommand
	// Audience is who may run it, as help lists it and autocomplete
	// suggests by it; the bot.Service method it reaches enforces the same
	// rule (TestEveryRouteRefusedByTheDomain). SubAudience overrides it
	// per subcommand.
	Audience    bot.Audience
	SubAudience map[string]bot.Audience
	// Public replies are visible in the channel; all others are ephemeral.
	Public       bool
	Handle       HandlerFunc
	Autocomplete func(ctx context.Context, r *Request) ([]*discordgo.ApplicationCommandOptionChoice, error)
}

func (c *Command) audience(sub string) bot.Audience {
	if a, ok := c.SubAudience[sub]; ok {
		return a
	}
	return c.Audience
}

// Component handles buttons, select menus and modal submissions whose custom
// ID is Prefix or starts with Prefix + ":". Everything a component needs is
// in its custom ID, so it keeps working after a restart.
type Component struct {
	Prefix   string
	Audience bot.Audience
	// Updates replies replace the message the component is on (an alert
	// marked acknowledged, a consent prompt answered); others are new
	// ephemeral messages.
	Updates bool
	Handle  HandlerFunc
}
