package fakediscord

import (
	"github.com/bwmarrin/discordgo"
)

// The gateway events that follow state changes. All run with s.mu held and
// apply Discord's filters: intents, channel visibility, MESSAGE_CONTENT.

func (s *Server) emitChannel(name string, ch *discordgo.Channel) {
	if ch.IsThread() {
		// Threads the bot cannot see (private ones it is not in) are not
		// announced.
		if s.permsFor(s.opts.BotUserID, ch.ID)&discordgo.PermissionViewChannel == 0 && name != "THREAD_DELETE" {
			return
		}
	}
	var data any = ch
	if name == "THREAD_CREATE" {
		data = discordgo.ThreadCreate{Channel: ch, NewlyCreated: true}
	}
	if name == "THREAD_DELETE" {
		data = map[string]any{"id": ch.ID, "guild_id": ch.GuildID, "parent_id": ch.ParentID, "type": ch.Type}
	}
	s.dispatch(event{name: name, guildID: ch.GuildID, intent: discordgo.IntentGuilds, data: data})
}

// botSees reports whether the bot may see messages in the channel.
func (s *Server) botSees(cs *channelState) bool {
	if cs.ch.GuildID == "" {
		return true
	}
	return s.permsFor(s.opts.BotUserID, cs.ch.ID)&discordgo.PermissionViewChannel != 0
}

func messageIntent(cs *channelState) discordgo.Intent {
	if cs.ch.GuildID == "" {
		return discordgo.IntentDirectMessages
	}
	return discordgo.IntentGuildMessages
}

// redactedMessage is what a session without MESSAGE_CONTENT gets for a
// message that is not its own, does not mention it and is not a DM.
func (s *Server) redactedMessage(cs *channelState, m *discordgo.Message, wm *wireMessage) any {
	if cs.ch.GuildID == "" || (m.Author != nil && m.Author.ID == s.opts.BotUserID) {
		return nil
	}
	for _, u := range m.Mentions {
		if u.ID == s.opts.BotUserID {
			return nil
		}
	}
	c := *wm.Message
	c.Content = ""
	c.Embeds = []*discordgo.MessageEmbed{}
	c.Attachments = []*discordgo.MessageAttachment{}
	c.Poll = nil
	return &wireMessage{Message: &c, Components: []discordgo.MessageComponent{}}
}

func (s *Server) emitMessage(name string, m *discordgo.Message) {
	if m.Flags&discordgo.MessageFlagsEphemeral != 0 {
		return
	}
	cs := s.channelOf(m.ChannelID)
	if cs == nil || !s.botSees(cs) {
		return
	}
	wm := s.gatewayMessage(m)
	ev := event{name: name, guildID: cs.ch.GuildID, intent: messageIntent(cs), data: wm}
	if red := s.redactedMessage(cs, m, wm); red != nil {
		ev.redacted = red
	}
	s.dispatch(ev)
}

func (s *Server) emitMessageDelete(cs *channelState, id string) {
	if !s.botSees(cs) {
		return
	}
	data := map[string]any{"id": id, "channel_id": cs.ch.ID}
	if cs.ch.GuildID != "" {
		data["guild_id"] = cs.ch.GuildID
	}
	s.dispatch(event{name: "MESSAGE_DELETE", guildID: cs.ch.GuildID, intent: messageIntent(cs), data: data})
}

func (s *Server) emitRole(name, guildID string, r *discordgo.Role) {
	s.dispatch(event{name: name, guildID: guildID, intent: discordgo.IntentGuilds,
		data: discordgo.GuildRole{Role: r, GuildID: guildID}})
}

func (s *Server) emitRoleDelete(guildID, roleID string) {
	s.dispatch(event{name: "GUILD_ROLE_DELETE", guildID: guildID, intent: discordgo.IntentGuilds,
		data: discordgo.GuildRoleDelete{RoleID: roleID, GuildID: guildID}})
}

func (s *Server) emitMember(name, guildID string, m *discordgo.Member) {
	c := *m
	c.GuildID = guildID
	var data any = &c
	if name == "GUILD_MEMBER_REMOVE" {
		data = map[string]any{"guild_id": guildID, "user": m.User}
	}
	s.dispatch(event{name: name, guildID: guildID, intent: discordgo.IntentGuildMembers, data: data})
}

func (s *Server) emitScheduledEvent(name string, ev *discordgo.GuildScheduledEvent) {
	s.dispatch(event{name: name, guildID: ev.GuildID, intent: discordgo.IntentGuildScheduledEvents, data: ev})
}

// emitThreadMembers tells the bot about thread membership changes: its own
// through THREAD_MEMBER_UPDATE, everyone's (with GUILD_MEMBERS) through
// THREAD_MEMBERS_UPDATE.
func (s *Server) emitThreadMembers(cs *channelState, added, removed []string) {
	g := s.guildOf(cs.ch.GuildID)
	for _, uid := range added {
		if uid == s.opts.BotUserID {
			s.dispatch(event{name: "THREAD_MEMBER_UPDATE", guildID: cs.ch.GuildID, data: map[string]any{
				"id": cs.ch.ID, "user_id": uid, "guild_id": cs.ch.GuildID,
				"join_timestamp": cs.threadMembers[uid], "flags": 0,
			}})
		}
	}
	addedMembers := []map[string]any{}
	for _, uid := range added {
		am := map[string]any{"id": cs.ch.ID, "user_id": uid, "join_timestamp": cs.threadMembers[uid], "flags": 0}
		if g != nil && g.members[uid] != nil {
			am["member"] = g.members[uid]
		}
		addedMembers = append(addedMembers, am)
	}
	data := map[string]any{
		"id": cs.ch.ID, "guild_id": cs.ch.GuildID, "member_count": len(cs.threadMembers),
		"added_members": addedMembers, "removed_member_ids": removed,
	}
	if removed == nil {
		data["removed_member_ids"] = []string{}
	}
	s.dispatch(event{name: "THREAD_MEMBERS_UPDATE", guildID: cs.ch.GuildID, intent: discordgo.IntentGuildMembers, data: data})
}
