package discordadapter

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"

	"github.com/peerhours/peerhours/bot"
)

// Discord implements bot.Discord on a discordgo session.
type Discord struct {
	s   *discordgo.Session
	log zerolog.Logger

	// members holds each server's member names for redaction (members.go).
	members    *memberCache
	ctx        context.Context // ends at Close: stops member list reads
	cancel     context.CancelFunc
	fetches    sync.WaitGroup
	fetchSlots chan struct{}
	// chunkWaits are the member requests waiting for their chunks,
	// by nonce (members.go).
	chunkMu    sync.Mutex
	chunkWaits map[string]*chunkWaiter
}

// DiscordOption tunes NewDiscord.
type DiscordOption func(*Discord)

// WithDiscordLogger gives the adapter a logger (IDs and error classes only).
func WithDiscordLogger(l zerolog.Logger) DiscordOption { return func(d *Discord) { d.log = l } }

// NewDiscord returns the domain's view of Discord through s. It subscribes
// to s's events to keep the servers' member lists (members.go): call it
// before the gateway opens, and Close it at shutdown.
func NewDiscord(s *discordgo.Session, opts ...DiscordOption) *Discord {
	d := &Discord{s: s, log: zerolog.Nop(), members: newMemberCache(maxMembersPerGuild),
		fetchSlots: make(chan struct{}, memberFetchesAtOnce), chunkWaits: map[string]*chunkWaiter{}}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	for _, o := range opts {
		o(d)
	}
	d.watchMembers()
	return d
}

// Close stops member list reads in progress and waits for them.
func (d *Discord) Close() {
	d.cancel()
	d.fetches.Wait()
}

var _ bot.Discord = (*Discord)(nil)

// Channel permissions for each access level. Read-only members keep their
// history; the bot gets what it needs to post, open threads and manage the
// channel. It changes the channel's overwrites later (office hours open and
// close) through its server-wide Manage Roles: Discord refuses an overwrite
// granting Manage Roles when a non-administrator creates a channel.
const (
	permRead  = discordgo.PermissionViewChannel | discordgo.PermissionReadMessageHistory
	permPost  = discordgo.PermissionSendMessages | discordgo.PermissionSendMessagesInThreads | discordgo.PermissionCreatePublicThreads
	permBot   = permRead | permPost | discordgo.PermissionEmbedLinks | discordgo.PermissionAttachFiles | discordgo.PermissionManageChannels
	permWrite = permRead | permPost
)

func (d *Discord) overwrites(guildID string, access []bot.Access) []*discordgo.PermissionOverwrite {
	var out []*discordgo.PermissionOverwrite
	for _, a := range access {
		ow := &discordgo.PermissionOverwrite{ID: a.RoleID, Type: discordgo.PermissionOverwriteTypeRole}
		switch {
		case a.Everyone:
			ow.ID = guildID // @everyone's role ID is the guild's
		case a.Bot:
			ow.ID, ow.Type = d.botID(), discordgo.PermissionOverwriteTypeMember
		}
		if ow.ID == "" {
			continue
		}
		switch a.Level {
		case bot.Hidden:
			ow.Deny = discordgo.PermissionViewChannel
		case bot.ReadOnly:
			ow.Allow, ow.Deny = permRead, permPost
		case bot.ReadWrite:
			ow.Allow = permWrite
		case bot.BotAccess:
			ow.Allow = permBot
		}
		out = append(out, ow)
	}
	return out
}

func (d *Discord) botID() string {
	d.s.State.RLock()
	defer d.s.State.RUnlock()
	if d.s.State.User == nil {
		return ""
	}
	return d.s.State.User.ID
}

// CreateRole creates a role that grants nothing server-wide: what it may
// see comes from channel overwrites.
func (d *Discord) CreateRole(ctx context.Context, guildID string, r bot.RoleSpec) (string, error) {
	none := int64(0)
	hoist := false
	role, err := d.s.GuildRoleCreate(guildID, &discordgo.RoleParams{
		Name: r.Name, Permissions: &none, Mentionable: &r.Mentionable, Hoist: &hoist,
	}, discordgo.WithContext(ctx))
	if err != nil {
		return "", refusal(err, "create the role "+r.Name, "Manage Roles")
	}
	return role.ID, nil
}

// DeleteRole deletes a role; one that is already gone is not an error.
func (d *Discord) DeleteRole(ctx context.Context, guildID, roleID string) error {
	err := d.s.GuildRoleDelete(guildID, roleID, discordgo.WithContext(ctx))
	if err != nil && !isCode(err, discordgo.ErrCodeUnknownRole) {
		return refusal(err, "delete a role", "Manage Roles")
	}
	return nil
}

// CreateChannel creates a category or text channel with its overwrites.
func (d *Discord) CreateChannel(ctx context.Context, guildID string, c bot.ChannelSpec) (string, error) {
	typ := discordgo.ChannelTypeGuildText
	if c.Kind == bot.CategoryChannel {
		typ = discordgo.ChannelTypeGuildCategory
	}
	ch, err := d.s.GuildChannelCreateComplex(guildID, discordgo.GuildChannelCreateData{
		Name: c.Name, Type: typ, Topic: c.Topic, ParentID: c.ParentID,
		PermissionOverwrites: d.overwrites(guildID, c.Access),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return "", refusal(err, "create the channel "+c.Name, "Manage Channels and Manage Roles")
	}
	return ch.ID, nil
}

// DeleteChannel deletes a channel; one that is already gone is not an error.
func (d *Discord) DeleteChannel(ctx context.Context, channelID string) error {
	_, err := d.s.ChannelDelete(channelID, discordgo.WithContext(ctx))
	if err != nil && !isCode(err, discordgo.ErrCodeUnknownChannel) {
		return refusal(err, "delete a channel", "Manage Channels")
	}
	return nil
}

// SetAccess replaces a channel's overwrites.
func (d *Discord) SetAccess(ctx context.Context, guildID, channelID string, access []bot.Access) error {
	ows := d.overwrites(guildID, access)
	_, err := d.s.ChannelEditComplex(channelID, &discordgo.ChannelEdit{PermissionOverwrites: ows}, discordgo.WithContext(ctx))
	if err != nil {
		return refusal(err, "change who can see a channel", "Manage Channels and Manage Roles")
	}
	return nil
}

// MoveChannel puts a channel into a category.
func (d *Discord) MoveChannel(ctx context.Context, guildID, channelID, parentID string) error {
	_, err := d.s.ChannelEditComplex(channelID, &discordgo.ChannelEdit{ParentID: parentID}, discordgo.WithContext(ctx))
	if err != nil {
		return refusal(err, "move a channel", "Manage Channels")
	}
	return nil
}

// AddMemberRole gives a member a role.
func (d *Discord) AddMemberRole(ctx context.Context, guildID, userID, roleID string) error {
	if err := d.s.GuildMemberRoleAdd(guildID, userID, roleID, discordgo.WithContext(ctx)); err != nil {
		return refusal(err, "give you the role", "Manage Roles (and my role must be above the condition roles)")
	}
	return nil
}

// RemoveMemberRole takes a role from a member.
func (d *Discord) RemoveMemberRole(ctx context.Context, guildID, userID, roleID string) error {
	if err := d.s.GuildMemberRoleRemove(guildID, userID, roleID, discordgo.WithContext(ctx)); err != nil {
		return refusal(err, "remove the role", "Manage Roles (and my role must be above the condition roles)")
	}
	return nil
}

// GuildOwner returns the server's owner from the gateway's cache, asking
// Discord when the cache lacks the server.
func (d *Discord) GuildOwner(ctx context.Context, guildID string) (string, error) {
	if g, err := d.s.State.Guild(guildID); err == nil {
		d.s.State.RLock()
		owner := g.OwnerID
		d.s.State.RUnlock()
		if owner != "" {
			return owner, nil
		}
	}
	g, err := d.s.Guild(guildID, discordgo.WithContext(ctx))
	if err != nil {
		return "", refusal(err, "look up the server's owner", "View Channels")
	}
	return g.OwnerID, nil
}

// Inventory asks Discord which roles and channels exist now.
func (d *Discord) Inventory(ctx context.Context, guildID string) (bot.Inventory, error) {
	roles, err := d.s.GuildRoles(guildID, discordgo.WithContext(ctx))
	if err != nil {
		return bot.Inventory{}, refusal(err, "list the server's roles", "View Channels")
	}
	channels, err := d.s.GuildChannels(guildID, discordgo.WithContext(ctx))
	if err != nil {
		return bot.Inventory{}, refusal(err, "list the server's channels", "View Channels")
	}
	inv := bot.Inventory{Roles: make(map[string]bool, len(roles)), Channels: make(map[string]bool, len(channels))}
	for _, r := range roles {
		inv.Roles[r.ID] = true
	}
	for _, c := range channels {
		inv.Channels[c.ID] = true
	}
	return inv, nil
}

// refusal turns a Discord error into one a moderator can act on: which
// permission the bot lacks for what it tried, or that the thing is gone.
// doing and needs (Discord's name of the permission) are in English, and
// written in the caller's language when the catalogue has them
// (TestCatalogue finds the literal ones).
func refusal(err error, doing, needs string) error {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil {
		return &networkError{doing: doing, err: err}
	}
	code := 0
	if re.Message != nil {
		code = re.Message.Code
	}
	switch {
	case forbidden(err):
		return bot.Errorf(bot.EUNAVAILABLE, "Discord did not let me %s: I need the %s permission. A server admin can grant it under Server Settings → Roles → my role, then try again. Nothing was changed.", bot.Msg(doing), bot.Msg(needs))
	case code == discordgo.ErrCodeUnknownRole, code == discordgo.ErrCodeUnknownChannel, code == discordgo.ErrCodeUnknownMember,
		re.Response.StatusCode == http.StatusNotFound:
		return bot.Errorf(bot.ENOTFOUND, "Discord could not %s: it no longer exists.", bot.Msg(doing))
	case code == discordgo.ErrCodeMaximumGuildRolesReached || code == discordgo.ErrCodeMaximumNumberOfGuildChannelsReached:
		return bot.Errorf(bot.EUNAVAILABLE, "Discord did not let me %s: the server has reached Discord's limit. Nothing was changed.", bot.Msg(doing))
	}
	return fmt.Errorf("%s: %s", doing, errorClass(err))
}

// networkError is a request that got no answer from Discord: what was being
// done, and the cause, its URL the one the request went to (see errText).
type networkError struct {
	doing string
	err   error
}

func (e *networkError) Error() string { return e.doing + ": " + errText(e.err) }
func (e *networkError) Unwrap() error { return e.err }

// forbidden reports a refusal for want of a permission (HTTP 403).
func forbidden(err error) bool {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil {
		return false
	}
	return re.Response.StatusCode == http.StatusForbidden ||
		(re.Message != nil && (re.Message.Code == discordgo.ErrCodeMissingPermissions || re.Message.Code == discordgo.ErrCodeMissingAccess))
}

func isCode(err error, code int) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Message != nil && re.Message.Code == code
}

// backstopRuleName names the AutoMod rule in Server Settings → AutoMod, and
// finds it again when its stored ID was lost: the same in every language.
//
//i18n:english a name the code looks for
const backstopRuleName = "peerhours crisis backstop"

// codeMaxAutoModRules is Discord's "maximum number of rules of this type".
const codeMaxAutoModRules = 30035

// SetBackstop creates or updates the server's AutoMod backstop rule: a
// keyword rule whose one action posts Discord's alert in the alert channel.
// It never blocks a message: a person in crisis must be able to post.
func (d *Discord) SetBackstop(ctx context.Context, guildID string, r bot.BackstopRule) (string, error) {
	// N puts what is being done in the catalogue; refusal writes it in the
	// caller's language.
	doing := string(bot.N("install the AutoMod crisis rule"))
	enabled := true
	rule := &discordgo.AutoModerationRule{
		Name: backstopRuleName, EventType: discordgo.AutoModerationEventMessageSend,
		TriggerType:     discordgo.AutoModerationEventTriggerKeyword,
		TriggerMetadata: &discordgo.AutoModerationTriggerMetadata{KeywordFilter: r.Keywords},
		Actions: []discordgo.AutoModerationAction{{Type: discordgo.AutoModerationRuleActionSendAlertMessage,
			Metadata: &discordgo.AutoModerationActionMetadata{ChannelID: r.AlertChannelID}}},
		Enabled: &enabled, ExemptRoles: &r.ExemptRoleIDs, ExemptChannels: &r.ExemptChannelIDs,
	}
	id := r.RuleID
	if id == "" {
		rules, err := d.s.AutoModerationRules(guildID, discordgo.WithContext(ctx))
		if err != nil {
			return "", refusal(err, doing, "Manage Server")
		}
		for _, x := range rules {
			if x.Name == backstopRuleName && x.CreatorID == d.s.State.User.ID {
				id = x.ID
			}
		}
	}
	if id != "" {
		edit := *rule
		edit.EventType, edit.TriggerType = 0, 0 // fixed at creation
		got, err := d.s.AutoModerationRuleEdit(guildID, id, &edit, discordgo.WithContext(ctx))
		if err == nil {
			return got.ID, nil
		}
		if !isNotFound(err) {
			return "", refusal(err, doing, "Manage Server")
		}
		// Deleted by hand in Server Settings: make it again.
	}
	got, err := d.s.AutoModerationRuleCreate(guildID, rule, discordgo.WithContext(ctx))
	if isCode(err, codeMaxAutoModRules) {
		return "", bot.Errorf(bot.EUNAVAILABLE, "Discord did not let me %s: the server already has Discord's maximum of six keyword AutoMod rules. Remove one in Server Settings → AutoMod, then try again. Nothing was changed.", bot.Msg(doing))
	}
	if err != nil {
		return "", refusal(err, doing, "Manage Server")
	}
	return got.ID, nil
}

// RemoveBackstop deletes the AutoMod backstop rule.
func (d *Discord) RemoveBackstop(ctx context.Context, guildID, ruleID string) error {
	err := d.s.AutoModerationRuleDelete(guildID, ruleID, discordgo.WithContext(ctx))
	if err != nil && !isNotFound(err) {
		return refusal(err, "remove the AutoMod crisis rule", "Manage Server")
	}
	return nil
}

// isNotFound reports a 404 from Discord.
func isNotFound(err error) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusNotFound
}
