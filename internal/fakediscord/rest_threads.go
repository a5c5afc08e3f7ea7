package fakediscord

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/bwmarrin/discordgo"
)

var archiveDurations = []int{60, 1440, 4320, 10080}

type threadBody struct {
	name       string
	archive    int
	slowmode   int
	typ        discordgo.ChannelType
	hasType    bool
	invitable  bool
	rawMessage map[string]json.RawMessage
}

func parseThreadBody(raw map[string]json.RawMessage) (threadBody, *APIError) {
	var b threadBody
	var fe formErrors
	if !decodeOptional(raw, "name", &b.name) || b.name == "" {
		fe.add("name", "BASE_TYPE_REQUIRED", "This field is required")
	} else if runes(b.name) > 100 {
		fe.add("name", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 100))
	}
	if decodeOptional(raw, "auto_archive_duration", &b.archive) && !slices.Contains(archiveDurations, b.archive) {
		fe.add("auto_archive_duration", "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.")
	}
	decodeOptional(raw, "rate_limit_per_user", &b.slowmode)
	b.hasType = decodeOptional(raw, "type", &b.typ)
	b.invitable = true
	decodeOptional(raw, "invitable", &b.invitable)
	if v, ok := raw["message"]; ok && !isNull(v) {
		if json.Unmarshal(v, &b.rawMessage) != nil {
			fe.add("message", "MODEL_TYPE_CONVERT", "Could not interpret the value as the expected type.")
		}
	}
	return b, fe.err()
}

// startThreadFromMessage answers POST /channels/{id}/messages/{m}/threads:
// a public thread whose ID is the message's, which needs
// CREATE_PUBLIC_THREADS; a message has at most one thread.
func (s *Server) startThreadFromMessage(rq *request) reply {
	raw, e := fields(rq.body)
	if e != nil {
		return fail(e)
	}
	body, bodyErr := parseThreadBody(raw)
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, g, e := s.botChannel(rq.param("id"))
	if e != nil {
		return fail(e)
	}
	if g == nil || (cs.ch.Type != discordgo.ChannelTypeGuildText && cs.ch.Type != discordgo.ChannelTypeGuildNews) {
		return fail(wrongChannelType())
	}
	m := s.messageOf(cs.ch.ID, rq.param("m"))
	if m == nil || m.Flags&discordgo.MessageFlagsEphemeral != 0 {
		return fail(errUnknownMessage())
	}
	if bodyErr != nil {
		return fail(bodyErr)
	}
	if s.channels[m.ID] != nil {
		return fail(apiErr(http.StatusBadRequest, CodeThreadAlreadyCreated, "A thread has already been created for this message"))
	}
	if !has(s.channelPermissions(g, s.opts.BotUserID, cs.ch), discordgo.PermissionCreatePublicThreads) {
		return fail(errMissingPermissions())
	}
	typ := discordgo.ChannelTypeGuildPublicThread
	if cs.ch.Type == discordgo.ChannelTypeGuildNews {
		typ = discordgo.ChannelTypeGuildNewsThread
	}
	th := s.newThread(cs, m.ID, body.name, typ, s.opts.BotUserID, body.archive, body.slowmode, false)
	m.Thread = th.ch
	m.Flags |= discordgo.MessageFlagsHasThread
	s.emitChannel("THREAD_CREATE", th.ch)
	s.emitThreadMembers(th, []string{s.opts.BotUserID}, nil)
	return created(th.ch)
}

// startThread answers POST /channels/{id}/threads: a thread without a
// starter message in a text channel (private unless type 11 is asked for),
// or a forum post with its first message.
func (s *Server) startThread(rq *request) reply {
	raw, e := fields(rq.body)
	if e != nil {
		return fail(e)
	}
	body, bodyErr := parseThreadBody(raw)
	var post *messagePayload
	var postErr *APIError
	if body.rawMessage != nil {
		post, postErr = parseMessageBody(rq, body.rawMessage, "message")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, g, e := s.botChannel(rq.param("id"))
	if e != nil {
		return fail(e)
	}
	if g == nil {
		return fail(wrongChannelType())
	}
	if bodyErr != nil {
		return fail(bodyErr)
	}
	if postErr != nil {
		return fail(postErr)
	}
	perms := s.channelPermissions(g, s.opts.BotUserID, cs.ch)
	switch cs.ch.Type {
	case discordgo.ChannelTypeGuildForum, discordgo.ChannelTypeGuildMedia:
		if post == nil {
			return fail(formError("message", "BASE_TYPE_REQUIRED", "This field is required"))
		}
		if !has(perms, discordgo.PermissionSendMessages) {
			return fail(errMissingPermissions())
		}
		id := s.newID()
		th := s.newThread(cs, id, body.name, discordgo.ChannelTypeGuildPublicThread, s.opts.BotUserID, body.archive, body.slowmode, false)
		starter, e := s.buildMessage(th, s.botUser(), perms, post, rq.files)
		if e != nil {
			s.dropChannel(th)
			return fail(e)
		}
		starter.ID = id
		s.insertMessage(th, starter)
		s.emitChannel("THREAD_CREATE", th.ch)
		s.emitThreadMembers(th, []string{s.opts.BotUserID}, nil)
		s.emitMessage("MESSAGE_CREATE", starter)
		out := struct {
			*discordgo.Channel
			Message *wireMessage `json:"message"`
		}{th.ch, restMessage(starter)}
		return created(out)
	case discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews:
	default:
		return fail(wrongChannelType())
	}
	typ := discordgo.ChannelTypeGuildPrivateThread
	if body.hasType {
		typ = body.typ
	}
	if cs.ch.Type == discordgo.ChannelTypeGuildNews {
		typ = discordgo.ChannelTypeGuildNewsThread
	}
	need := int64(discordgo.PermissionCreatePublicThreads)
	switch typ {
	case discordgo.ChannelTypeGuildPrivateThread:
		need = discordgo.PermissionCreatePrivateThreads
	case discordgo.ChannelTypeGuildPublicThread, discordgo.ChannelTypeGuildNewsThread:
	default:
		return fail(formError("type", "BASE_TYPE_CHOICES", "Value must be one of {10, 11, 12}."))
	}
	if !has(perms, need) {
		return fail(errMissingPermissions())
	}
	th := s.newThread(cs, s.newID(), body.name, typ, s.opts.BotUserID, body.archive, body.slowmode, typ == discordgo.ChannelTypeGuildPrivateThread && body.invitable)
	s.emitChannel("THREAD_CREATE", th.ch)
	s.emitThreadMembers(th, []string{s.opts.BotUserID}, nil)
	if typ != discordgo.ChannelTypeGuildPrivateThread {
		// Discord announces a public thread started without a message with
		// a THREAD_CREATED system message in the parent channel.
		sys := &discordgo.Message{
			ID: s.newID(), ChannelID: cs.ch.ID, Timestamp: s.now(), Author: s.botUser(),
			Type: discordgo.MessageTypeThreadCreated, Content: th.ch.Name,
			MessageReference: &discordgo.MessageReference{ChannelID: th.ch.ID, GuildID: g.guild.ID},
			Embeds:           []*discordgo.MessageEmbed{}, Attachments: []*discordgo.MessageAttachment{},
			Mentions: []*discordgo.User{}, MentionRoles: []string{},
		}
		s.insertMessage(cs, sys)
		s.emitMessage("MESSAGE_CREATE", sys)
	}
	return created(th.ch)
}

// editThread is PATCH /channels/{id} on a thread: its owner may rename,
// archive and set the archive duration; locking, invitable and slowmode need
// MANAGE_THREADS, as does anything on a locked thread.
func (s *Server) editThread(cs *channelState, g *guildState, raw map[string]json.RawMessage) reply {
	perms := s.channelPermissions(g, s.opts.BotUserID, cs.ch)
	manage := perms&discordgo.PermissionManageThreads != 0
	owner := cs.ch.OwnerID == s.opts.BotUserID
	md := cs.ch.ThreadMetadata
	if md == nil {
		md = &discordgo.ThreadMetadata{}
		cs.ch.ThreadMetadata = md
	}
	if md.Locked && !manage {
		return fail(errThreadLocked())
	}
	var unarchive bool
	if v, ok := raw["archived"]; ok && !isNull(v) {
		var a bool
		unarchive = json.Unmarshal(v, &a) == nil && !a
	}
	if md.Archived && !unarchive {
		// Discord changes an archived thread only as it unarchives it.
		return fail(errArchivedThread())
	}
	_, wantsLock := raw["locked"]
	_, wantsInvitable := raw["invitable"]
	_, wantsSlowmode := raw["rate_limit_per_user"]
	if (wantsLock || wantsInvitable || wantsSlowmode) && !manage {
		return fail(errMissingPermissions())
	}
	// Unarchiving an unlocked thread needs only the right to send in it.
	onlyUnarchive := unarchive && len(raw) == 1
	if onlyUnarchive && has(perms, discordgo.PermissionSendMessagesInThreads) {
		owner = true
	}
	if !manage && !owner {
		return fail(errMissingPermissions())
	}
	c := *cs.ch
	m := *md
	var fe formErrors
	if v, ok := raw["name"]; ok {
		var name string
		if json.Unmarshal(v, &name) != nil || name == "" || runes(name) > 100 {
			fe.add("name", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 100))
		} else {
			c.Name = name
		}
	}
	var archived bool
	if decodeOptional(raw, "archived", &archived) && archived != m.Archived {
		m.Archived = archived
		m.ArchiveTimestamp = s.now()
	}
	var dur int
	if decodeOptional(raw, "auto_archive_duration", &dur) {
		if !slices.Contains(archiveDurations, dur) {
			fe.add("auto_archive_duration", "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.")
		}
		m.AutoArchiveDuration = dur
	}
	decodeOptional(raw, "locked", &m.Locked)
	decodeOptional(raw, "invitable", &m.Invitable)
	decodeOptional(raw, "rate_limit_per_user", &c.RateLimitPerUser)
	if e := fe.err(); e != nil {
		return fail(e)
	}
	c.ThreadMetadata = &m
	*cs.ch = c
	s.emitChannel("THREAD_UPDATE", cs.ch)
	return ok(cs.ch)
}

// threadFor finds a thread the bot can see.
func (s *Server) threadFor(id string) (*channelState, *guildState, *APIError) {
	cs, g, e := s.botChannel(id)
	if e != nil {
		return nil, nil, e
	}
	if g == nil || !cs.ch.IsThread() {
		return nil, nil, wrongChannelType()
	}
	return cs, g, nil
}

func (s *Server) threadMemberObject(cs *channelState, uid string, withMember bool, g *guildState) map[string]any {
	out := map[string]any{"id": cs.ch.ID, "user_id": uid, "join_timestamp": cs.threadMembers[uid], "flags": 0}
	if withMember && g.members[uid] != nil {
		out["member"] = g.members[uid]
	}
	return out
}

func (s *Server) addThreadMember(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, g, e := s.threadFor(rq.param("id"))
	if e != nil {
		return fail(e)
	}
	uid := rq.param("u")
	self := uid == "@me" || uid == s.opts.BotUserID
	if self {
		uid = s.opts.BotUserID
	}
	if cs.ch.ThreadMetadata != nil && cs.ch.ThreadMetadata.Archived {
		return fail(apiErr(http.StatusBadRequest, CodeArchivedThread, "Thread is archived"))
	}
	if g.members[uid] == nil {
		return fail(errUnknownMember())
	}
	perms := s.channelPermissions(g, s.opts.BotUserID, cs.ch)
	if !self && !has(perms, discordgo.PermissionSendMessagesInThreads) {
		return fail(errMissingPermissions())
	}
	if !self && !canInvite(cs, perms) {
		// invitable:false: only thread moderators add others.
		return fail(errMissingPermissions())
	}
	if !isThreadMember(cs, uid) {
		cs.threadMembers[uid] = s.now()
		cs.ch.MemberCount = len(cs.threadMembers)
		s.emitThreadMembers(cs, []string{uid}, nil)
	}
	return noContent()
}

func (s *Server) removeThreadMember(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, g, e := s.threadFor(rq.param("id"))
	if e != nil {
		return fail(e)
	}
	uid := rq.param("u")
	self := uid == "@me" || uid == s.opts.BotUserID
	if self {
		uid = s.opts.BotUserID
	}
	if cs.ch.ThreadMetadata != nil && cs.ch.ThreadMetadata.Archived {
		return fail(apiErr(http.StatusBadRequest, CodeArchivedThread, "Thread is archived"))
	}
	if !self {
		perms := s.channelPermissions(g, s.opts.BotUserID, cs.ch)
		if perms&discordgo.PermissionManageThreads == 0 && cs.ch.OwnerID != s.opts.BotUserID {
			return fail(errMissingPermissions())
		}
	}
	if !isThreadMember(cs, uid) {
		return fail(errUnknownMember())
	}
	delete(cs.threadMembers, uid)
	cs.ch.MemberCount = len(cs.threadMembers)
	s.emitThreadMembers(cs, nil, []string{uid})
	return noContent()
}

// listThreadMembers needs the GUILD_MEMBERS privileged intent switched on.
func (s *Server) listThreadMembers(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, g, e := s.threadFor(rq.param("id"))
	if e != nil {
		return fail(e)
	}
	if s.opts.PrivilegedIntents&discordgo.IntentGuildMembers == 0 {
		return fail(errMissingAccess())
	}
	withMember := rq.query.Get("with_member") == "true"
	ids := make([]string, 0, len(cs.threadMembers))
	for uid := range cs.threadMembers {
		ids = append(ids, uid)
	}
	slices.SortFunc(ids, func(a, b string) int {
		if snowflakeLess(a, b) {
			return -1
		}
		return 1
	})
	out := []map[string]any{}
	for _, uid := range ids {
		out = append(out, s.threadMemberObject(cs, uid, withMember, g))
	}
	return ok(out)
}

func (s *Server) getThreadMember(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, g, e := s.threadFor(rq.param("id"))
	if e != nil {
		return fail(e)
	}
	uid := rq.param("u")
	if uid == "@me" {
		uid = s.opts.BotUserID
	}
	if !isThreadMember(cs, uid) {
		return fail(errUnknownMember())
	}
	return ok(s.threadMemberObject(cs, uid, rq.query.Get("with_member") == "true", g))
}

func (s *Server) activeThreads(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	threads := []*discordgo.Channel{}
	members := []map[string]any{}
	for _, th := range s.guildChannels(g.guild.ID, true) {
		if th.ThreadMetadata != nil && th.ThreadMetadata.Archived {
			continue
		}
		if s.channelPermissions(g, s.opts.BotUserID, th)&discordgo.PermissionViewChannel == 0 {
			continue
		}
		threads = append(threads, th)
		if cs := s.channelOf(th.ID); isThreadMember(cs, s.opts.BotUserID) {
			members = append(members, s.threadMemberObject(cs, s.opts.BotUserID, false, g))
		}
	}
	return ok(map[string]any{"threads": threads, "members": members, "has_more": false})
}
