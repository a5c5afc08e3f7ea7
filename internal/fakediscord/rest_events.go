package fakediscord

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
)

func (s *Server) listEvents(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	return ok(sortedEvents(g))
}

func sortedEvents(g *guildState) []*discordgo.GuildScheduledEvent {
	out := make([]*discordgo.GuildScheduledEvent, 0, len(g.events))
	for _, ev := range g.events {
		out = append(out, ev)
	}
	slices.SortFunc(out, func(a, b *discordgo.GuildScheduledEvent) int {
		if snowflakeLess(a.ID, b.ID) {
			return -1
		}
		return 1
	})
	return out
}

func (s *Server) getEvent(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	ev := g.events[rq.param("e")]
	if ev == nil {
		return fail(errUnknownEvent())
	}
	return ok(ev)
}

// eventFields applies the fields of a create or modify body to ev and
// checks the combination Discord requires for the entity type.
func (s *Server) eventFields(g *guildState, ev *discordgo.GuildScheduledEvent, raw map[string]json.RawMessage, creating bool) *APIError {
	var fe formErrors
	if v, ok := raw["name"]; ok || creating {
		var name string
		if !ok || json.Unmarshal(v, &name) != nil || name == "" {
			fe.add("name", "BASE_TYPE_REQUIRED", "This field is required")
		} else if runes(name) > 100 {
			fe.add("name", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 100))
		} else {
			ev.Name = name
		}
	}
	if v, ok := raw["description"]; ok {
		ev.Description = ""
		_ = json.Unmarshal(v, &ev.Description)
		if runes(ev.Description) > 1000 {
			fe.add("description", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(1000))
		}
	}
	startChanged := false
	if v, ok := raw["scheduled_start_time"]; ok || creating {
		var t time.Time
		if !ok || isNull(v) || json.Unmarshal(v, &t) != nil {
			fe.add("scheduled_start_time", "BASE_TYPE_REQUIRED", "This field is required")
		} else {
			ev.ScheduledStartTime = t.UTC()
			startChanged = true
		}
	}
	if v, ok := raw["scheduled_end_time"]; ok {
		if isNull(v) {
			ev.ScheduledEndTime = nil
		} else {
			var t time.Time
			if json.Unmarshal(v, &t) != nil {
				fe.add("scheduled_end_time", "DATE_TIME_TYPE_PARSE", "Could not parse the date.")
			} else {
				t = t.UTC()
				ev.ScheduledEndTime = &t
			}
		}
	}
	if v, ok := raw["privacy_level"]; ok || creating {
		if !ok || json.Unmarshal(v, &ev.PrivacyLevel) != nil || ev.PrivacyLevel != discordgo.GuildScheduledEventPrivacyLevelGuildOnly {
			fe.add("privacy_level", "BASE_TYPE_CHOICES", "Value must be one of {2}.")
		}
	}
	if v, ok := raw["entity_type"]; ok || creating {
		if !ok || json.Unmarshal(v, &ev.EntityType) != nil || ev.EntityType < 1 || ev.EntityType > 3 {
			fe.add("entity_type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.")
		}
	}
	if v, ok := raw["channel_id"]; ok {
		ev.ChannelID = ""
		if !isNull(v) {
			_ = json.Unmarshal(v, &ev.ChannelID)
		}
	}
	if v, ok := raw["entity_metadata"]; ok {
		ev.EntityMetadata = discordgo.GuildScheduledEventEntityMetadata{}
		if !isNull(v) {
			_ = json.Unmarshal(v, &ev.EntityMetadata)
		}
	}
	decodeOptional(raw, "image", &ev.Image)

	switch ev.EntityType {
	case discordgo.GuildScheduledEventEntityTypeExternal:
		if ev.ChannelID != "" {
			fe.add("channel_id", "GUILD_SCHEDULED_EVENT_CHANNEL_NOT_ALLOWED", "Channel must be null for external events")
		}
		if ev.EntityMetadata.Location == "" {
			fe.add("entity_metadata.location", "BASE_TYPE_REQUIRED", "This field is required")
		} else if runes(ev.EntityMetadata.Location) > 100 {
			fe.add("entity_metadata.location", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 100))
		}
		if ev.ScheduledEndTime == nil {
			fe.add("scheduled_end_time", "BASE_TYPE_REQUIRED", "This field is required")
		}
	case discordgo.GuildScheduledEventEntityTypeVoice, discordgo.GuildScheduledEventEntityTypeStageInstance:
		want := discordgo.ChannelTypeGuildVoice
		if ev.EntityType == discordgo.GuildScheduledEventEntityTypeStageInstance {
			want = discordgo.ChannelTypeGuildStageVoice
		}
		cs := s.channelOf(ev.ChannelID)
		if ev.ChannelID == "" || cs == nil || cs.ch.GuildID != g.guild.ID || cs.ch.Type != want {
			fe.add("channel_id", "GUILD_SCHEDULED_EVENT_CHANNEL_INVALID", "A voice or stage channel of this server is required")
		}
	}
	if startChanged && ev.Status == discordgo.GuildScheduledEventStatusScheduled && ev.ScheduledStartTime.Before(s.now()) {
		fe.add("scheduled_start_time", "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST", "Cannot schedule event in the past.")
	}
	if ev.ScheduledEndTime != nil && !ev.ScheduledEndTime.After(ev.ScheduledStartTime) {
		fe.add("scheduled_end_time", "GUILD_SCHEDULED_EVENT_END_BEFORE_START", "Cannot schedule event to end before starting.")
	}
	if ev.EntityType == discordgo.GuildScheduledEventEntityTypeExternal {
		ev.EntityID = ""
	}
	return fe.err()
}

// eventPerms: MANAGE_EVENTS for any event, CREATE_EVENTS for the bot's own.
func (s *Server) eventPerms(g *guildState, ev *discordgo.GuildScheduledEvent) *APIError {
	perms := s.basePermissions(g, s.opts.BotUserID)
	if perms&discordgo.PermissionManageEvents != 0 {
		return nil
	}
	if perms&discordgo.PermissionCreateEvents != 0 && (ev == nil || ev.CreatorID == s.opts.BotUserID) {
		return nil
	}
	return errMissingPermissions()
}

func (s *Server) createEvent(rq *request) reply {
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
	if e := s.eventPerms(g, nil); e != nil {
		return fail(e)
	}
	if uncompletedEvents(g) >= maxUncompletedEvents {
		return fail(apiErr(http.StatusBadRequest, CodeMaxEvents, "Maximum number of uncompleted guild scheduled events reached (100)"))
	}
	ev := &discordgo.GuildScheduledEvent{
		ID:        s.newID(),
		GuildID:   g.guild.ID,
		CreatorID: s.opts.BotUserID,
		Creator:   s.botUser(),
		Status:    discordgo.GuildScheduledEventStatusScheduled,
	}
	if e := s.eventFields(g, ev, raw, true); e != nil {
		return fail(e)
	}
	g.events[ev.ID] = ev
	s.emitScheduledEvent("GUILD_SCHEDULED_EVENT_CREATE", ev)
	return ok(ev)
}

// editEvent answers PATCH, including status changes, which only go
// SCHEDULED → ACTIVE → COMPLETED or SCHEDULED → CANCELED.
func (s *Server) editEvent(rq *request) reply {
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
	ev := g.events[rq.param("e")]
	if ev == nil {
		return fail(errUnknownEvent())
	}
	if e := s.eventPerms(g, ev); e != nil {
		return fail(e)
	}
	if ev.Status == discordgo.GuildScheduledEventStatusCompleted || ev.Status == discordgo.GuildScheduledEventStatusCanceled {
		return fail(apiErr(http.StatusBadRequest, CodeCannotUpdateFinishedEvnt, "Cannot update a finished event"))
	}
	c := *ev
	var status discordgo.GuildScheduledEventStatus
	if decodeOptional(raw, "status", &status) && status != c.Status {
		allowed := map[discordgo.GuildScheduledEventStatus][]discordgo.GuildScheduledEventStatus{
			discordgo.GuildScheduledEventStatusScheduled: {discordgo.GuildScheduledEventStatusActive, discordgo.GuildScheduledEventStatusCanceled},
			discordgo.GuildScheduledEventStatusActive:    {discordgo.GuildScheduledEventStatusCompleted},
		}
		if !slices.Contains(allowed[c.Status], status) {
			return fail(formError("status", "GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION", "Invalid status transition."))
		}
	}
	if e := s.eventFields(g, &c, raw, false); e != nil {
		return fail(e)
	}
	if status != 0 {
		c.Status = status
	}
	*ev = c
	s.emitScheduledEvent("GUILD_SCHEDULED_EVENT_UPDATE", ev)
	return ok(ev)
}

func (s *Server) deleteEvent(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	ev := g.events[rq.param("e")]
	if ev == nil {
		return fail(errUnknownEvent())
	}
	if e := s.eventPerms(g, ev); e != nil {
		return fail(e)
	}
	delete(g.events, ev.ID)
	s.emitScheduledEvent("GUILD_SCHEDULED_EVENT_DELETE", ev)
	return noContent()
}
