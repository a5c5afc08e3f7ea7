package discordadapter

import (
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"

	"github.com/peerhours/peerhours/bot"
)

// Request is one interaction as a handler sees it.
type Request struct {
	*discordgo.Interaction
	Caller bot.Caller
	// Settings are the server's settings, already loaded for the access check.
	Settings bot.Settings
	Log      zerolog.Logger
	// Args are the colon-separated parts of a component's custom ID after
	// its route prefix: "ack:123" gives ["123"].
	Args []string
}

// Subcommand is the invoked subcommand ("create" in /condition create), or
// "" for a command without subcommands.
func (r *Request) Subcommand() string {
	if r.Type != discordgo.InteractionApplicationCommand && r.Type != discordgo.InteractionApplicationCommandAutocomplete {
		return ""
	}
	opts := r.ApplicationCommandData().Options
	if len(opts) == 1 && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		return opts[0].Name
	}
	return ""
}

// options returns the leaf options, below any subcommand.
func (r *Request) options() []*discordgo.ApplicationCommandInteractionDataOption {
	if r.Type != discordgo.InteractionApplicationCommand && r.Type != discordgo.InteractionApplicationCommandAutocomplete {
		return nil
	}
	opts := r.ApplicationCommandData().Options
	for len(opts) == 1 && (opts[0].Type == discordgo.ApplicationCommandOptionSubCommand ||
		opts[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
		opts = opts[0].Options
	}
	return opts
}

func (r *Request) option(name string) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range r.options() {
		if o.Name == name {
			return o
		}
	}
	return nil
}

// Has reports whether the option was given.
func (r *Request) Has(name string) bool { return r.option(name) != nil }

// String returns a string option, trimmed, or "" when absent.
func (r *Request) String(name string) string {
	o := r.option(name)
	if o == nil {
		return ""
	}
	s, _ := o.Value.(string)
	return strings.TrimSpace(s)
}

// Int returns an integer option, or def when absent.
func (r *Request) Int(name string, def int64) int64 {
	o := r.option(name)
	if o == nil {
		return def
	}
	f, ok := o.Value.(float64)
	if !ok {
		return def
	}
	return int64(f)
}

// Bool returns a boolean option, or def when absent.
func (r *Request) Bool(name string, def bool) bool {
	o := r.option(name)
	if o == nil {
		return def
	}
	b, ok := o.Value.(bool)
	if !ok {
		return def
	}
	return b
}

// ID returns the snowflake of a user, role, channel or mentionable option,
// or "" when absent.
func (r *Request) ID(name string) string {
	o := r.option(name)
	if o == nil {
		return ""
	}
	s, _ := o.Value.(string)
	return s
}

// Focused returns the option being typed in an autocomplete interaction.
func (r *Request) Focused() *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range r.options() {
		if o.Focused {
			return o
		}
	}
	return nil
}

// UserID is the caller's user ID, in a guild or a DM.
func (r *Request) UserID() string { return userID(r.Interaction) }

func userID(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}

// ModalValue returns the value of a text input in a submitted modal.
func (r *Request) ModalValue(customID string) string {
	if r.Type != discordgo.InteractionModalSubmit {
		return ""
	}
	for _, row := range r.ModalSubmitData().Components {
		ar, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range ar.Components {
			if ti, ok := c.(*discordgo.TextInput); ok && ti.CustomID == customID {
				return strings.TrimSpace(ti.Value)
			}
		}
	}
	return ""
}

// Lang is the caller's language, for what only they see (ephemeral
// replies, modals); public posts are in the server's (Settings.Lang).
func (r *Request) Lang() bot.Lang { return r.Caller.Lang }
