package fakediscord

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/bwmarrin/discordgo"
)

// botGuild finds a guild the bot is in: 404 10004 if unknown, 403 50001 if
// the bot is not a member.
func (s *Server) botGuild(id string) (*guildState, *APIError) {
	g := s.guildOf(id)
	if g == nil {
		return nil, errUnknownGuild()
	}
	if g.members[s.opts.BotUserID] == nil {
		return nil, errMissingAccess()
	}
	return g, nil
}

// botChannel finds a channel the bot can see: 404 10003 if unknown, 403
// 50001 without VIEW_CHANNEL.
func (s *Server) botChannel(id string) (*channelState, *guildState, *APIError) {
	cs := s.channelOf(id)
	if cs == nil {
		return nil, nil, errUnknownChannel()
	}
	if cs.ch.GuildID == "" {
		return cs, nil, nil
	}
	g, e := s.botGuild(cs.ch.GuildID)
	if e != nil {
		return nil, nil, e
	}
	if s.channelPermissions(g, s.opts.BotUserID, cs.ch)&discordgo.PermissionViewChannel == 0 {
		return nil, nil, errMissingAccess()
	}
	return cs, g, nil
}

func (s *Server) listChannels(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	return ok(s.guildChannels(g.guild.ID, false))
}

func (s *Server) getChannel(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, _, e := s.botChannel(rq.param("id"))
	if e != nil {
		return fail(e)
	}
	return ok(cs.ch)
}

// createChannel answers POST /guilds/{g}/channels. It needs MANAGE_CHANNELS
// (in the guild, or in the parent category); a channel in a category with no
// overwrites of its own starts synced with the category.
func (s *Server) createChannel(rq *request) reply {
	raw, e := fields(rq.body)
	if e != nil {
		return fail(e)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	var fe formErrors
	ch := &discordgo.Channel{}
	if v, ok := raw["name"]; !ok || json.Unmarshal(v, &ch.Name) != nil || ch.Name == "" {
		fe.add("name", "BASE_TYPE_REQUIRED", "This field is required")
	} else if n := runes(ch.Name); n > 100 {
		fe.add("name", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 100))
	}
	if v, ok := raw["type"]; ok && !isNull(v) {
		if json.Unmarshal(v, &ch.Type) != nil || !creatableChannelTypes[ch.Type] {
			fe.add("type", "BASE_TYPE_CHOICES", "Value must be one of {0, 2, 4, 5, 13, 14, 15, 16}.")
		}
	}
	decodeOptional(raw, "topic", &ch.Topic)
	decodeOptional(raw, "nsfw", &ch.NSFW)
	decodeOptional(raw, "rate_limit_per_user", &ch.RateLimitPerUser)
	decodeOptional(raw, "bitrate", &ch.Bitrate)
	decodeOptional(raw, "user_limit", &ch.UserLimit)
	if runes(ch.Topic) > 1024 {
		fe.add("topic", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(1024))
	}
	var position *int
	if v, ok := raw["position"]; ok && !isNull(v) {
		var p int
		if json.Unmarshal(v, &p) == nil {
			position = &p
		}
	}
	var parent *channelState
	if v, ok := raw["parent_id"]; ok && !isNull(v) {
		var pid string
		_ = json.Unmarshal(v, &pid)
		parent = s.channelOf(pid)
		switch {
		case parent == nil || parent.ch.GuildID != g.guild.ID:
			fe.add("parent_id", "CHANNEL_PARENT_INVALID", "Unknown channel")
			parent = nil
		case parent.ch.Type != discordgo.ChannelTypeGuildCategory || ch.Type == discordgo.ChannelTypeGuildCategory:
			fe.add("parent_id", "CHANNEL_PARENT_INVALID_TYPE", "Not a category")
			parent = nil
		default:
			ch.ParentID = parent.ch.ID
		}
	}
	var overwrites []*discordgo.PermissionOverwrite
	hasOverwrites := false
	if v, ok := raw["permission_overwrites"]; ok && !isNull(v) {
		hasOverwrites = true
		ows, e := s.parseOverwrites(g, v)
		if e != nil {
			return fail(e)
		}
		overwrites = ows
	}
	if e := fe.err(); e != nil {
		return fail(e)
	}

	perms := s.basePermissions(g, s.opts.BotUserID)
	var parentCh *discordgo.Channel
	if parent != nil {
		parentCh = parent.ch
		perms = s.channelPermissions(g, s.opts.BotUserID, parent.ch)
	}
	if perms&discordgo.PermissionManageChannels == 0 {
		return fail(errMissingPermissions())
	}
	if hasOverwrites && !s.overwritesAllowed(g, s.opts.BotUserID, nil, parentCh, overwrites) {
		return fail(errMissingPermissions())
	}
	if e := s.channelCapError(g, ch.ParentID, true); e != nil {
		return fail(e)
	}
	switch {
	case hasOverwrites:
		ch.PermissionOverwrites = overwrites
	case parent != nil:
		ch.PermissionOverwrites = cloneOverwrites(parent.ch.PermissionOverwrites)
	}
	cs := s.newChannel(g, ch, position)
	s.emitChannel("CHANNEL_CREATE", cs.ch)
	return created(cs.ch)
}

func cloneOverwrites(in []*discordgo.PermissionOverwrite) []*discordgo.PermissionOverwrite {
	out := make([]*discordgo.PermissionOverwrite, 0, len(in))
	for _, ow := range in {
		c := *ow
		out = append(out, &c)
	}
	return out
}

// decodeOptional decodes raw[key] into v when present and not null.
func decodeOptional(raw map[string]json.RawMessage, key string, v any) bool {
	r, ok := raw[key]
	if !ok || isNull(r) {
		return false
	}
	return json.Unmarshal(r, v) == nil
}

// editChannel answers PATCH /channels/{id}.
func (s *Server) editChannel(rq *request) reply {
	raw, e := fields(rq.body)
	if e != nil {
		return fail(e)
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
	if cs.ch.IsThread() {
		return s.editThread(cs, g, raw)
	}
	perms := s.channelPermissions(g, s.opts.BotUserID, cs.ch)
	if perms&discordgo.PermissionManageChannels == 0 {
		return fail(errMissingPermissions())
	}
	c := *cs.ch
	var fe formErrors
	if v, ok := raw["name"]; ok {
		var name string
		if json.Unmarshal(v, &name) != nil || name == "" || runes(name) > 100 {
			fe.add("name", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 100))
		} else {
			c.Name = normalizeChannelName(name, c.Type)
		}
	}
	if v, ok := raw["topic"]; ok {
		c.Topic = ""
		_ = json.Unmarshal(v, &c.Topic)
		if runes(c.Topic) > 1024 {
			fe.add("topic", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(1024))
		}
	}
	decodeOptional(raw, "nsfw", &c.NSFW)
	decodeOptional(raw, "position", &c.Position)
	decodeOptional(raw, "rate_limit_per_user", &c.RateLimitPerUser)
	var newParent *channelState
	parentChanged := false
	if v, ok := raw["parent_id"]; ok {
		parentChanged = true
		if isNull(v) {
			c.ParentID = ""
		} else {
			var pid string
			_ = json.Unmarshal(v, &pid)
			newParent = s.channelOf(pid)
			if newParent == nil || newParent.ch.GuildID != g.guild.ID || newParent.ch.Type != discordgo.ChannelTypeGuildCategory || c.Type == discordgo.ChannelTypeGuildCategory {
				fe.add("parent_id", "CHANNEL_PARENT_INVALID_TYPE", "Not a category")
			} else {
				if pid != cs.ch.ParentID {
					if e := s.channelCapError(g, pid, false); e != nil {
						return fail(e)
					}
				}
				c.ParentID = pid
			}
		}
	}
	var overwrites []*discordgo.PermissionOverwrite
	hasOverwrites := false
	if v, ok := raw["permission_overwrites"]; ok && !isNull(v) {
		hasOverwrites = true
		ows, e := s.parseOverwrites(g, v)
		if e != nil {
			return fail(e)
		}
		overwrites = ows
	}
	if e := fe.err(); e != nil {
		return fail(e)
	}
	if hasOverwrites {
		if perms&discordgo.PermissionManageRoles == 0 && !hasExplicitManageRoles(g, s.opts.BotUserID, cs.ch) {
			return fail(errMissingPermissions())
		}
		var parentCh *discordgo.Channel
		if p := s.channelOf(c.ParentID); p != nil {
			parentCh = p.ch
		}
		if !s.overwritesAllowed(g, s.opts.BotUserID, cs.ch, parentCh, overwrites) {
			return fail(errMissingPermissions())
		}
		c.PermissionOverwrites = overwrites
	}
	var lock bool
	if decodeOptional(raw, "lock_permissions", &lock) && lock && parentChanged && newParent != nil && !hasOverwrites {
		c.PermissionOverwrites = cloneOverwrites(newParent.ch.PermissionOverwrites)
	}
	*cs.ch = c
	s.emitChannel("CHANNEL_UPDATE", cs.ch)
	return ok(cs.ch)
}

func (s *Server) deleteChannel(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, g, e := s.botChannel(rq.param("id"))
	if e != nil {
		return fail(e)
	}
	if g != nil {
		perms := s.channelPermissions(g, s.opts.BotUserID, cs.ch)
		need := int64(discordgo.PermissionManageChannels)
		if cs.ch.IsThread() {
			need = discordgo.PermissionManageThreads
		}
		if perms&need == 0 {
			return fail(errMissingPermissions())
		}
	}
	gone := *cs.ch
	s.deleteChannelLocked(cs)
	return ok(&gone)
}

// putOverwrite answers PUT /channels/{id}/permissions/{overwrite}.
func (s *Server) putOverwrite(rq *request) reply {
	var in overwriteIn
	if e := rq.decode(&in); e != nil {
		return fail(e)
	}
	in.ID = rq.param("overwrite")
	var fe formErrors
	ow := in.convert("", &fe)
	if e := fe.err(); e != nil {
		return fail(e)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, g, e := s.botChannel(rq.param("id"))
	if e != nil {
		return fail(e)
	}
	if g == nil || cs.ch.IsThread() {
		return fail(wrongChannelType())
	}
	if ow.Type == discordgo.PermissionOverwriteTypeRole && g.roles[ow.ID] == nil {
		return fail(errUnknownRole())
	}
	if ow.Type == discordgo.PermissionOverwriteTypeMember && g.members[ow.ID] == nil {
		return fail(errUnknownMember())
	}
	perms := s.channelPermissions(g, s.opts.BotUserID, cs.ch)
	if perms&discordgo.PermissionManageRoles == 0 && !hasExplicitManageRoles(g, s.opts.BotUserID, cs.ch) {
		return fail(errMissingPermissions())
	}
	var parentCh *discordgo.Channel
	if p := s.channelOf(cs.ch.ParentID); p != nil {
		parentCh = p.ch
	}
	if !s.overwritesAllowed(g, s.opts.BotUserID, cs.ch, parentCh, []*discordgo.PermissionOverwrite{ow}) {
		return fail(errMissingPermissions())
	}
	replaced := false
	for i, old := range cs.ch.PermissionOverwrites {
		if old.ID == ow.ID {
			cs.ch.PermissionOverwrites[i] = ow
			replaced = true
		}
	}
	if !replaced {
		cs.ch.PermissionOverwrites = append(cs.ch.PermissionOverwrites, ow)
	}
	s.emitChannel("CHANNEL_UPDATE", cs.ch)
	return noContent()
}

func (s *Server) deleteOverwrite(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, g, e := s.botChannel(rq.param("id"))
	if e != nil {
		return fail(e)
	}
	if g == nil || cs.ch.IsThread() {
		return fail(wrongChannelType())
	}
	perms := s.channelPermissions(g, s.opts.BotUserID, cs.ch)
	if perms&discordgo.PermissionManageRoles == 0 && !hasExplicitManageRoles(g, s.opts.BotUserID, cs.ch) {
		return fail(errMissingPermissions())
	}
	id := rq.param("overwrite")
	idx := slices.IndexFunc(cs.ch.PermissionOverwrites, func(o *discordgo.PermissionOverwrite) bool { return o.ID == id })
	if idx < 0 {
		return fail(apiErr(http.StatusNotFound, CodeUnknownOverwrite, "Unknown Overwrite"))
	}
	cs.ch.PermissionOverwrites = slices.Delete(cs.ch.PermissionOverwrites, idx, idx+1)
	s.emitChannel("CHANNEL_UPDATE", cs.ch)
	return noContent()
}
