package fakediscord

import (
	"context"
	"slices"

	"github.com/bwmarrin/discordgo"
)

// State queries. Each returns deep copies, safe to keep and modify.

// Guild returns a server with its roles, channels, threads and all members.
func (s *Server) Guild(id string) (*discordgo.Guild, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(id)
	if g == nil {
		return nil, false
	}
	return cloneJSON(s.renderGuild(g, true, true)), true
}

// GuildIDs lists the servers in creation order.
func (s *Server) GuildIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.guildOrder)
}

// User returns a user.
func (s *Server) User(id string) (*discordgo.User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.userOf(id)
	return cloneJSON(u), u != nil
}

// Channel returns a channel, category or thread.
func (s *Server) Channel(id string) (*discordgo.Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(id)
	if cs == nil {
		return nil, false
	}
	return cloneJSON(cs.ch), true
}

// Channels returns a server's channels and categories (not threads) by
// position.
func (s *Server) Channels(guildID string) []*discordgo.Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneAll(s.guildChannels(guildID, false))
}

// ChannelByName finds a channel, category or thread of a server by name.
func (s *Server) ChannelByName(guildID, name string) (*discordgo.Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, threads := range []bool{false, true} {
		for _, ch := range s.guildChannels(guildID, threads) {
			if ch.Name == name {
				return cloneJSON(ch), true
			}
		}
	}
	return nil, false
}

// Threads returns the threads of a channel, archived ones included.
func (s *Server) Threads(parentID string) []*discordgo.Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.Channel
	if p := s.channelOf(parentID); p != nil {
		for _, th := range s.guildChannels(p.ch.GuildID, true) {
			if th.ParentID == parentID {
				out = append(out, th)
			}
		}
	}
	return cloneAll(out)
}

// ThreadMembers returns the IDs of a thread's members.
func (s *Server) ThreadMembers(threadID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(threadID)
	if cs == nil {
		return nil
	}
	var out []string
	for uid := range cs.threadMembers {
		out = append(out, uid)
	}
	slices.SortFunc(out, func(a, b string) int {
		if snowflakeLess(a, b) {
			return -1
		}
		return 1
	})
	return out
}

// Messages returns a channel's messages oldest first, including ephemeral
// interaction replies (flag 64), which the bot itself cannot list.
func (s *Server) Messages(channelID string) []*discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(channelID)
	if cs == nil {
		return nil
	}
	out := make([]*discordgo.Message, 0, len(cs.messages))
	for _, m := range cs.messages {
		out = append(out, cloneMessage(m))
	}
	return out
}

// Message returns one message.
func (s *Server) Message(channelID, messageID string) (*discordgo.Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.messageOf(channelID, messageID)
	if m == nil {
		return nil, false
	}
	return cloneMessage(m), true
}

// WaitMessage waits for a message in the channel for which match is true
// (already there or yet to come) and returns it. match runs with the server
// locked and must not call the Server.
func (s *Server) WaitMessage(ctx context.Context, channelID string, match func(*discordgo.Message) bool) (*discordgo.Message, error) {
	var found *discordgo.Message
	err := s.waitLocked(ctx, func() bool {
		cs := s.channelOf(channelID)
		if cs == nil {
			return false
		}
		for _, m := range cs.messages {
			c := cloneMessage(m)
			if match(c) {
				found = c
				return true
			}
		}
		return false
	})
	return found, err
}

// Roles returns a server's roles by position (@everyone first).
func (s *Server) Roles(guildID string) []*discordgo.Role {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return nil
	}
	return cloneAll(g.sortedRoles())
}

// Role returns one role.
func (s *Server) Role(guildID, roleID string) (*discordgo.Role, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.guildOf(guildID); g != nil && g.roles[roleID] != nil {
		return cloneJSON(g.roles[roleID]), true
	}
	return nil, false
}

// RoleByName finds a role by name.
func (s *Server) RoleByName(guildID, name string) (*discordgo.Role, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.guildOf(guildID); g != nil {
		for _, r := range g.sortedRoles() {
			if r.Name == name {
				return cloneJSON(r), true
			}
		}
	}
	return nil, false
}

// Members returns a server's members by user ID.
func (s *Server) Members(guildID string) []*discordgo.Member {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return nil
	}
	var out []*discordgo.Member
	for _, m := range g.sortedMembers() {
		out = append(out, cloneJSON(withGuild(m, guildID)))
	}
	return out
}

// Member returns one member with its roles.
func (s *Server) Member(guildID, userID string) (*discordgo.Member, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.guildOf(guildID); g != nil && g.members[userID] != nil {
		return cloneJSON(withGuild(g.members[userID], guildID)), true
	}
	return nil, false
}

// Permissions computes what a user may do in a server (channelID empty) or
// in one of its channels, from roles, @everyone, overwrites, ownership and
// ADMINISTRATOR, as the emulator enforces it.
func (s *Server) Permissions(guildID, userID, channelID string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return 0
	}
	if channelID == "" {
		return s.basePermissions(g, userID)
	}
	cs := s.channelOf(channelID)
	if cs == nil || cs.ch.GuildID != guildID {
		return 0
	}
	return s.channelPermissions(g, userID, cs.ch)
}

// ScheduledEvents returns a server's scheduled events.
func (s *Server) ScheduledEvents(guildID string) []*discordgo.GuildScheduledEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return nil
	}
	return cloneAll(sortedEvents(g))
}

// Commands returns the registered application commands: global ones for
// guildID "", else the server's.
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	set := s.globalCommands
	if guildID != "" {
		g := s.guildOf(guildID)
		if g == nil {
			return nil
		}
		set = g.commands
	}
	return cloneAll(set.list())
}

// Attachment returns an uploaded file by attachment ID, with its bytes.
func (s *Server) Attachment(id string) (*discordgo.MessageAttachment, []byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.attachments[id]
	if a == nil {
		return nil, nil, false
	}
	return cloneJSON(a.meta), slices.Clone(a.data), true
}

// Interaction returns the handle of an interaction by ID.
func (s *Server) Interaction(id string) (*Interaction, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.interactions[id]
	if it == nil {
		return nil, false
	}
	return s.handle(it), true
}

func cloneAll[T any](in []*T) []*T {
	out := make([]*T, 0, len(in))
	for _, v := range in {
		out = append(out, cloneJSON(v))
	}
	return out
}
