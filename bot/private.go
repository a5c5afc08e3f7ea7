package bot

import (
	"context"
	"errors"
	"time"
)

// Some things are for one person only: a clinician's reminders and the end
// of their verification, a mentor's decision, "Was this helpful?" after an
// answer. They go as direct messages. A member who does not take direct
// messages from the server's members (a Discord privacy setting) is told
// in the review channel instead, mentioned, which only staff can read; the
// text never holds anything the staff may not see.

// PrivateDiscord is what the domain asks of Discord to reach one person
// privately, and to look after peer threads.
type PrivateDiscord interface {
	// DirectMessage sends n to the user in a direct message. It returns
	// ErrPrivateClosed (wrapped or not) when the user does not accept
	// direct messages from the bot.
	DirectMessage(ctx context.Context, userID string, n Notice) (messageID string, err error)
	// ArchiveThread archives a thread, and locks it when lock is set (only
	// moderators can reopen a locked thread).
	ArchiveThread(ctx context.Context, threadID string, lock bool) error
	// ThreadActivity returns when the last message in a thread was
	// written (its creation when it has none), and whether it is archived.
	ThreadActivity(ctx context.Context, threadID string) (ThreadState, error)
}

// ThreadState is what Discord says about a thread.
type ThreadState struct {
	// LastActivity is when its newest message was written, or when it was
	// created if it has none.
	LastActivity time.Time
	Archived     bool
	Locked       bool
}

// ErrPrivateClosed is what DirectMessage returns for a member who does not
// take direct messages from the bot.
var ErrPrivateClosed = &Error{Code: EUNAVAILABLE, Message: "That member does not accept direct messages from this server's members."}

// PrivateFallback carries a private notice into the review channel, for a
// member who does not take direct messages: the notice, mentioning them.
type PrivateFallback struct {
	ChannelID string
	UserID    string
	Notice    Notice
	Lang      Lang // the server's
}

func (n PrivateFallback) Channel() string { return n.ChannelID }

// tellPrivately sends n to the user privately, or, when they take no
// direct messages, to the review channel mentioning them.
func (s *Service) tellPrivately(ctx context.Context, guildID, userID string, n Notice) error {
	_, err := s.discord.DirectMessage(ctx, userID, n)
	if err == nil || !errors.Is(err, ErrPrivateClosed) {
		return err
	}
	settings, serr := s.store.GuildSettings(ctx, guildID)
	if serr != nil {
		return serr
	}
	if settings.ReviewChannelID == "" {
		s.log.Warn("private notice undeliverable: no direct messages and no review channel", "guild_id", guildID, "user_id", userID)
		return nil
	}
	_, err = s.discord.Post(ctx, PrivateFallback{ChannelID: settings.ReviewChannelID, UserID: userID, Notice: n, Lang: settings.Lang()})
	return err
}
