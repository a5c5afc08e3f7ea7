package discordadapter

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// Discord's code for a change to an event that has ended or was cancelled.
const errCodeEventFinished = 180000

// Discord holds at most 100 SCHEDULED or ACTIVE events a server (30038).
// peerhours leaves eventRoom of them to the server's own events.
const (
	maxServerEvents     = 100
	eventRoom           = 10
	errCodeMaxEvents    = 30038
	errCodeUnknownEvent = 10070
)

// CreateEvent creates an external scheduled event located at the address
// in e.Location: external, because a text channel cannot host a Discord
// event, and the link takes people to the office-hours channel. When the
// server already holds as many events as Discord allows (less the room
// left for its own), nothing is created and bot.ErrEventLimit says so.
func (d *Discord) CreateEvent(ctx context.Context, guildID string, e bot.EventSpec) (string, error) {
	evs, err := d.s.GuildScheduledEvents(guildID, false, discordgo.WithContext(ctx))
	if err != nil {
		return "", eventRefusal(err, "list the server's Discord events")
	}
	if uncompleted(evs) >= maxServerEvents-eventRoom {
		return "", bot.ErrEventLimit
	}
	end := e.End.UTC()
	ev, err := d.s.GuildScheduledEventCreate(guildID, &discordgo.GuildScheduledEventParams{
		Name:               e.Name,
		Description:        e.Description,
		ScheduledStartTime: ptr(e.Start.UTC()),
		ScheduledEndTime:   &end,
		PrivacyLevel:       discordgo.GuildScheduledEventPrivacyLevelGuildOnly,
		EntityType:         discordgo.GuildScheduledEventEntityTypeExternal,
		EntityMetadata:     &discordgo.GuildScheduledEventEntityMetadata{Location: e.Location},
	}, discordgo.WithContext(ctx))
	if isCode(err, errCodeMaxEvents) {
		return "", bot.ErrEventLimit
	}
	if err != nil {
		return "", eventRefusal(err, "create the Discord event for office hours")
	}
	return ev.ID, nil
}

func uncompleted(evs []*discordgo.GuildScheduledEvent) int {
	n := 0
	for _, ev := range evs {
		if ev.Status == discordgo.GuildScheduledEventStatusScheduled || ev.Status == discordgo.GuildScheduledEventStatusActive {
			n++
		}
	}
	return n
}

// SetEventStatus moves an event on as Discord allows: SCHEDULED → ACTIVE
// → COMPLETED, or SCHEDULED → CANCELED. Discord starts and completes an
// external event itself at its times, so the event is read first: one
// already where it should be, finished, or deleted by hand is left alone;
// one Discord started cannot be cancelled, so it is completed; one that
// never started is cancelled rather than completed.
func (d *Discord) SetEventStatus(ctx context.Context, guildID, eventID string, st bot.EventStatus) error {
	ev, err := d.s.GuildScheduledEvent(guildID, eventID, false, discordgo.WithContext(ctx))
	if isCode(err, errCodeUnknownEvent) {
		return nil
	}
	if err != nil {
		return eventRefusal(err, "read the Discord event for office hours")
	}
	status, change := eventTransition(ev.Status, st)
	if !change {
		return nil
	}
	_, err = d.s.GuildScheduledEventEdit(guildID, eventID, &discordgo.GuildScheduledEventParams{Status: status}, discordgo.WithContext(ctx))
	if err == nil || isCode(err, errCodeEventFinished) || isCode(err, errCodeUnknownEvent) {
		return nil // finished or deleted since it was read
	}
	return eventRefusal(err, "update the Discord event for office hours")
}

// eventTransition is the status to set on an event in status from for the
// session's state st, and whether to set one at all.
func eventTransition(from discordgo.GuildScheduledEventStatus, st bot.EventStatus) (discordgo.GuildScheduledEventStatus, bool) {
	const (
		scheduled = discordgo.GuildScheduledEventStatusScheduled
		active    = discordgo.GuildScheduledEventStatusActive
		completed = discordgo.GuildScheduledEventStatusCompleted
		canceled  = discordgo.GuildScheduledEventStatusCanceled
	)
	switch {
	case from != scheduled && from != active:
		return 0, false // finished: Discord takes no change
	case st == bot.EventActive && from == scheduled:
		return active, true
	case st == bot.EventCompleted || st == bot.EventCancelled:
		if from == active {
			return completed, true
		}
		return canceled, true
	}
	return 0, false
}

func eventRefusal(err error, doing string) error {
	if isCode(err, discordgo.ErrCodeInvalidFormBody) {
		// The event cannot take this change (a start already past, a
		// status it cannot move to): retrying will not help.
		return bot.Errorf(bot.EINVALID, "Discord did not let me %s.", bot.Msg(doing))
	}
	if forbidden(err) {
		// Events are made by jobs that keep trying: "nothing was changed,
		// try again" (refusal's advice for a command) does not fit.
		return bot.Errorf(bot.EUNAVAILABLE, "Discord did not let me %s: I need the Manage Events permission (a server admin can grant it under Server Settings → Roles → my role).", bot.Msg(doing))
	}
	return refusal(err, doing, "Manage Events")
}

// StartPrivateThread opens a private thread and adds its members, which
// needs the Create Private Threads permission.
func (d *Discord) StartPrivateThread(ctx context.Context, channelID, name string, memberIDs []string) (string, error) {
	// A private thread made with invitable:false takes members (by add or
	// by mention) only from thread moderators: without Manage Threads the
	// bot could not add the asker to it. Then it is made invitable, so the
	// asker and the clinician are let in; they could add others, which is
	// theirs to decide.
	invitable := !d.hasChannelPermission(channelID, discordgo.PermissionManageThreads)
	th, err := d.s.ThreadStartComplex(channelID, &discordgo.ThreadStart{
		Name: name, Type: discordgo.ChannelTypeGuildPrivateThread, AutoArchiveDuration: 1440, Invitable: invitable,
	}, discordgo.WithContext(ctx))
	if err != nil {
		return "", refusal(err, "open a private thread in <#"+channelID+">", "Create Private Threads")
	}
	// A member who cannot be added (they left) is skipped; the mention in
	// the thread's first message adds anyone the add missed.
	for _, id := range memberIDs {
		if id != "" {
			_ = d.s.ThreadMemberAdd(th.ID, id, discordgo.WithContext(ctx))
		}
	}
	return th.ID, nil
}

// hasChannelPermission reports whether the bot holds perm in a channel,
// from the gateway's cache; false when the cache cannot tell.
func (d *Discord) hasChannelPermission(channelID string, perm int64) bool {
	if d.s.State == nil || d.s.State.User == nil {
		return false
	}
	d.s.State.RLock()
	botID := d.s.State.User.ID
	d.s.State.RUnlock()
	p, err := d.s.State.UserChannelPermissions(botID, channelID)
	return err == nil && p&perm == perm
}
