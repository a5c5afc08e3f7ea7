package fakediscord

import (
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
)

// The emulator's state is held in discordgo's own structs so that what goes
// out as JSON has exactly the shapes discordgo reads. Everything here is
// guarded by Server.mu; callers outside the package only ever get copies.

type userState struct {
	user *discordgo.User
	// dmsClosed makes DMs to this user fail with 50007, as when a user has
	// turned off DMs from server members.
	dmsClosed bool
	// locale is the language of the user's Discord client, sent with
	// each of their interactions ("" for en-US).
	locale string
}

type guildState struct {
	// guild holds the scalar fields; roles, channels and members live in the
	// maps below and are assembled into a discordgo.Guild when rendered.
	guild     *discordgo.Guild
	roles     map[string]*discordgo.Role
	members   map[string]*discordgo.Member // by user ID
	events    map[string]*discordgo.GuildScheduledEvent
	commands  *commandSet
	botRoleID string
	// voice maps the members in a voice channel to it (nil until someone
	// joins one; not kept in snapshots, as a restart ends voice sessions).
	voice map[string]string
	// allowed holds the per-command overrides a server admin sets in
	// Server Settings → Integrations: command name → user IDs who may use
	// it whatever its default_member_permissions.
	allowed map[string]map[string]bool
	automod map[string]*discordgo.AutoModerationRule // by rule ID
}

type channelState struct {
	ch *discordgo.Channel
	// messages in ID (creation) order, including ephemeral interaction
	// replies, which REST and the gateway never show.
	messages []*discordgo.Message
	// threadMembers holds join times of the members of a thread.
	threadMembers map[string]time.Time
}

type storedAttachment struct {
	meta *discordgo.MessageAttachment
	data []byte
}

// commandSet keeps application commands in registration order.
type commandSet struct {
	order []string
	byID  map[string]*discordgo.ApplicationCommand
}

func newCommandSet() *commandSet {
	return &commandSet{byID: map[string]*discordgo.ApplicationCommand{}}
}

func (c *commandSet) list() []*discordgo.ApplicationCommand {
	out := make([]*discordgo.ApplicationCommand, 0, len(c.order))
	for _, id := range c.order {
		out = append(out, c.byID[id])
	}
	return out
}

func (c *commandSet) find(name string, typ discordgo.ApplicationCommandType) *discordgo.ApplicationCommand {
	for _, id := range c.order {
		cmd := c.byID[id]
		if cmd.Name == name && commandType(cmd) == typ {
			return cmd
		}
	}
	return nil
}

func (c *commandSet) put(cmd *discordgo.ApplicationCommand) {
	if _, ok := c.byID[cmd.ID]; !ok {
		c.order = append(c.order, cmd.ID)
	}
	c.byID[cmd.ID] = cmd
}

func (c *commandSet) remove(id string) {
	delete(c.byID, id)
	c.order = slices.DeleteFunc(c.order, func(x string) bool { return x == id })
}

func commandType(cmd *discordgo.ApplicationCommand) discordgo.ApplicationCommandType {
	if cmd.Type == 0 {
		return discordgo.ChatApplicationCommand
	}
	return cmd.Type
}

// Lookups. All expect s.mu held.

func (s *Server) guildOf(id string) *guildState { return s.guilds[id] }

func (s *Server) channelOf(id string) *channelState { return s.channels[id] }

// messageOf finds a message by channel and ID.
func (s *Server) messageOf(channelID, id string) *discordgo.Message {
	m := s.msgIndex[id]
	if m == nil || m.ChannelID != channelID {
		return nil
	}
	return m
}

func (s *Server) userOf(id string) *discordgo.User {
	if u := s.users[id]; u != nil {
		return u.user
	}
	return nil
}

func (s *Server) botUser() *discordgo.User { return s.users[s.opts.BotUserID].user }

// sortedRoles returns the guild's roles by position, then ID, as Discord
// orders them.
func (g *guildState) sortedRoles() []*discordgo.Role {
	roles := make([]*discordgo.Role, 0, len(g.roles))
	for _, r := range g.roles {
		roles = append(roles, r)
	}
	slices.SortFunc(roles, func(a, b *discordgo.Role) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		if snowflakeLess(a.ID, b.ID) {
			return -1
		}
		return 1
	})
	return roles
}

// sortedMembers returns the members by user ID, the order of
// GET /guilds/{g}/members.
func (g *guildState) sortedMembers() []*discordgo.Member {
	out := make([]*discordgo.Member, 0, len(g.members))
	for _, m := range g.members {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b *discordgo.Member) int {
		if snowflakeLess(a.User.ID, b.User.ID) {
			return -1
		}
		return 1
	})
	return out
}

// guildChannels returns the guild's channels (threads excluded unless
// threads is set) in position order.
func (s *Server) guildChannels(guildID string, threads bool) []*discordgo.Channel {
	var out []*discordgo.Channel
	for _, cs := range s.channels {
		if cs.ch.GuildID != guildID || cs.ch.IsThread() != threads {
			continue
		}
		out = append(out, cs.ch)
	}
	slices.SortFunc(out, func(a, b *discordgo.Channel) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		if snowflakeLess(a.ID, b.ID) {
			return -1
		}
		return 1
	})
	return out
}

// now is the configured clock, in UTC as Discord reports times.
func (s *Server) now() time.Time { return s.opts.Now().UTC() }

func (s *Server) newID() string { return s.ids.next(s.opts.Now()) }
