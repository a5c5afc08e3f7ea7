package handlers

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// Discord's code for a change to an event that has ended or was cancelled.
const errCodeEventFinished = 180000

// CreateEvent creates an external scheduled event located at the address
// in e.Location: external, because a text channel cannot host a Discord
// event, and the link takes people to the office-hours channel.
func (d *Discord) CreateEvent(ctx context.Context, guildID string, e bot.EventSpec) (string, error) {
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
	if err != nil {
		return "", eventRefusal(err, "create the Discord event for office hours")
	}
	return ev.ID, nil
}

// SetEventStatus moves an event on. One that has already ended or was
// cancelled (by Discord or by hand) is left alone.
func (d *Discord) SetEventStatus(ctx context.Context, guildID, eventID string, st bot.EventStatus) error {
	var status discordgo.GuildScheduledEventStatus
	switch st {
	case bot.EventActive:
		status = discordgo.GuildScheduledEventStatusActive
	case bot.EventCompleted:
		status = discordgo.GuildScheduledEventStatusCompleted
	case bot.EventCancelled:
		status = discordgo.GuildScheduledEventStatusCanceled
	default:
		return nil
	}
	_, err := d.s.GuildScheduledEventEdit(guildID, eventID, &discordgo.GuildScheduledEventParams{Status: status}, discordgo.WithContext(ctx))
	if err == nil || isCode(err, errCodeEventFinished) {
		return nil
	}
	return eventRefusal(err, "update the Discord event for office hours")
}

func eventRefusal(err error, doing string) error {
	if isCode(err, discordgo.ErrCodeInvalidFormBody) {
		// The event cannot take this change (a start already past, a
		// status it cannot move to): retrying will not help.
		return bot.Errorf(bot.EINVALID, "Discord did not let me %s.", doing)
	}
	if forbidden(err) {
		// Events are made by jobs that keep trying: "nothing was changed,
		// try again" (refusal's advice for a command) does not fit.
		return bot.Errorf(bot.EUNAVAILABLE, "Discord did not let me %s: I need the Manage Events permission (a server admin can grant it under Server Settings → Roles → my role).", doing)
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
