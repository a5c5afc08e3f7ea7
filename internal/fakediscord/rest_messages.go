package fakediscord

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// parseMessageBody decodes a message-creating or -editing body and marks
// the call when it lacks an explicit allowed_mentions. prefix locates the
// message in the body ("data" for interaction callbacks).
func parseMessageBody(rq *request, raw map[string]json.RawMessage, prefix string) (*messagePayload, *APIError) {
	if v, ok := raw["allowed_mentions"]; !ok || isNull(v) {
		rq.call.MissingAllowedMentions = true
	}
	p, err := parseMessagePayload(raw, prefix)
	if err != nil {
		return nil, err
	}
	if err := p.validate(prefix); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Server) createMessage(rq *request) reply {
	raw, e := fields(rq.body)
	if e != nil {
		return fail(e)
	}
	p, e := parseMessageBody(rq, raw, "")
	nonce, ne := enforcedNonce(raw) // see nonce.go
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(rq.param("id"))
	if cs == nil {
		return fail(errUnknownChannel())
	}
	if e != nil {
		return fail(e)
	}
	if ne != nil {
		return fail(ne)
	}
	if m := s.nonceMessage(nonce); m != nil {
		return ok(restMessage(m))
	}
	if p.hasFlags && p.flags&discordgo.MessageFlagsEphemeral != 0 {
		// Only interaction responses can be ephemeral.
		return fail(formError("flags", "MESSAGE_FLAGS_INVALID", "Ephemeral messages can only be sent as interaction responses."))
	}
	if e := uploadTooLarge(rq.files); e != nil {
		return fail(e)
	}
	perms, e := s.sendCheck(cs, s.opts.BotUserID, p, len(rq.files))
	if e != nil {
		return fail(e)
	}
	m, e := s.buildMessage(cs, s.botUser(), perms, p, rq.files)
	if e != nil {
		return fail(e)
	}
	rq.call.Notified = s.pings[m.ID]
	s.insertMessage(cs, m)
	s.rememberNonce(nonce, m)
	s.afterPost(cs, s.opts.BotUserID)
	s.emitMessage("MESSAGE_CREATE", m)
	s.mentionAdds(cs, m, perms)
	return ok(restMessage(m))
}

// readCheck is the bot's right to read a channel's history.
func (s *Server) readCheck(cs *channelState) *APIError {
	if cs.ch.GuildID == "" {
		return nil
	}
	perms := s.permsFor(s.opts.BotUserID, cs.ch.ID)
	if perms&discordgo.PermissionViewChannel == 0 {
		return errMissingAccess()
	}
	if perms&discordgo.PermissionReadMessageHistory == 0 {
		return errMissingPermissions()
	}
	return nil
}

func (s *Server) getMessage(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(rq.param("id"))
	if cs == nil {
		return fail(errUnknownChannel())
	}
	if e := s.readCheck(cs); e != nil {
		return fail(e)
	}
	m := s.messageOf(cs.ch.ID, rq.param("m"))
	if m == nil || m.Flags&discordgo.MessageFlagsEphemeral != 0 {
		return fail(errUnknownMessage())
	}
	return ok(restMessage(m))
}

// listMessages answers GET /channels/{id}/messages: at most limit (1-100,
// default 50) messages, newest first, before, after or around an ID.
func (s *Server) listMessages(rq *request) reply {
	limit := 50
	if v := rq.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			return fail(formError("limit", "NUMBER_TYPE_COERCE", "Value \""+v+"\" is not int."))
		case n < 1:
			return fail(formError("limit", "NUMBER_TYPE_MIN", "int value should be greater than or equal to 1."))
		case n > 100:
			return fail(formError("limit", "NUMBER_TYPE_MAX", "int value should be less than or equal to 100."))
		}
		limit = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(rq.param("id"))
	if cs == nil {
		return fail(errUnknownChannel())
	}
	perms := s.permsFor(s.opts.BotUserID, cs.ch.ID)
	if cs.ch.GuildID != "" && perms&discordgo.PermissionViewChannel == 0 {
		return fail(errMissingAccess())
	}
	out := []*wireMessage{}
	if cs.ch.GuildID != "" && perms&discordgo.PermissionReadMessageHistory == 0 {
		// Discord answers an empty list without READ_MESSAGE_HISTORY.
		return ok(out)
	}
	all := visibleMessages(cs) // oldest first
	var picked []*discordgo.Message
	switch before, after, around := rq.query.Get("before"), rq.query.Get("after"), rq.query.Get("around"); {
	case around != "":
		idx := 0
		for idx < len(all) && snowflakeLess(all[idx].ID, around) {
			idx++
		}
		lo := max(0, idx-limit/2)
		hi := min(len(all), lo+limit)
		lo = max(0, hi-limit)
		picked = all[lo:hi]
	case after != "":
		var newer []*discordgo.Message
		for _, m := range all {
			if snowflakeLess(after, m.ID) {
				newer = append(newer, m)
			}
		}
		picked = newer[:min(limit, len(newer))]
	default:
		var older []*discordgo.Message
		for _, m := range all {
			if before == "" || snowflakeLess(m.ID, before) {
				older = append(older, m)
			}
		}
		picked = older[max(0, len(older)-limit):]
	}
	for i := len(picked) - 1; i >= 0; i-- {
		out = append(out, restMessage(picked[i]))
	}
	return ok(out)
}

func (s *Server) editMessage(rq *request) reply {
	raw, e := fields(rq.body)
	if e != nil {
		return fail(e)
	}
	p, e := parseMessageBody(rq, raw, "")
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(rq.param("id"))
	if cs == nil {
		return fail(errUnknownChannel())
	}
	if cs.ch.GuildID != "" && s.permsFor(s.opts.BotUserID, cs.ch.ID)&discordgo.PermissionViewChannel == 0 {
		return fail(errMissingAccess())
	}
	m := s.messageOf(cs.ch.ID, rq.param("m"))
	if m == nil || m.Flags&discordgo.MessageFlagsEphemeral != 0 {
		return fail(errUnknownMessage())
	}
	if e != nil {
		return fail(e)
	}
	if m.Author == nil || m.Author.ID != s.opts.BotUserID {
		// Only SUPPRESS_EMBEDS may be toggled on others' messages.
		return fail(apiErr(http.StatusForbidden, 50005, "Cannot edit a message authored by another user"))
	}
	if md := cs.ch.ThreadMetadata; cs.ch.IsThread() && md != nil && md.Archived {
		// Discord edits nothing in an archived thread; unarchive it first.
		return fail(errArchivedThread())
	}
	if e := s.applyEdit(cs, m, s.permsFor(s.opts.BotUserID, cs.ch.ID), p, rq.files); e != nil {
		return fail(e)
	}
	s.emitMessage("MESSAGE_UPDATE", m)
	return ok(restMessage(m))
}

func (s *Server) deleteMessage(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(rq.param("id"))
	if cs == nil {
		return fail(errUnknownChannel())
	}
	perms := s.permsFor(s.opts.BotUserID, cs.ch.ID)
	if cs.ch.GuildID != "" && perms&discordgo.PermissionViewChannel == 0 {
		return fail(errMissingAccess())
	}
	m := s.messageOf(cs.ch.ID, rq.param("m"))
	if m == nil || m.Flags&discordgo.MessageFlagsEphemeral != 0 {
		return fail(errUnknownMessage())
	}
	own := m.Author != nil && m.Author.ID == s.opts.BotUserID
	if !own && cs.ch.GuildID != "" && perms&discordgo.PermissionManageMessages == 0 {
		return fail(errMissingPermissions())
	}
	if !own && cs.ch.GuildID == "" {
		return fail(apiErr(http.StatusForbidden, 50003, "Cannot execute action on a DM channel"))
	}
	s.removeMessage(cs, m.ID)
	s.emitMessageDelete(cs, m.ID)
	return noContent()
}

// bulkDelete deletes 2-100 messages younger than two weeks.
func (s *Server) bulkDelete(rq *request) reply {
	var body struct {
		Messages []string `json:"messages"`
	}
	if e := rq.decode(&body); e != nil {
		return fail(e)
	}
	if len(body.Messages) < 2 || len(body.Messages) > 100 {
		return fail(apiErr(http.StatusBadRequest, 50016, "You can only bulk delete messages that are under 14 days old."))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(rq.param("id"))
	if cs == nil {
		return fail(errUnknownChannel())
	}
	if cs.ch.GuildID == "" {
		return fail(apiErr(http.StatusForbidden, 50003, "Cannot execute action on a DM channel"))
	}
	perms := s.permsFor(s.opts.BotUserID, cs.ch.ID)
	if perms&discordgo.PermissionViewChannel == 0 {
		return fail(errMissingAccess())
	}
	if perms&discordgo.PermissionManageMessages == 0 {
		return fail(errMissingPermissions())
	}
	cutoff := s.now().Add(-14 * 24 * time.Hour)
	for _, id := range body.Messages {
		if t, ok := snowflakeTime(id); ok && t.Before(cutoff) {
			return fail(apiErr(http.StatusBadRequest, 50034, "A message provided was too old to bulk delete"))
		}
	}
	var deleted []string
	for _, id := range body.Messages {
		if m := s.messageOf(cs.ch.ID, id); m != nil && m.Flags&discordgo.MessageFlagsEphemeral == 0 {
			s.removeMessage(cs, id)
			deleted = append(deleted, id)
		}
	}
	if len(deleted) > 0 && s.botSees(cs) {
		s.dispatch(event{name: "MESSAGE_DELETE_BULK", guildID: cs.ch.GuildID, intent: discordgo.IntentGuildMessages,
			data: map[string]any{"ids": deleted, "channel_id": cs.ch.ID, "guild_id": cs.ch.GuildID}})
	}
	return noContent()
}

func (s *Server) typing(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(rq.param("id"))
	if cs == nil {
		return fail(errUnknownChannel())
	}
	if _, e := s.sendCheck(cs, s.opts.BotUserID, nil, 0); e != nil {
		return fail(e)
	}
	return noContent()
}

func (s *Server) listPins(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(rq.param("id"))
	if cs == nil {
		return fail(errUnknownChannel())
	}
	if e := s.readCheck(cs); e != nil {
		return fail(e)
	}
	out := []*wireMessage{}
	msgs := visibleMessages(cs)
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Pinned {
			out = append(out, restMessage(msgs[i]))
		}
	}
	return ok(out)
}

func (s *Server) pinMessage(rq *request) reply   { return s.setPinned(rq, true) }
func (s *Server) unpinMessage(rq *request) reply { return s.setPinned(rq, false) }

// setPinned pins or unpins with MANAGE_MESSAGES (in DMs anyone may) and
// sends MESSAGE_UPDATE and CHANNEL_PINS_UPDATE.
func (s *Server) setPinned(rq *request, pinned bool) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(rq.param("id"))
	if cs == nil {
		return fail(errUnknownChannel())
	}
	if cs.ch.GuildID != "" {
		perms := s.permsFor(s.opts.BotUserID, cs.ch.ID)
		if perms&discordgo.PermissionViewChannel == 0 {
			return fail(errMissingAccess())
		}
		if perms&discordgo.PermissionManageMessages == 0 {
			return fail(errMissingPermissions())
		}
	}
	m := s.messageOf(cs.ch.ID, rq.param("m"))
	if m == nil || m.Flags&discordgo.MessageFlagsEphemeral != 0 {
		return fail(errUnknownMessage())
	}
	if m.Pinned == pinned {
		return noContent()
	}
	m.Pinned = pinned
	s.emitMessage("MESSAGE_UPDATE", m)
	if s.botSees(cs) {
		s.dispatch(event{name: "CHANNEL_PINS_UPDATE", guildID: cs.ch.GuildID, intent: discordgo.IntentGuilds,
			data: map[string]any{"channel_id": cs.ch.ID, "guild_id": cs.ch.GuildID, "last_pin_timestamp": s.now()}})
	}
	return noContent()
}
