package discordadapter

import (
	"context"
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
		{Type: discordgo.ApplicationCommandOptionRole, Name: "escalation_role", Description: "Role pinged when nobody acknowledges an alert in 5 minutes (default: the owner)"},
		{Type: discordgo.ApplicationCommandOptionChannel, Name: "review_channel", Description: "Private channel where clinicians review summaries",
			ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText}},
		{Type: discordgo.ApplicationCommandOptionChannel, Name: "alert_channel", Description: "Private channel where moderators get emergency alerts",
			ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText}},
		{Type: discordgo.ApplicationCommandOptionString, Name: "timezone", Description: "Time zone for schedules, e.g. Europe/Berlin", Autocomplete: true, MaxLength: 64},
		{Type: discordgo.ApplicationCommandOptionString, Name: "crisis_resources", Description: "Crisis lines for suicide and self-harm, e.g. \"Call or text 988\" (\"default\" resets)", MaxLength: 1000},
		{Type: discordgo.ApplicationCommandOptionString, Name: "emergency_number", Description: "Your local emergency number, e.g. \"Call 112 now.\" (\"default\" resets)", MaxLength: 300},
		{Type: discordgo.ApplicationCommandOptionRole, Name: "verifier_role", Description: "Role that may verify clinicians' licences, besides moderators"},
		{Type: discordgo.ApplicationCommandOptionString, Name: "country", Description: "Your country, for the emergency number and crisis lines in crisis replies",
			Choices: countryChoices()},
		{Type: discordgo.ApplicationCommandOptionBoolean, Name: "backstop", Description: "Have Discord's AutoMod alert the alert channel on crisis words even while peerhours is down"},
		{Type: discordgo.ApplicationCommandOptionString, Name: "language", Description: "Language of public posts (default: the server's language on Discord)",
			Choices: languageChoices()},
	},
}

func ptr[T any](v T) *T { return &v }

// noCountry is the choice that clears the country (Discord choices cannot
// be empty).
const noCountry = "none"

// countryChoices are the countries peerhours has numbers for, and "none".
func countryChoices() []*discordgo.ApplicationCommandOptionChoice {
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, c := range bot.Countries() {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: c.Name, Value: c.Code})
	}
	return append(out, &discordgo.ApplicationCommandOptionChoice{Name: "Another country (use the general texts)", Value: noCountry})
}

// discordLanguage is the choice that makes public posts follow the
// server's language on Discord again.
const discordLanguage = "discord"

// languageChoices are the languages peerhours writes in, each named in
// itself, and "follow Discord".
func languageChoices() []*discordgo.ApplicationCommandOptionChoice {
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, l := range bot.Langs() {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: l.Name(), Value: l.Code()})
	}
	return append(out, &discordgo.ApplicationCommandOptionChoice{Name: "The server's language on Discord", Value: discordLanguage})
}

func (b *Bot) setup(ctx context.Context, r *Request) (Reply, error) {
	var ch bot.SettingsChange
	for name, dst := range map[string]**string{
		"moderator_role": &ch.ModeratorRoleID, "clinician_role": &ch.ClinicianRoleID, "escalation_role": &ch.EscalationRoleID,
		"review_channel": &ch.ReviewChannelID, "alert_channel": &ch.AlertChannelID,
		"timezone": &ch.Timezone, "crisis_resources": &ch.CrisisResources, "emergency_number": &ch.EmergencyNumber,
		"verifier_role": &ch.VerifierRoleID, "country": &ch.Country, "language": &ch.Language,
	} {
		if r.Has(name) {
			v := r.String(name)
			*dst = &v
		}
	}
	if ch.Country != nil && *ch.Country == noCountry {
		*ch.Country = ""
	}
	if ch.Language != nil && *ch.Language == discordLanguage {
		*ch.Language = ""
	}
	if r.Has("backstop") {
		v := r.Bool("backstop", false)
		ch.Backstop = &v
	}
	s, err := b.svc.Setup(ctx, r.Caller, ch)
	if err != nil {
		return Reply{}, err
	}
	l := r.Lang()
	title := l.T("Server settings")
	if !ch.Empty() {
		title = l.T("Settings saved")
	}
	e := settingsEmbed(l, title, s)
	if note := b.membersIntentNote(l); note != nil {
		e.Fields = append(e.Fields, note)
	}
	for _, c := range []struct {
		id        string
		what, why bot.Msg
	}{
		{s.AlertChannelID, bot.N("alert channel"), bot.N("emergency alerts link to people's posts in a crisis")},
		{s.ReviewChannelID, bot.N("review channel"), bot.N("summaries describe what members shared")},
	} {
		if c.id != "" && b.everyoneSees(r.GuildID, c.id) {
			e.Color = colorWarn
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: l.Sprintf("⚠️ The %s is not private", c.what),
				Value: l.Sprintf("Everyone in the server can see <#%s>, and %s. Deny View Channel to @everyone there (Edit Channel → Permissions), or pick a private channel.", c.id, c.why)})
		}
	}
	for _, role := range []struct {
		id   string
		what bot.Msg
	}{
		{s.ModeratorRoleID, bot.N("moderator role")},
		{s.EscalationRoleID, bot.N("escalation role")},
	} {
		if role.id == "" {
			continue
		}
		if s.AlertChannelID != "" && !b.roleSees(r.GuildID, role.id, s.AlertChannelID) {
			e.Color = colorWarn
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: l.Sprintf("⚠️ The %s can't see the alert channel", role.what),
				Value: l.Sprintf("<@&%s> cannot view <#%s>, and Discord notifies nobody of a message they cannot see, so alerts would reach none of them. "+
					"Allow View Channel for the role there (Edit Channel → Permissions).", role.id, s.AlertChannelID)})
		}
		if ok, known := b.canPingRole(ctx, r.GuildID, role.id, s.AlertChannelID); known && !ok {
			e.Color = colorWarn
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: l.Sprintf("⚠️ Alerts can't notify the %s", role.what),
				Value: l.Sprintf("Discord notifies a role only if the role is mentionable or the sender has the Mention Everyone permission. "+
					"Neither holds for <@&%s>, so an emergency alert would reach nobody. Fix either: Server Settings → Roles → that role → "+
					"turn on \"Allow anyone to @mention this role\"; or give peerhours' role \"Mention @everyone, @here, and All Roles\" "+
					"(the invite link asks for it), and don't deny it in the alert channel. Then run `/setup` again to check.", role.id)})
		}
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{e}}, nil
}

// canPingRole reports whether a message from the bot in channelID (or
// anywhere in the server when it is "") would notify the role's members:
// Discord notifies a role only if it is mentionable or the sender has
// Mention Everyone there. known is false when the gateway's cache cannot
// tell (the role is not in it).
func (b *Bot) canPingRole(ctx context.Context, guildID, roleID, channelID string) (ok, known bool) {
	role, err := b.s.State.Role(guildID, roleID)
	if err != nil {
		return false, false
	}
	b.s.State.RLock()
	mentionable := role.Mentionable
	b.s.State.RUnlock()
	if mentionable {
		return true, true
	}
	perms, known := b.memberPermissions(ctx, guildID, b.botUserID(), channelID)
	if !known {
		return false, false
	}
	return perms&(discordgo.PermissionMentionEveryone|discordgo.PermissionAdministrator) != 0, true
}

func (b *Bot) botUserID() string {
	b.s.State.RLock()
	defer b.s.State.RUnlock()
	if b.s.State.User == nil {
		return ""
	}
	return b.s.State.User.ID
}

// memberPermissions computes a member's permissions in a channel (or
// server-wide when channelID is ""), overwrites included, from the
// gateway's cache; a member the cache lacks is asked of Discord. known is
// false when that fails.
func (b *Bot) memberPermissions(ctx context.Context, guildID, userID, channelID string) (int64, bool) {
	if userID == "" {
		return 0, false
	}
	if _, err := b.s.State.Member(guildID, userID); err != nil {
		m, err := b.s.GuildMember(guildID, userID, discordgo.WithContext(ctx))
		if err != nil {
			return 0, false
		}
		m.GuildID = guildID
		_ = b.s.State.MemberAdd(m)
	}
	if channelID != "" {
		p, err := b.s.State.UserChannelPermissions(userID, channelID)
		return p, err == nil
	}
	g, err := b.s.State.Guild(guildID)
	if err != nil {
		return 0, false
	}
	m, err := b.s.State.Member(guildID, userID)
	if err != nil {
		return 0, false
	}
	b.s.State.RLock()
	defer b.s.State.RUnlock()
	if g.OwnerID == userID {
		return discordgo.PermissionAll, true
	}
	var perms int64
	for _, role := range g.Roles {
		if role.ID == guildID || slices.Contains(m.Roles, role.ID) {
			perms |= role.Permissions
		}
	}
	if perms&discordgo.PermissionAdministrator != 0 {
		return discordgo.PermissionAll, true
	}
	return perms, true
}

// roleSees reports whether holding the role (beside @everyone) lets a member
// view a channel, going by the gateway's copy of the server. When the cache
// cannot tell, it says yes: a warning must not cry wolf.
func (b *Bot) roleSees(guildID, roleID, channelID string) bool {
	g, err := b.s.State.Guild(guildID)
	if err != nil {
		return true
	}
	ch, err := b.s.State.Channel(channelID)
	if err != nil {
		return true
	}
	b.s.State.RLock()
	defer b.s.State.RUnlock()
	var perms int64
	found := false
	for _, role := range g.Roles {
		if role.ID == guildID || role.ID == roleID {
			perms |= role.Permissions
			found = found || role.ID == roleID
		}
	}
	if !found {
		return true
	}
	if perms&discordgo.PermissionAdministrator != 0 {
		return true
	}
	for _, id := range []string{guildID, roleID} {
		for _, ow := range ch.PermissionOverwrites {
			if ow.ID == id && ow.Type == discordgo.PermissionOverwriteTypeRole {
				perms = perms&^ow.Deny | ow.Allow
			}
		}
	}
	return perms&discordgo.PermissionViewChannel != 0
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

func settingsEmbed(l bot.Lang, title string, s bot.Settings) *discordgo.MessageEmbed {
	role := func(id string) string {
		if id == "" {
			return l.T("not set")
		}
		return "<@&" + id + ">"
	}
	channel := func(id string) string {
		if id == "" {
			return l.T("not set")
		}
		return "<#" + id + ">"
	}
	escalation := func(id string) string {
		if id == "" {
			return l.T("not set: re-alerts ping the server's owner")
		}
		return role(id)
	}
	verifier := func(id string) string {
		if id == "" {
			return l.T("not set: moderators verify clinicians")
		}
		return role(id)
	}
	tz := s.Timezone
	if tz == "" {
		tz = l.T("UTC (not set)")
	}
	source := l.T("*(the default: set `country:` or write your own)*")
	country := l.T("not set")
	if c, ok := bot.CountryByCode(s.Country); ok {
		source = l.Sprintf("*(%s's, from peerhours' table)*", bot.Msg(c.Name))
		country = l.T(c.Name)
	}
	emergency := s.EmergencyIn(l)
	if s.EmergencyNumber == "" {
		emergency += "\n" + source
	}
	crisis := s.CrisisLinesIn(l)
	if s.CrisisResources == "" {
		crisis += "\n" + source
	}
	var missing []string
	for name, v := range map[string]string{"moderator_role": s.ModeratorRoleID, "clinician_role": s.ClinicianRoleID,
		"review_channel": s.ReviewChannelID, "alert_channel": s.AlertChannelID} {
		if v == "" {
			missing = append(missing, "`"+name+"`")
		}
	}
	desc := l.T("Change any of these with `/setup` and the option's name.")
	if len(missing) > 0 {
		slices.Sort(missing)
		desc = l.Sprintf("Still to set: %s. Emergency alerts, office hours and summaries need them.", strings.Join(missing, ", "))
	}
	return &discordgo.MessageEmbed{
		Title: title, Description: desc, Color: colorInfo,
		Fields: []*discordgo.MessageEmbedField{
			{Name: l.T("Moderator role"), Value: role(s.ModeratorRoleID), Inline: true},
			{Name: l.T("Clinician role"), Value: role(s.ClinicianRoleID), Inline: true},
			{Name: l.T("Escalation role"), Value: escalation(s.EscalationRoleID), Inline: true},
			{Name: l.T("Time zone"), Value: tz, Inline: true},
			{Name: l.T("Country"), Value: country, Inline: true},
			{Name: l.T("Language of public posts"), Value: languageState(l, s), Inline: true},
			{Name: l.T("Review channel"), Value: channel(s.ReviewChannelID), Inline: true},
			{Name: l.T("Alert channel"), Value: channel(s.AlertChannelID), Inline: true},
			{Name: l.T("Verifier role"), Value: verifier(s.VerifierRoleID), Inline: true},
			{Name: l.T("Emergency number (every emergency reply)"), Value: emergency},
			{Name: l.T("Crisis resources (suicide and self-harm replies)"), Value: crisis},
			{Name: l.T("AutoMod backstop"), Value: backstopState(l, s)},
		},
	}
}

// languageState names the language of public posts and where it comes
// from.
func languageState(l bot.Lang, s bot.Settings) string {
	if s.Language != "" {
		return s.Lang().Name()
	}
	return l.Sprintf("%s (the server's language on Discord)", s.Lang().Name())
}

// backstopState says whether Discord's AutoMod watches for crisis words
// while peerhours is down, and how to switch it.
func backstopState(l bot.Lang, s bot.Settings) string {
	if s.BackstopRuleID == "" {
		return l.T("off: while peerhours is down, nobody is alerted. `/setup backstop:True` has Discord's AutoMod post an alert in the alert channel on the plainest crisis words even then (I need the Manage Server permission for it).")
	}
	return l.Sprintf("on: Discord's AutoMod posts an alert in <#%s> on the plainest crisis words, even while peerhours is down; I answer each with what I made of the message. Moderators and clinicians are exempt. `/setup backstop:False` removes the rule.", s.AlertChannelID)
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
