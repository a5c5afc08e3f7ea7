package fakediscord

import (
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
)

// What one member's Discord client shows: the queries a chat client (the
// sandbox's page) needs to draw the world as a given user sees it. Each
// returns deep copies.

// CanView reports whether the user may see the channel or thread (the
// VIEW_CHANNEL permission, private threads included).
func (s *Server) CanView(userID, channelID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.canViewLocked(userID, channelID)
}

func (s *Server) canViewLocked(userID, channelID string) bool {
	cs := s.channelOf(channelID)
	if cs == nil {
		return false
	}
	if cs.ch.GuildID == "" {
		return slices.ContainsFunc(cs.ch.Recipients, func(u *discordgo.User) bool { return u.ID == userID })
	}
	g := s.guildOf(cs.ch.GuildID)
	if g == nil || g.members[userID] == nil {
		return false
	}
	return s.channelPermissions(g, userID, cs.ch)&discordgo.PermissionViewChannel != 0
}

// MessagesFor returns a channel's messages, oldest first, as the user's
// client shows them: every message others see as well, plus the ephemeral
// interaction replies shown to this user only. It returns nil when the user
// cannot see the channel.
func (s *Server) MessagesFor(channelID, userID string) []*discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.canViewLocked(userID, channelID) {
		return nil
	}
	cs := s.channelOf(channelID)
	owners := s.ephemeralOwners()
	out := make([]*discordgo.Message, 0, len(cs.messages))
	for _, m := range cs.messages {
		if m.Flags&discordgo.MessageFlagsEphemeral != 0 && owners[m.ID] != userID {
			continue
		}
		out = append(out, cloneMessage(m))
	}
	return out
}

// ephemeralOwners maps every interaction reply and followup to the user who
// started the interaction.
func (s *Server) ephemeralOwners() map[string]string {
	out := map[string]string{}
	for _, it := range s.interactions {
		if it.originalID != "" && it.originalID != it.sourceMessageID {
			out[it.originalID] = it.userID
		}
		for _, id := range it.followups {
			out[id] = it.userID
		}
	}
	return out
}

// EphemeralOwner returns the user an ephemeral interaction reply is shown
// to, or "" if the message is not an interaction reply.
func (s *Server) EphemeralOwner(messageID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ephemeralOwner(messageID)
}

// InteractionInfo describes an interaction and how far the bot got with it.
type InteractionInfo struct {
	ID        string
	Type      discordgo.InteractionType
	GuildID   string
	ChannelID string
	UserID    string
	// CommandName is the full name of a command ("condition create") or
	// the context-menu command's name.
	CommandName string
	// SourceMessageID is the message whose component was used.
	SourceMessageID string
	Created         time.Time
	Responded       bool
	ResponseType    discordgo.InteractionResponseType
	// ReplyID is the message @original refers to, once there is one.
	ReplyID string
	// Failed means the bot did not answer within Discord's 3-second window:
	// the client shows "The application did not respond".
	Failed bool
}

// Interactions lists the interactions a user started (all users' for
// userID ""), oldest first.
func (s *Server) Interactions(userID string) []InteractionInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var out []InteractionInfo
	for _, it := range s.interactions {
		if userID != "" && it.userID != userID {
			continue
		}
		out = append(out, InteractionInfo{
			ID: it.id, Type: it.typ, GuildID: it.guildID, ChannelID: it.channelID, UserID: it.userID,
			CommandName: it.commandName, SourceMessageID: it.sourceMessageID, Created: it.created,
			Responded: it.responded, ResponseType: it.responseType, ReplyID: it.originalID,
			Failed: !it.responded && now.Sub(it.created) > interactionWindow,
		})
	}
	slices.SortFunc(out, func(a, b InteractionInfo) int {
		if snowflakeLess(a.ID, b.ID) {
			return -1
		}
		return 1
	})
	return out
}

// CommandsFor lists the application commands a member's client offers in a
// channel: the server's and the global ones, minus those hidden by
// default_member_permissions, and none without USE_APPLICATION_COMMANDS.
// A command registered both ways is listed once, the server's first.
func (s *Server) CommandsFor(channelID, userID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.actorIn(channelID, userID, "")
	if err != nil || a.g.members[s.opts.BotUserID] == nil {
		return nil
	}
	var out []*discordgo.ApplicationCommand
	type key struct {
		name string
		typ  discordgo.ApplicationCommandType
	}
	seen := map[key]bool{}
	for _, set := range []*commandSet{a.g.commands, s.globalCommands} {
		for _, cmd := range set.list() {
			k := key{cmd.Name, commandType(cmd)}
			if seen[k] || s.commandUsable(a, cmd) != nil {
				continue
			}
			seen[k] = true
			out = append(out, cloneJSON(cmd))
		}
	}
	return out
}

// ThreadsFor lists the threads under a channel that the user can see,
// archived ones included, newest first.
func (s *Server) ThreadsFor(parentID, userID string) []*discordgo.Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.channelOf(parentID)
	if p == nil {
		return nil
	}
	var out []*discordgo.Channel
	for _, th := range s.guildChannels(p.ch.GuildID, true) {
		if th.ParentID == parentID && s.canViewLocked(userID, th.ID) {
			out = append(out, th)
		}
	}
	slices.SortFunc(out, func(a, b *discordgo.Channel) int {
		if snowflakeLess(b.ID, a.ID) {
			return -1
		}
		return 1
	})
	return cloneAll(out)
}
