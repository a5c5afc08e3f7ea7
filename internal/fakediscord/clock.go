package fakediscord

import (
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
)

// What Discord does by itself as time passes, on the emulator's clock
// (Options.Now): threads archive after auto_archive_duration minutes
// without activity, and EXTERNAL scheduled events start at their
// scheduled_start_time and complete at their scheduled_end_time. The clock
// is a function the emulator cannot watch, so these happen when the
// emulator is next asked anything (every REST request first catches up)
// or when a test calls Tick after moving its clock.

// Discord's caps modelled here.
const (
	// maxUncompletedEvents is how many SCHEDULED or ACTIVE events a guild
	// may hold (30038).
	maxUncompletedEvents = 100
	// maxGuildChannels counts every channel but threads (30013).
	maxGuildChannels = 500
	// maxCategoryChannels is how many channels one category holds.
	maxCategoryChannels = 50
	// maxUpload is a bot's upload limit without boosts: 10 MiB (40005).
	maxUpload = 10 << 20
)

// Error codes of these behaviours.
const (
	CodeMaxGuildChannels  = 30013
	CodeMaxEvents         = 30038
	CodeEntityTooLarge    = 40005
	CodeThreadLocked      = 160005
	CodeEventStatusChange = 180000 // Cannot update a finished event (also CodeCannotUpdateFinishedEvnt)
)

func errArchivedThread() *APIError {
	return apiErr(http.StatusBadRequest, CodeArchivedThread, "Thread is archived")
}

func errThreadLocked() *APIError {
	return apiErr(http.StatusBadRequest, CodeThreadLocked, "Thread is locked")
}

// Tick applies what fell due on the emulator's clock: thread archives and
// the automatic start and end of external events, with their gateway
// events. A test that moves the clock calls it to see them at once;
// otherwise the next request does.
func (s *Server) Tick() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
}

func (s *Server) tickLocked() {
	now := s.now()
	changed := false
	for _, cs := range s.channels {
		if s.autoArchive(cs, now) {
			changed = true
		}
	}
	for _, gid := range s.guildOrder {
		g := s.guilds[gid]
		if g == nil {
			continue
		}
		for _, ev := range sortedEvents(g) {
			if s.autoEvent(ev, now) {
				changed = true
			}
		}
	}
	if changed {
		s.notify()
	}
}

// lastActivity is when a thread was last active: its creation or last
// unarchive (archive_timestamp) or its newest message.
func lastActivity(cs *channelState) time.Time {
	at := cs.ch.ThreadMetadata.ArchiveTimestamp
	for i := len(cs.messages) - 1; i >= 0; i-- {
		m := cs.messages[i]
		if m.Flags&discordgo.MessageFlagsEphemeral != 0 {
			continue
		}
		if m.Timestamp.After(at) {
			at = m.Timestamp
		}
		break
	}
	return at
}

// autoArchive archives a thread idle for its auto_archive_duration.
func (s *Server) autoArchive(cs *channelState, now time.Time) bool {
	md := cs.ch.ThreadMetadata
	if !cs.ch.IsThread() || md == nil || md.Archived || md.AutoArchiveDuration <= 0 {
		return false
	}
	due := lastActivity(cs).Add(time.Duration(md.AutoArchiveDuration) * time.Minute)
	if now.Before(due) {
		return false
	}
	md.Archived = true
	md.ArchiveTimestamp = due
	s.emitChannel("THREAD_UPDATE", cs.ch)
	s.logf("fakediscord: thread %s archived after %d minutes idle", cs.ch.ID, md.AutoArchiveDuration)
	return true
}

// autoEvent starts an external event at its start time and completes it at
// its end time, as Discord does.
func (s *Server) autoEvent(ev *discordgo.GuildScheduledEvent, now time.Time) bool {
	if ev.EntityType != discordgo.GuildScheduledEventEntityTypeExternal {
		return false
	}
	changed := false
	if ev.Status == discordgo.GuildScheduledEventStatusScheduled && !now.Before(ev.ScheduledStartTime) {
		ev.Status = discordgo.GuildScheduledEventStatusActive
		s.emitScheduledEvent("GUILD_SCHEDULED_EVENT_UPDATE", ev)
		changed = true
	}
	if ev.Status == discordgo.GuildScheduledEventStatusActive && ev.ScheduledEndTime != nil && !now.Before(*ev.ScheduledEndTime) {
		ev.Status = discordgo.GuildScheduledEventStatusCompleted
		s.emitScheduledEvent("GUILD_SCHEDULED_EVENT_UPDATE", ev)
		changed = true
	}
	return changed
}

// uncompletedEvents counts a guild's SCHEDULED and ACTIVE events.
func uncompletedEvents(g *guildState) int {
	n := 0
	for _, ev := range g.events {
		if ev.Status == discordgo.GuildScheduledEventStatusScheduled || ev.Status == discordgo.GuildScheduledEventStatusActive {
			n++
		}
	}
	return n
}

// channelCapError is what Discord answers when a new channel (or one moved
// into parentID) would pass a cap: 500 channels a guild, 50 a category.
func (s *Server) channelCapError(g *guildState, parentID string, creating bool) *APIError {
	total, inParent := 0, 0
	for _, cs := range s.channels {
		if cs.ch.GuildID != g.guild.ID || cs.ch.IsThread() {
			continue
		}
		total++
		if parentID != "" && cs.ch.ParentID == parentID {
			inParent++
		}
	}
	if creating && total >= maxGuildChannels {
		return apiErr(http.StatusBadRequest, CodeMaxGuildChannels, "Maximum number of guild channels reached (500)")
	}
	if parentID != "" && inParent >= maxCategoryChannels {
		return formError("parent_id", "CHANNEL_PARENT_MAX_CHANNELS", "Maximum number of channels in category reached (50)")
	}
	return nil
}

// uploadTooLarge refuses files over a bot's upload limit, as Discord does
// with 413 40005.
func uploadTooLarge(files []uploadedFile) *APIError {
	total := 0
	for _, f := range files {
		total += len(f.data)
	}
	if total > maxUpload {
		return apiErr(http.StatusRequestEntityTooLarge, CodeEntityTooLarge, "Request entity too large")
	}
	return nil
}

// canInvite reports whether someone with perms may add others to a thread:
// anyone in a public thread or an invitable private one, only thread
// moderators (MANAGE_THREADS) in a private thread made with
// invitable:false.
func canInvite(cs *channelState, perms int64) bool {
	if cs.ch.Type != discordgo.ChannelTypeGuildPrivateThread {
		return true
	}
	if md := cs.ch.ThreadMetadata; md != nil && md.Invitable {
		return true
	}
	return perms&discordgo.PermissionManageThreads != 0
}

// mentionAdds adds the users a message in a private thread mentions, as
// Discord does, when its author may invite them and they can see the
// parent channel.
func (s *Server) mentionAdds(cs *channelState, m *discordgo.Message, authorPerms int64) {
	if cs.ch.Type != discordgo.ChannelTypeGuildPrivateThread || !canInvite(cs, authorPerms) {
		return
	}
	g := s.guildOf(cs.ch.GuildID)
	parent := s.channelOf(cs.ch.ParentID)
	if g == nil || parent == nil {
		return
	}
	var added []string
	for _, u := range m.Mentions {
		if u == nil || isThreadMember(cs, u.ID) || g.members[u.ID] == nil {
			continue
		}
		if s.channelPermissions(g, u.ID, parent.ch)&discordgo.PermissionViewChannel == 0 {
			continue
		}
		cs.threadMembers[u.ID] = s.now()
		added = append(added, u.ID)
	}
	if len(added) > 0 {
		cs.ch.MemberCount = len(cs.threadMembers)
		s.emitThreadMembers(cs, added, nil)
	}
}

// SetThreadLocked locks or unlocks a thread as a moderator would: a locked
// thread takes posts (and unarchiving) only from members with Manage
// Threads.
func (s *Server) SetThreadLocked(threadID string, locked bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(threadID)
	if cs == nil || !cs.ch.IsThread() || cs.ch.ThreadMetadata == nil {
		return errUnknownChannel()
	}
	cs.ch.ThreadMetadata.Locked = locked
	s.emitChannel("THREAD_UPDATE", cs.ch)
	s.notify()
	return nil
}

// GuildChannels lists a guild's channels, threads excluded.
func (s *Server) GuildChannels(guildID string) []*discordgo.Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.Channel
	for _, ch := range s.guildChannels(guildID, false) {
		c := *ch
		out = append(out, &c)
	}
	return out
}
