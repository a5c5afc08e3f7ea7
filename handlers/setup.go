package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

var setupCommand = &discordgo.ApplicationCommand{
	Name:                     "setup",
	Description:              "Set or show this server's peerhours settings",
	DefaultMemberPermissions: ptr(int64(discordgo.PermissionManageGuild)),
	Contexts:                 guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		{Type: discordgo.ApplicationCommandOptionRole, Name: "moderator_role", Description: "Role of the people who moderate (they get alerts and run commands)"},
		{Type: discordgo.ApplicationCommandOptionRole, Name: "clinician_role", Description: "Role of verified clinicians (office hours, summary review)"},
		{Type: discordgo.ApplicationCommandOptionChannel, Name: "review_channel", Description: "Private channel where clinicians review summaries",
			ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText}},
		{Type: discordgo.ApplicationCommandOptionChannel, Name: "alert_channel", Description: "Private channel where moderators get emergency alerts",
			ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText}},
		{Type: discordgo.ApplicationCommandOptionString, Name: "timezone", Description: "Time zone for schedules, e.g. Europe/Berlin", Autocomplete: true, MaxLength: 64},
		{Type: discordgo.ApplicationCommandOptionString, Name: "crisis_resources", Description: "What to tell someone in danger (write \"default\" to reset)", MaxLength: 1000},
	},
}

func ptr[T any](v T) *T { return &v }

func (b *Bot) setup(ctx context.Context, r *Request) (Reply, error) {
	var ch bot.SettingsChange
	for name, dst := range map[string]**string{
		"moderator_role": &ch.ModeratorRoleID, "clinician_role": &ch.ClinicianRoleID,
		"review_channel": &ch.ReviewChannelID, "alert_channel": &ch.AlertChannelID,
		"timezone": &ch.Timezone, "crisis_resources": &ch.CrisisResources,
	} {
		if r.Has(name) {
			v := r.String(name)
			*dst = &v
		}
	}
	s, err := b.svc.Setup(ctx, r.Caller, ch)
	if err != nil {
		return Reply{}, err
	}
	title := "Server settings"
	if !ch.Empty() {
		title = "Settings saved"
	}
	e := settingsEmbed(title, s)
	if note := b.membersIntentNote(); note != nil {
		e.Fields = append(e.Fields, note)
	}
	for _, c := range []struct{ id, what, why string }{
		{s.AlertChannelID, "alert channel", "emergency alerts link to people's posts in a crisis"},
		{s.ReviewChannelID, "review channel", "summaries describe what members shared"},
	} {
		if c.id != "" && b.everyoneSees(r.GuildID, c.id) {
			e.Color = colorWarn
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "⚠️ The " + c.what + " is not private",
				Value: fmt.Sprintf("Everyone in the server can see <#%s>, and %s. Deny View Channel to @everyone there (Edit Channel → Permissions), or pick a private channel.", c.id, c.why)})
		}
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{e}}, nil
}

// everyoneSees reports whether @everyone may view a channel, going by the
// gateway's copy of the server: @everyone's permissions and the channel's
// overwrite for it. A channel the bot does not know is taken as private.
func (b *Bot) everyoneSees(guildID, channelID string) bool {
	g, err := b.s.State.Guild(guildID)
	if err != nil {
		return false
	}
	ch, err := b.s.State.Channel(channelID)
	if err != nil {
		return false
	}
	b.s.State.RLock()
	defer b.s.State.RUnlock()
	var perms int64
	for _, role := range g.Roles {
		if role.ID == guildID {
			perms = role.Permissions
		}
	}
	if perms&discordgo.PermissionAdministrator != 0 {
		return true
	}
	for _, ow := range ch.PermissionOverwrites {
		if ow.ID == guildID && ow.Type == discordgo.PermissionOverwriteTypeRole {
			perms = perms&^ow.Deny | ow.Allow
		}
	}
	return perms&discordgo.PermissionViewChannel != 0
}

func settingsEmbed(title string, s bot.Settings) *discordgo.MessageEmbed {
	role := func(id string) string {
		if id == "" {
			return "not set"
		}
		return "<@&" + id + ">"
	}
	channel := func(id string) string {
		if id == "" {
			return "not set"
		}
		return "<#" + id + ">"
	}
	tz := s.Timezone
	if tz == "" {
		tz = "UTC (not set)"
	}
	crisis := s.Crisis()
	if s.CrisisResources == "" {
		crisis += "\n*(the default)*"
	}
	var missing []string
	for name, v := range map[string]string{"moderator_role": s.ModeratorRoleID, "clinician_role": s.ClinicianRoleID,
		"review_channel": s.ReviewChannelID, "alert_channel": s.AlertChannelID} {
		if v == "" {
			missing = append(missing, "`"+name+"`")
		}
	}
	desc := "Change any of these with `/setup` and the option's name."
	if len(missing) > 0 {
		slices.Sort(missing)
		desc = fmt.Sprintf("Still to set: %s. Emergency alerts, office hours and summaries need them.", strings.Join(missing, ", "))
	}
	return &discordgo.MessageEmbed{
		Title: title, Description: desc, Color: colorInfo,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Moderator role", Value: role(s.ModeratorRoleID), Inline: true},
			{Name: "Clinician role", Value: role(s.ClinicianRoleID), Inline: true},
			{Name: "Time zone", Value: tz, Inline: true},
			{Name: "Review channel", Value: channel(s.ReviewChannelID), Inline: true},
			{Name: "Alert channel", Value: channel(s.AlertChannelID), Inline: true},
			{Name: "Crisis resources", Value: crisis},
		},
	}
}

func (b *Bot) timezoneChoices(_ context.Context, r *Request) ([]*discordgo.ApplicationCommandOptionChoice, error) {
	f := r.Focused()
	if f == nil {
		return nil, nil
	}
	typed, _ := f.Value.(string)
	return stringChoices(bot.TimezoneNames(typed, maxChoices)), nil
}

func stringChoices(names []string) []*discordgo.ApplicationCommandOptionChoice {
	out := make([]*discordgo.ApplicationCommandOptionChoice, len(names))
	for i, n := range names {
		out[i] = &discordgo.ApplicationCommandOptionChoice{Name: n, Value: n}
	}
	return out
}
