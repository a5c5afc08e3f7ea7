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
	b.pipe.intake(m.Message, false)
}

// onMessageUpdate re-triages edits, which matter when they make a message
// an emergency. Updates without content (embeds unfurling) are skipped.
func (b *Bot) onMessageUpdate(_ *discordgo.Session, m *discordgo.MessageUpdate) {
	if m.Message == nil || m.Content == "" {
		return
	}
	b.pipe.intake(m.Message, true)
}

// onMessageDelete erases the stored text of a message deleted on Discord.
func (b *Bot) onMessageDelete(_ *discordgo.Session, m *discordgo.MessageDelete) {
	if m.Message == nil || m.GuildID == "" {
		return
	}
	b.pipe.send(b.pipe.queue, work{kind: workDelete, m: bot.Message{GuildID: m.GuildID, ChannelID: m.ChannelID}, ids: []string{m.ID}, arrived: time.Now()})
}

// onMessageDeleteBulk erases the stored text of messages a moderator purged.
func (b *Bot) onMessageDeleteBulk(_ *discordgo.Session, m *discordgo.MessageDeleteBulk) {
	if m.GuildID == "" || len(m.Messages) == 0 {
		return
	}
	b.pipe.send(b.pipe.queue, work{kind: workDelete, m: bot.Message{GuildID: m.GuildID, ChannelID: m.ChannelID}, ids: m.Messages, arrived: time.Now()})
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
