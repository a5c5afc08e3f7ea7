package discordadapter

import (
	"github.com/bwmarrin/discordgo"
)

// Reply is what a handler answers. By default it is a new ephemeral message;
// a command marked Public answers in the channel, and a component marked
// Updates replaces the message the component is on.
type Reply struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Files      []*discordgo.File
	// Mentions lists whom the message may ping. Nil pings nobody, whatever
	// the text contains.
	Mentions *discordgo.MessageAllowedMentions
	// Modal, when set, is shown instead of a message. Modals cannot be
	// deferred, so handlers that return one must answer at once.
	Modal *Modal
}

// Modal is a pop-up form.
type Modal struct {
	CustomID   string
	Title      string
	Components []discordgo.MessageComponent
}

// noMentions pings nobody. Parse is an empty list, not nil, so the JSON says
// "parse": [] explicitly rather than leaving Discord to parse the text.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// mentions returns m, or noMentions when m is nil, so that every message the
// bot sends says explicitly whom it may ping.
func mentions(m *discordgo.MessageAllowedMentions) *discordgo.MessageAllowedMentions {
	if m == nil {
		return noMentions()
	}
	if m.Parse == nil {
		c := *m
		c.Parse = []discordgo.AllowedMentionType{}
		return &c
	}
	return m
}

// MentionUsers allows pings of exactly these users.
func MentionUsers(ids ...string) *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: ids}
}

// MentionRoles allows pings of exactly these roles.
func MentionRoles(ids ...string) *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Roles: ids}
}

func (r Reply) data(ephemeral bool) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{
		Content:         r.Content,
		Embeds:          r.Embeds,
		Components:      r.Components,
		Files:           r.Files,
		AllowedMentions: mentions(r.Mentions),
	}
	if d.Embeds == nil {
		d.Embeds = []*discordgo.MessageEmbed{}
	}
	if d.Components == nil {
		d.Components = []discordgo.MessageComponent{}
	}
	if ephemeral {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return d
}

func (r Reply) edit() *discordgo.WebhookEdit {
	content := r.Content
	embeds := r.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	components := r.Components
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	return &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &embeds,
		Components:      &components,
		Files:           r.Files,
		AllowedMentions: mentions(r.Mentions),
	}
}

func (r Reply) followup(ephemeral bool) *discordgo.WebhookParams {
	p := &discordgo.WebhookParams{
		Content:         r.Content,
		Embeds:          r.Embeds,
		Components:      r.Components,
		Files:           r.Files,
		AllowedMentions: mentions(r.Mentions),
	}
	if ephemeral {
		p.Flags = discordgo.MessageFlagsEphemeral
	}
	return p
}
