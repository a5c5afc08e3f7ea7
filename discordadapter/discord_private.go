package discordadapter

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// DirectMessage sends a notice to a user in a direct message. A user who
// does not take direct messages from the server's members (Discord's code
// 50007) gets bot.ErrPrivateClosed, so the domain can tell them another
// way.
func (d *Discord) DirectMessage(ctx context.Context, userID string, n bot.Notice) (string, error) {
	ch, err := d.s.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err != nil {
		if isCode(err, discordgo.ErrCodeCannotSendMessagesToThisUser) {
			return "", fmt.Errorf("open a direct message: %w", bot.ErrPrivateClosed)
		}
		return "", refusal(err, "open a direct message", "Send Messages")
	}
	msg, err := renderNotice(n)
	if err != nil {
		return "", err
	}
	m, err := d.postJSON(ctx, ch.ID, msg, discordgo.EndpointChannelMessages(ch.ID))
	if err != nil {
		if isCode(err, discordgo.ErrCodeCannotSendMessagesToThisUser) {
			return "", fmt.Errorf("send a direct message: %w", bot.ErrPrivateClosed)
		}
		return "", refusal(err, "send a direct message", "Send Messages")
	}
	return m.ID, nil
}

// ArchiveThread archives a thread, locked when lock is set.
func (d *Discord) ArchiveThread(ctx context.Context, threadID string, lock bool) error {
	archived := true
	edit := &discordgo.ChannelEdit{Archived: &archived}
	if lock {
		edit.Locked = &lock
	}
	if _, err := d.s.ChannelEditComplex(threadID, edit, discordgo.WithContext(ctx)); err != nil {
		return refusal(err, "archive the thread <#"+threadID+">", "Manage Threads")
	}
	return nil
}

// ThreadActivity reads a thread from Discord: when its newest message was
// written (the thread's own creation when it has none), and whether it is
// archived or locked.
func (d *Discord) ThreadActivity(ctx context.Context, threadID string) (bot.ThreadState, error) {
	ch, err := d.s.Channel(threadID, discordgo.WithContext(ctx))
	if err != nil {
		return bot.ThreadState{}, refusal(err, "read the thread <#"+threadID+">", "View Channels")
	}
	last := ch.LastMessageID
	if last == "" {
		last = ch.ID
	}
	at, err := discordgo.SnowflakeTimestamp(last)
	if err != nil {
		return bot.ThreadState{}, fmt.Errorf("read the thread: bad snowflake")
	}
	st := bot.ThreadState{LastActivity: at.UTC()}
	if ch.ThreadMetadata != nil {
		st.Archived, st.Locked = ch.ThreadMetadata.Archived, ch.ThreadMetadata.Locked
	}
	return st, nil
}
