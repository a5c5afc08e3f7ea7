package fakediscord

import (
	"encoding/json"

	"github.com/bwmarrin/discordgo"
)

// JSON shapes sent to the bot. discordgo's structs are used as they are,
// except where they cannot carry what Discord sends: discordgo.Message tags
// Components `json:"-"` (it only decodes them), so messages go out through
// wireMessage, and interactions through wireInteraction, whose data field is
// built per interaction type.

// wireMessage adds the components discordgo.Message leaves out of its JSON.
type wireMessage struct {
	*discordgo.Message
	Components []discordgo.MessageComponent `json:"components"`
}

func toWire(m *discordgo.Message) *wireMessage {
	if m == nil {
		return nil
	}
	comps := m.Components
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	return &wireMessage{Message: m, Components: comps}
}

// restMessage is a message as REST answers it: no guild_id, no member.
func restMessage(m *discordgo.Message) *wireMessage {
	c := *m
	c.GuildID = ""
	c.Member = nil
	return toWire(&c)
}

// gatewayMessage is a message as MESSAGE_CREATE and MESSAGE_UPDATE carry
// it: with guild_id and the author's partial member.
func (s *Server) gatewayMessage(m *discordgo.Message) *wireMessage {
	c := *m
	if cs := s.channelOf(m.ChannelID); cs != nil && cs.ch.GuildID != "" {
		c.GuildID = cs.ch.GuildID
		if g := s.guildOf(cs.ch.GuildID); g != nil && m.Author != nil && m.WebhookID == "" {
			if mem := g.members[m.Author.ID]; mem != nil {
				c.Member = partialMember(mem)
			}
		}
	}
	return toWire(&c)
}

// partialMember is a member without its user, as nested in messages and
// resolved data.
func partialMember(m *discordgo.Member) *discordgo.Member {
	c := *m
	c.User = nil
	c.GuildID = ""
	return &c
}

// cloneMessage deep-copies a message, components included.
func cloneMessage(m *discordgo.Message) *discordgo.Message {
	if m == nil {
		return nil
	}
	var out discordgo.Message
	if err := json.Unmarshal(mustJSON(toWire(m)), &out); err != nil {
		panic("fakediscord: clone message: " + err.Error())
	}
	return &out
}

// cloneJSON deep-copies a value through JSON; used for discordgo structs
// without interface-typed fields.
func cloneJSON[T any](v *T) *T {
	if v == nil {
		return nil
	}
	var out T
	if err := json.Unmarshal(mustJSON(v), &out); err != nil {
		panic("fakediscord: clone: " + err.Error())
	}
	return &out
}

// wireGuild is GUILD_CREATE's payload; discordgo.Guild has no field for the
// scheduled events Discord includes.
type wireGuild struct {
	*discordgo.Guild
	GuildScheduledEvents []*discordgo.GuildScheduledEvent `json:"guild_scheduled_events"`
}

// renderGuild assembles a full guild. allMembers lists every member (for
// the owner's view of the world); otherwise only the bot and the members in
// voice channels are listed, as in Discord's GUILD_CREATE without the
// Guild Presences intent (sendGuildCreate chooses).
func (s *Server) renderGuild(g *guildState, withChannels, allMembers bool) *discordgo.Guild {
	out := *g.guild
	out.Roles = g.sortedRoles()
	out.Emojis = []*discordgo.Emoji{}
	out.Stickers = []*discordgo.Sticker{}
	out.Features = []discordgo.GuildFeature{}
	out.MemberCount = len(g.members)
	if withChannels {
		out.Channels = s.guildChannels(g.guild.ID, false)
		out.Threads = []*discordgo.Channel{}
		for _, th := range s.guildChannels(g.guild.ID, true) {
			if th.ThreadMetadata == nil || !th.ThreadMetadata.Archived {
				out.Threads = append(out.Threads, th)
			}
		}
		out.Presences = []*discordgo.Presence{}
		out.VoiceStates = s.voiceStates(g)
		out.StageInstances = []*discordgo.StageInstance{}
		if allMembers {
			out.Members = g.sortedMembers()
		} else {
			out.Members = s.gatewayMembers(g, 0, 0)
		}
	}
	return &out
}

// wireInteraction is INTERACTION_CREATE's payload.
type wireInteraction struct {
	ID                           string                    `json:"id"`
	ApplicationID                string                    `json:"application_id"`
	Type                         discordgo.InteractionType `json:"type"`
	Data                         json.RawMessage           `json:"data,omitempty"`
	GuildID                      string                    `json:"guild_id,omitempty"`
	Channel                      *discordgo.Channel        `json:"channel,omitempty"`
	ChannelID                    string                    `json:"channel_id"`
	Member                       *discordgo.Member         `json:"member,omitempty"`
	User                         *discordgo.User           `json:"user,omitempty"`
	Token                        string                    `json:"token"`
	Version                      int                       `json:"version"`
	Message                      *wireMessage              `json:"message,omitempty"`
	AppPermissions               string                    `json:"app_permissions"`
	Locale                       string                    `json:"locale"`
	GuildLocale                  string                    `json:"guild_locale,omitempty"`
	Entitlements                 []any                     `json:"entitlements"`
	AuthorizingIntegrationOwners map[string]string         `json:"authorizing_integration_owners"`
	Context                      int                       `json:"context"`
}

// wireResolved is the resolved object of interaction data, with messages
// that keep their components.
type wireResolved struct {
	Users       map[string]*discordgo.User              `json:"users,omitempty"`
	Members     map[string]*discordgo.Member            `json:"members,omitempty"`
	Roles       map[string]*discordgo.Role              `json:"roles,omitempty"`
	Channels    map[string]*discordgo.Channel           `json:"channels,omitempty"`
	Messages    map[string]*wireMessage                 `json:"messages,omitempty"`
	Attachments map[string]*discordgo.MessageAttachment `json:"attachments,omitempty"`
}

func (r *wireResolved) empty() bool {
	return r == nil || len(r.Users)+len(r.Members)+len(r.Roles)+len(r.Channels)+len(r.Messages)+len(r.Attachments) == 0
}

type wireCommandData struct {
	ID       string                                               `json:"id"`
	Name     string                                               `json:"name"`
	Type     discordgo.ApplicationCommandType                     `json:"type"`
	GuildID  string                                               `json:"guild_id,omitempty"`
	Resolved *wireResolved                                        `json:"resolved,omitempty"`
	Options  []*discordgo.ApplicationCommandInteractionDataOption `json:"options,omitempty"`
	TargetID string                                               `json:"target_id,omitempty"`
}

type wireComponentData struct {
	CustomID      string                  `json:"custom_id"`
	ComponentType discordgo.ComponentType `json:"component_type"`
	Values        []string                `json:"values,omitempty"`
	Resolved      *wireResolved           `json:"resolved,omitempty"`
}

// wireModalData is a modal submit: rows of {type 4, custom_id, value},
// without the label and style the modal was sent with.
type wireModalData struct {
	CustomID   string           `json:"custom_id"`
	Components []map[string]any `json:"components"`
}

// partialChannel is a channel as nested in interactions and resolved data.
func partialChannel(ch *discordgo.Channel) *discordgo.Channel {
	return &discordgo.Channel{
		ID:             ch.ID,
		GuildID:        ch.GuildID,
		Name:           ch.Name,
		Type:           ch.Type,
		ParentID:       ch.ParentID,
		ThreadMetadata: ch.ThreadMetadata,
		Flags:          ch.Flags,
		Topic:          ch.Topic,
		Position:       ch.Position,
	}
}
