package handlers

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/triage"
)

// messageBudget bounds the work on one message; an emergency's reply goes
// out long before it.
const messageBudget = 30 * time.Second

// maxHandling bounds the messages handled at once (see onMessage).
const maxHandling = 8

// onMessageCreate triages every human message the bot can read. It logs
// IDs only: the text is patients' words and never goes into a log.
func (b *Bot) onMessageCreate(_ *discordgo.Session, m *discordgo.MessageCreate) {
	b.onMessage(m.Message, false)
}

// onMessageUpdate re-triages edits, which matter when they make a message
// an emergency. Updates without content (embeds unfurling) are skipped.
func (b *Bot) onMessageUpdate(_ *discordgo.Session, m *discordgo.MessageUpdate) {
	if m.Message == nil || m.Content == "" {
		return
	}
	b.onMessage(m.Message, true)
}

// onMessageDelete erases the stored text of a message deleted on Discord.
func (b *Bot) onMessageDelete(_ *discordgo.Session, m *discordgo.MessageDelete) {
	if m.Message == nil || m.GuildID == "" {
		return
	}
	b.deleted(m.GuildID, m.ChannelID, m.ID)
}

// onMessageDeleteBulk erases the stored text of messages a moderator purged.
func (b *Bot) onMessageDeleteBulk(_ *discordgo.Session, m *discordgo.MessageDeleteBulk) {
	if m.GuildID == "" || len(m.Messages) == 0 {
		return
	}
	b.deleted(m.GuildID, m.ChannelID, m.Messages...)
}

func (b *Bot) deleted(guildID, channelID string, ids ...string) {
	log := b.log.With().Str("guild_id", guildID).Str("channel_id", channelID).Int("messages", len(ids)).Logger()
	defer func() {
		if p := recover(); p != nil {
			log.Error().Str("panic", panicType(p)).Msg("message delete handler panicked")
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), messageBudget)
	defer cancel()
	if err := b.svc.HandleDelete(ctx, ids...); err != nil {
		log.Error().Str("code", bot.ErrorCode(err)).Str("error", errorClass(err)).Msg("erasing deleted messages failed")
		return
	}
	log.Debug().Msg("deleted messages erased")
}

func (b *Bot) onMessage(m *discordgo.Message, edit bool) {
	if m.Author == nil || m.Author.Bot || m.GuildID == "" || m.WebhookID != "" {
		return
	}
	// System messages (an AutoMod alert carries the flagged member as its
	// author and their words) are not members speaking.
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return
	}
	start := time.Now()
	log := b.log.With().Str("guild_id", m.GuildID).Str("channel_id", m.ChannelID).
		Str("message_id", m.ID).Str("user_id", m.Author.ID).Bool("edit", edit).Logger()
	defer func() {
		if p := recover(); p != nil {
			log.Error().Str("panic", panicType(p)).Msg("message handler panicked")
		}
	}()
	// discordgo runs every event in a goroutine of its own: a burst of
	// thousands of messages would otherwise open as many SQLite connections
	// (each an OS thread in cgo and a page cache) all waiting on one write
	// lock. Only maxHandling messages are handled at once; an emergency
	// takes no slot, so a burst never delays a crisis reply. The wait for a
	// slot has no deadline: a message that gave up waiting would never be
	// triaged (a slow LLM once made the 300th message of a burst wait past
	// its budget), and a waiting goroutine costs a few kilobytes.
	// Triage reads the message after the same person's recent messages in
	// the channel (Service.Classify), so the message's home channel comes
	// first: the gateway's cache knows it for threads it has seen.
	ctx, cancel := context.WithTimeout(context.Background(), messageBudget)
	defer cancel()
	msg := messageOf(m, b.threadParent(ctx, m.ChannelID))
	if msg.GuildID == "" {
		msg.GuildID = m.GuildID
	}
	rules := b.svc.Classify(msg)
	msg.Rules = &rules
	if rules.Category != triage.Emergency {
		b.slots <- struct{}{}
		defer func() { <-b.slots }()
	}
	var err error
	if edit {
		err = b.svc.HandleEdit(ctx, msg)
	} else {
		err = b.svc.HandleMessage(ctx, msg)
	}
	if err != nil {
		log.Error().Str("code", bot.ErrorCode(err)).Str("error", errorClass(err)).Msg("handling a message failed")
		return
	}
	log.Debug().Dur("took", time.Since(start)).Msg("message handled")
}

// threadParent returns the channel a thread belongs to, or "" when
// channelID is not a thread. The gateway's cache knows threads it has seen
// created; others are asked for.
func (b *Bot) threadParent(ctx context.Context, channelID string) string {
	ch, err := b.s.State.Channel(channelID)
	if err != nil {
		ch, err = b.s.Channel(channelID, discordgo.WithContext(ctx))
		if err != nil {
			return ""
		}
	}
	if ch.IsThread() {
		return ch.ParentID
	}
	return ""
}
