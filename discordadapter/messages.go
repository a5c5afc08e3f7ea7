package discordadapter

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// messageBudget bounds the work on one message; an emergency's reply goes
// out long before it.
const messageBudget = 30 * time.Second

// onMessageCreate triages every human message the bot can read, through
// the pipeline (pipeline.go). It logs IDs only: the text is patients' words
// and never goes into a log.
func (b *Bot) onMessageCreate(_ *discordgo.Session, m *discordgo.MessageCreate) {
	b.read(m.Message, false)
}

// onMessageUpdate re-triages edits, which matter when they make a message
// an emergency. Updates without content (embeds unfurling) are skipped.
func (b *Bot) onMessageUpdate(_ *discordgo.Session, m *discordgo.MessageUpdate) {
	if m.Message == nil || m.Content == "" {
		return
	}
	b.read(m.Message, true)
}

// onMessageDelete erases the stored text of a message deleted on Discord.
func (b *Bot) onMessageDelete(_ *discordgo.Session, m *discordgo.MessageDelete) {
	if m.Message == nil || m.GuildID == "" {
		return
	}
	b.pipe.enqueue(work{kind: workDelete, m: bot.Message{GuildID: m.GuildID, ChannelID: m.ChannelID}, ids: []string{m.ID}, arrived: time.Now()})
}

// onMessageDeleteBulk erases the stored text of messages a moderator purged.
func (b *Bot) onMessageDeleteBulk(_ *discordgo.Session, m *discordgo.MessageDeleteBulk) {
	if m.GuildID == "" || len(m.Messages) == 0 {
		return
	}
	b.pipe.enqueue(work{kind: workDelete, m: bot.Message{GuildID: m.GuildID, ChannelID: m.ChannelID}, ids: m.Messages, arrived: time.Now()})
}

// read is where a message is read: on the session's reader goroutine, in
// order. It must not wait on anything but a full intake FIFO: the rest is
// the pipeline's (pipeline.go).
func (b *Bot) read(m *discordgo.Message, edit bool) {
	if m.Author == nil || m.Author.Bot || m.GuildID == "" || m.WebhookID != "" {
		return
	}
	// System messages (an AutoMod alert carries the flagged member as its
	// author and their words) are not members speaking.
	if !humanMessage(m.Type) {
		return
	}
	w := work{kind: workCreate, arrived: time.Now()}
	if edit {
		w.kind = workEdit
	}
	parent, known := b.cachedParent(m.ChannelID)
	w.m = messageOf(m, parent)
	// Which condition a message in an unknown thread belongs to is a REST
	// call away: the worker makes it.
	w.resolve = !known
	b.pipe.enqueue(w)
}

// classify is the pipeline's intake stage, one event at a time in the
// order they were read: a message's or an edit's rules decision, over the
// author's messages before it.
func (b *Bot) classify(ctx context.Context, w work) (work, bool) {
	if (w.kind != workCreate && w.kind != workEdit) || w.resolve {
		return w, true
	}
	msg, ok := b.svc.Intake(ctx, w.m, w.kind == workEdit)
	if !ok {
		// Outside condition channels (or empty): nothing to do. The line
		// is built only when debug is on.
		if e := b.log.Debug(); e.Enabled() {
			e.Str("guild_id", w.m.GuildID).Str("channel_id", w.m.ChannelID).Str("message_id", w.m.ID).
				Bool("edit", w.kind == workEdit).Msg("message not triaged")
		}
		return w, false
	}
	w.m = msg
	return w, true
}

// handle is the pipeline's workers' stage: it stores a decision and what
// it causes, erases deleted messages, and forgets departed members.
func (b *Bot) handle(ctx context.Context, w work) {
	switch w.kind {
	case workDelete:
		b.deleted(ctx, w.m.GuildID, w.m.ChannelID, w.ids...)
		return
	case workMemberLeft:
		b.memberLeft(ctx, w.guildID, w.userID)
		return
	}
	m := w.m
	if w.resolve {
		m.ParentID = b.threadParent(ctx, m.ChannelID)
		var ok bool
		if m, ok = b.svc.Intake(ctx, m, w.kind == workEdit); !ok {
			return
		}
	}
	var err error
	if w.kind == workEdit {
		err = b.svc.HandleEdit(ctx, m)
	} else {
		err = b.svc.HandleMessage(ctx, m)
	}
	// The logger's fields are built only for a line that is written.
	if err != nil {
		b.log.Error().Str("guild_id", m.GuildID).Str("channel_id", m.ChannelID).Str("message_id", m.ID).
			Str("user_id", m.AuthorID).Bool("edit", w.kind == workEdit).
			Str("code", bot.ErrorCode(err)).Str("error", errorClass(err)).Msg("handling a message failed")
		return
	}
	if e := b.log.Debug(); e.Enabled() {
		e.Str("guild_id", m.GuildID).Str("channel_id", m.ChannelID).Str("message_id", m.ID).
			Str("user_id", m.AuthorID).Bool("edit", w.kind == workEdit).Dur("took", time.Since(w.arrived)).Msg("message handled")
	}
}

func (b *Bot) deleted(ctx context.Context, guildID, channelID string, ids ...string) {
	if err := b.svc.HandleDelete(ctx, ids...); err != nil {
		b.log.Error().Str("guild_id", guildID).Str("channel_id", channelID).Int("messages", len(ids)).
			Str("code", bot.ErrorCode(err)).Str("error", errorClass(err)).Msg("erasing deleted messages failed")
		return
	}
	b.log.Debug().Str("guild_id", guildID).Str("channel_id", channelID).Int("messages", len(ids)).Msg("deleted messages erased")
}

// cachedParent returns the channel a thread belongs to ("" when channelID
// is not a thread) as the gateway's cache knows it, and false when the
// cache does not know the channel.
func (b *Bot) cachedParent(channelID string) (string, bool) {
	ch, err := b.s.State.Channel(channelID)
	if err != nil {
		return "", false
	}
	if ch.IsThread() {
		return ch.ParentID, true
	}
	return "", true
}

// threadParent returns the channel a thread belongs to, or "" when
// channelID is not a thread. The gateway's cache knows threads it has seen
// created; others are asked for.
func (b *Bot) threadParent(ctx context.Context, channelID string) string {
	if parent, ok := b.cachedParent(channelID); ok {
		return parent
	}
	ch, err := b.s.Channel(channelID, discordgo.WithContext(ctx))
	if err != nil {
		return ""
	}
	if ch.IsThread() {
		return ch.ParentID
	}
	return ""
}
