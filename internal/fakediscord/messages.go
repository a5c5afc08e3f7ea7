package fakediscord

import (
	"net/http"
	"slices"

	"github.com/bwmarrin/discordgo"
)

// Message building shared by the bot's REST calls, interaction responses and
// users' posts. All run with s.mu held.

// flags a sender may set on a channel message; anything else is ignored as
// Discord ignores it.
const settableMessageFlags = discordgo.MessageFlagsSuppressEmbeds |
	discordgo.MessageFlagsSuppressNotifications |
	discordgo.MessageFlagsIsComponentsV2

// buildMessage turns a validated payload into a message by author in cs. It
// resolves the reply reference, stores uploaded files as attachments and
// works out who is pinged under allowed_mentions.
func (s *Server) buildMessage(cs *channelState, author *discordgo.User, authorPerms int64, p *messagePayload, files []uploadedFile) (*discordgo.Message, *APIError) {
	m := &discordgo.Message{
		ID:          s.newID(),
		ChannelID:   cs.ch.ID,
		Timestamp:   s.now(),
		Author:      author,
		TTS:         p.tts,
		Type:        discordgo.MessageTypeDefault,
		Embeds:      p.embeds,
		Components:  p.components,
		Attachments: []*discordgo.MessageAttachment{},
		Reactions:   nil,
		Flags:       p.flags & settableMessageFlags,
	}
	if p.content != nil {
		m.Content = *p.content
	}
	if m.Embeds == nil {
		m.Embeds = []*discordgo.MessageEmbed{}
	}
	for _, e := range m.Embeds {
		if e.Type == "" {
			e.Type = discordgo.EmbedTypeRich
		}
	}
	var replyTo *discordgo.Message
	if ref := p.reference; ref != nil && ref.MessageID != "" {
		refChannel := ref.ChannelID
		if refChannel == "" {
			refChannel = cs.ch.ID
		}
		replyTo = s.messageOf(refChannel, ref.MessageID)
		failIfMissing := ref.FailIfNotExists == nil || *ref.FailIfNotExists
		switch {
		case replyTo == nil && failIfMissing:
			return nil, formError("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")
		case replyTo != nil:
			m.Type = discordgo.MessageTypeReply
			m.MessageReference = &discordgo.MessageReference{MessageID: replyTo.ID, ChannelID: replyTo.ChannelID, GuildID: cs.ch.GuildID}
			short := *replyTo
			short.ReferencedMessage = nil
			m.ReferencedMessage = &short
		}
	}
	for _, f := range files {
		m.Attachments = append(m.Attachments, s.storeFile(cs.ch.ID, f))
	}
	res := s.resolveMentions(s.guildOf(cs.ch.GuildID), authorPerms, m.Content, p.allowedMentions, replyTo)
	res.apply(m)
	if isEmptyMessage(m) {
		return nil, errEmptyMessage()
	}
	if n := s.notification(cs, author.ID, res); n != nil {
		s.pings[m.ID] = n
	}
	return m, nil
}

func (s *Server) storeFile(channelID string, f uploadedFile) *discordgo.MessageAttachment {
	id := s.newID()
	url := "https://cdn.discordapp.com/attachments/" + channelID + "/" + id + "/" + f.name
	a := &discordgo.MessageAttachment{
		ID:          id,
		URL:         url,
		ProxyURL:    "https://media.discordapp.net/attachments/" + channelID + "/" + id + "/" + f.name,
		Filename:    f.name,
		ContentType: f.contentType,
		Size:        len(f.data),
	}
	s.attachments[id] = &storedAttachment{meta: a, data: f.data}
	return a
}

// insertMessage adds a built message to its channel.
func (s *Server) insertMessage(cs *channelState, m *discordgo.Message) {
	cs.messages = append(cs.messages, m)
	s.msgIndex[m.ID] = m
	if m.Flags&discordgo.MessageFlagsEphemeral == 0 {
		cs.ch.LastMessageID = m.ID
		if cs.ch.IsThread() {
			cs.ch.MessageCount++
		}
	}
}

// applyEdit changes a message the way PATCH does: only the fields present
// change; attachments not listed in "attachments" are removed and uploaded
// files added; mentions are worked out again.
func (s *Server) applyEdit(cs *channelState, m *discordgo.Message, editorPerms int64, p *messagePayload, files []uploadedFile) *APIError {
	c := *m
	if p.content != nil {
		c.Content = *p.content
	}
	if p.hasEmbeds {
		c.Embeds = p.embeds
		if c.Embeds == nil {
			c.Embeds = []*discordgo.MessageEmbed{}
		}
		for _, e := range c.Embeds {
			if e.Type == "" {
				e.Type = discordgo.EmbedTypeRich
			}
		}
	}
	if p.hasComponents {
		c.Components = p.components
	}
	if p.hasFlags {
		keep := c.Flags &^ discordgo.MessageFlagsSuppressEmbeds
		c.Flags = keep | p.flags&discordgo.MessageFlagsSuppressEmbeds
	}
	if p.hasAttachments {
		var kept []*discordgo.MessageAttachment
		for _, a := range c.Attachments {
			if slices.ContainsFunc(p.attachments, func(x *discordgo.MessageAttachment) bool { return x != nil && x.ID == a.ID }) {
				kept = append(kept, a)
			}
		}
		c.Attachments = kept
	}
	for _, f := range files {
		c.Attachments = append(c.Attachments, s.storeFile(cs.ch.ID, f))
	}
	if c.Attachments == nil {
		c.Attachments = []*discordgo.MessageAttachment{}
	}
	if isEmptyMessage(&c) {
		return errEmptyMessage()
	}
	if p.content != nil || p.hasAllowedMentions {
		s.resolveMentions(s.guildOf(cs.ch.GuildID), editorPerms, c.Content, p.allowedMentions, c.ReferencedMessage).apply(&c)
	}
	now := s.now()
	c.EditedTimestamp = &now
	*m = c
	return nil
}

// removeMessage deletes a message from its channel.
func (s *Server) removeMessage(cs *channelState, id string) {
	cs.messages = slices.DeleteFunc(cs.messages, func(m *discordgo.Message) bool { return m.ID == id })
	delete(s.msgIndex, id)
	delete(s.pings, id)
}

// sendCheck decides whether user may post in cs, the way Discord decides
// for the bot and for members alike. It returns the user's permissions there.
func (s *Server) sendCheck(cs *channelState, userID string, p *messagePayload, files int) (int64, *APIError) {
	ch := cs.ch
	if ch.GuildID == "" {
		return s.dmCheck(cs, userID)
	}
	g := s.guildOf(ch.GuildID)
	if g == nil || g.members[userID] == nil {
		return 0, errMissingAccess()
	}
	switch ch.Type {
	case discordgo.ChannelTypeGuildCategory, discordgo.ChannelTypeGuildForum, discordgo.ChannelTypeGuildMedia:
		return 0, apiErr(http.StatusBadRequest, 50008, "Cannot send messages in a non-text channel")
	}
	perms := s.channelPermissions(g, userID, ch)
	if perms&discordgo.PermissionViewChannel == 0 {
		return perms, errMissingAccess()
	}
	need := int64(discordgo.PermissionSendMessages)
	if ch.IsThread() {
		need = discordgo.PermissionSendMessagesInThreads
	}
	if files > 0 {
		need |= discordgo.PermissionAttachFiles
	}
	if !has(perms, need) {
		return perms, errMissingPermissions()
	}
	if p != nil && p.reference != nil && perms&discordgo.PermissionReadMessageHistory == 0 {
		return perms, apiErr(http.StatusBadRequest, CodeReplyNeedsHistory, "Cannot reply without permission to read message history")
	}
	if md := ch.ThreadMetadata; ch.IsThread() && md != nil && md.Locked && perms&discordgo.PermissionManageThreads == 0 {
		// Only thread moderators post in (and so unarchive) a locked
		// thread; anyone who may send unarchives an unlocked one.
		return perms, errThreadLocked()
	}
	return perms, nil
}

// dmCheck allows DMs only between users sharing a server, and not to users
// who closed their DMs.
func (s *Server) dmCheck(cs *channelState, senderID string) (int64, *APIError) {
	if len(cs.ch.Recipients) == 0 {
		return 0, errMissingAccess()
	}
	recipient := cs.ch.Recipients[0].ID
	var target string
	switch senderID {
	case s.opts.BotUserID:
		target = recipient
	case recipient:
		target = s.opts.BotUserID
	default:
		return 0, errMissingAccess()
	}
	cannot := apiErr(http.StatusForbidden, CodeCannotMessageUser, "Cannot send messages to this user")
	if us := s.users[target]; us == nil || us.dmsClosed {
		return 0, cannot
	}
	if !s.shareGuild(senderID, target) {
		return 0, cannot
	}
	return DefaultEveryonePermissions, nil
}

func (s *Server) shareGuild(a, b string) bool {
	for _, g := range s.guilds {
		if g.members[a] != nil && g.members[b] != nil {
			return true
		}
	}
	return false
}

// afterPost does what posting in a thread implies: an archived thread is
// unarchived and the poster joins it.
func (s *Server) afterPost(cs *channelState, userID string) {
	if !cs.ch.IsThread() {
		return
	}
	if md := cs.ch.ThreadMetadata; md != nil && md.Archived {
		md.Archived = false
		md.ArchiveTimestamp = s.now()
		s.emitChannel("THREAD_UPDATE", cs.ch)
	}
	if !isThreadMember(cs, userID) {
		cs.threadMembers[userID] = s.now()
		cs.ch.MemberCount = len(cs.threadMembers)
		s.emitThreadMembers(cs, []string{userID}, nil)
	}
}

// visibleMessages are the channel's messages as REST lists them: no
// ephemeral interaction replies.
func visibleMessages(cs *channelState) []*discordgo.Message {
	out := make([]*discordgo.Message, 0, len(cs.messages))
	for _, m := range cs.messages {
		if m.Flags&discordgo.MessageFlagsEphemeral == 0 {
			out = append(out, m)
		}
	}
	return out
}
