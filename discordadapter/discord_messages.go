package discordadapter

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// Post renders a notice and sends it.
func (d *Discord) Post(ctx context.Context, n bot.Notice) (string, error) {
	msg, err := renderNotice(n)
	if err != nil {
		return "", err
	}
	m, err := d.send(ctx, n, msg)
	if err != nil {
		return "", refusal(err, "post in <#"+n.Channel()+">", "View Channels and Send Messages")
	}
	if msg.AllowedMentions != nil {
		d.warnUnnotified(m, msg.AllowedMentions.Roles)
	}
	return m.ID, nil
}

// warnUnnotified logs each role a message meant to ping (an alert's
// moderator or escalation role) that Discord will not have notified: one
// not mentionable, when the bot lacks Mention Everyone in the channel. An
// alert's push notification is its point, so the operator learns of it
// from the log as well as from /setup; IDs only.
func (d *Discord) warnUnnotified(m *discordgo.Message, roles []string) {
	if len(roles) == 0 || m == nil || d.s.State == nil {
		return
	}
	ch, err := d.s.State.Channel(m.ChannelID)
	if err != nil {
		return
	}
	d.s.State.RLock()
	guildID := ch.GuildID
	d.s.State.RUnlock()
	for _, id := range roles {
		role, err := d.s.State.Role(guildID, id)
		if err != nil {
			continue // not in the cache: cannot tell
		}
		d.s.State.RLock()
		mentionable := role.Mentionable
		d.s.State.RUnlock()
		if mentionable || d.hasChannelPermission(m.ChannelID, discordgo.PermissionMentionEveryone) {
			continue
		}
		d.log.Warn().Str("guild_id", guildID).Str("channel_id", m.ChannelID).Str("message_id", m.ID).Str("role_id", id).
			Msg("role mention notified nobody: the role is not mentionable and the bot lacks Mention Everyone there (run /setup to check)")
	}
}

// Discord's codes for threads that take no change.
const (
	errCodeArchivedThread = 50083  // an edit in an archived thread
	errCodeThreadLocked   = 160005 // a locked thread, for anyone without Manage Threads
)

// Edit replaces a message the bot posted. Discord edits nothing in an
// archived thread (a receipt's thread archives a day after its last
// message): the thread is unarchived, the message edited, and the thread
// archived again as it was. A locked thread cannot be unarchived by the
// bot; that edit fails for good instead of being retried.
func (d *Discord) Edit(ctx context.Context, channelID, messageID string, n bot.Notice) error {
	msg, err := renderNotice(n)
	if err != nil {
		return err
	}
	content := msg.Content
	edit := &discordgo.MessageEdit{
		ID: messageID, Channel: channelID, Content: &content, Embeds: &msg.Embeds,
		Components: &msg.Components, AllowedMentions: msg.AllowedMentions,
	}
	_, err = d.s.ChannelMessageEditComplex(edit, discordgo.WithContext(ctx))
	if isCode(err, errCodeArchivedThread) {
		err = d.editArchived(ctx, channelID, edit)
		var be *bot.Error
		if errors.As(err, &be) {
			return err
		}
	}
	if err != nil {
		return refusal(err, "edit a message in <#"+channelID+">", "View Channels and Send Messages")
	}
	return nil
}

// editArchived unarchives a thread for an edit and archives it again.
func (d *Discord) editArchived(ctx context.Context, threadID string, edit *discordgo.MessageEdit) error {
	if _, err := d.s.ChannelEditComplex(threadID, &discordgo.ChannelEdit{Archived: ptr(false)}, discordgo.WithContext(ctx)); err != nil {
		if isCode(err, errCodeThreadLocked) || isCode(err, discordgo.ErrCodeMissingPermissions) {
			return bot.Errorf(bot.EINVALID, "The thread <#%s> is locked, so its message cannot be updated.", threadID)
		}
		return err
	}
	_, err := d.s.ChannelMessageEditComplex(edit, discordgo.WithContext(ctx))
	// Leave the thread as it was found; a failure here only leaves it open
	// until Discord archives it again.
	_, _ = d.s.ChannelEditComplex(threadID, &discordgo.ChannelEdit{Archived: ptr(true)}, discordgo.WithContext(ctx))
	return err
}

// StartThread opens a public thread on a message. Discord archives it
// after three days without activity, the same 72 quiet hours after which
// peerhours closes a peer thread with a note (bot/peerthreads.go).
func (d *Discord) StartThread(ctx context.Context, channelID, messageID, name string) (string, error) {
	th, err := d.s.MessageThreadStartComplex(channelID, messageID, &discordgo.ThreadStart{
		Name: name, AutoArchiveDuration: 4320,
	}, discordgo.WithContext(ctx))
	if err != nil {
		return "", refusal(err, "open a thread in <#"+channelID+">", "Create Public Threads")
	}
	return th.ID, nil
}

// RepliesFromOthers counts recent messages in a thread not written by
// userID or by a bot.
func (d *Discord) RepliesFromOthers(ctx context.Context, threadID, userID string, limit int) (int, error) {
	msgs, err := d.s.ChannelMessages(threadID, 100, "", "", "", discordgo.WithContext(ctx))
	if err != nil {
		return 0, refusal(err, "read the thread", "Read Message History")
	}
	n := 0
	for _, m := range msgs {
		if m.Author == nil || m.Author.Bot || m.Author.ID == userID {
			continue
		}
		if n++; n >= limit {
			break
		}
	}
	return n, nil
}

// FetchMessage reads a message from Discord.
func (d *Discord) FetchMessage(ctx context.Context, channelID, messageID string) (bot.Message, error) {
	m, err := d.s.ChannelMessage(channelID, messageID, discordgo.WithContext(ctx))
	if err != nil {
		return bot.Message{}, refusal(err, "read the message", "Read Message History")
	}
	return messageOf(m, ""), nil
}

// Members lists the server's members' names as peerhours keeps them
// (members.go): the whole list with the Server Members intent, the members
// seen so far without it. The slice is shared: the caller must not change
// it.
func (d *Discord) Members(_ context.Context, guildID string) ([]bot.Member, error) {
	ms, _, ok := d.members.members(guildID)
	if !ok {
		return nil, fmt.Errorf("guild %s not in the cache", guildID)
	}
	return ms, nil
}

// MembersByID returns these members' names from the cache, asking Discord
// for those it lacks unless it holds the server's whole list (then they
// are not members). It asks through the gateway (Request Guild Members,
// 100 a request, answered in member chunks; no privileged intent needed
// for named users), never with a REST lookup per member: after a restart
// a summary of 5,000 messages by hundreds of members used to spend
// seconds of the REST budget on them. Members who left are skipped. Only
// summaries call it, a bounded number of times each; nothing asks per
// message.
func (d *Discord) MembersByID(ctx context.Context, guildID string, userIDs []string) ([]bot.Member, error) {
	out, missing, complete := d.members.lookup(guildID, userIDs)
	if complete || len(missing) == 0 {
		return out, nil
	}
	more, err := d.requestMembers(ctx, guildID, missing)
	return append(out, more...), err
}

// History reads up to 100 messages of a channel older than beforeID.
func (d *Discord) History(ctx context.Context, channelID, beforeID string) (bot.HistoryPage, error) {
	const pageSize = 100
	msgs, err := d.s.ChannelMessages(channelID, pageSize, beforeID, "", "", discordgo.WithContext(ctx))
	if err != nil {
		return bot.HistoryPage{}, refusal(err, "read the history of <#"+channelID+">", "Read Message History")
	}
	page := bot.HistoryPage{Done: len(msgs) < pageSize}
	// The authors' names are kept for redaction, as those of live
	// messages are.
	guildID := ""
	if ch, err := d.s.State.Channel(channelID); err == nil {
		guildID = ch.GuildID
	}
	for _, m := range msgs {
		page.Oldest = m.ID // newest first: the last one is the oldest
		if m.Author == nil || m.Author.Bot || m.WebhookID != "" || !humanMessage(m.Type) {
			continue
		}
		if guildID != "" && m.GuildID == "" {
			m.GuildID = guildID
			d.learnFromMessage(m)
			m.GuildID = ""
		}
		page.Messages = append(page.Messages, messageOf(m, ""))
	}
	return page, nil
}

// humanMessage reports message types people write (not joins, pins, …).
func humanMessage(t discordgo.MessageType) bool {
	return t == discordgo.MessageTypeDefault || t == discordgo.MessageTypeReply
}

// messageOf turns a discordgo message into the domain's.
func messageOf(m *discordgo.Message, parentID string) bot.Message {
	out := bot.Message{ID: m.ID, GuildID: m.GuildID, ChannelID: m.ChannelID, ParentID: parentID,
		Content: m.Content, CreatedAt: m.Timestamp}
	if m.Author != nil {
		out.AuthorID = m.Author.ID
	}
	if m.MessageReference != nil && m.Type == discordgo.MessageTypeReply {
		out.ReplyTo = m.MessageReference.MessageID
	}
	return out
}
