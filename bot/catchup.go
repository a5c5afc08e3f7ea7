package bot

import (
	"context"
	"slices"
	"strconv"
	"time"
)

// What catching up after a gap may read: an outage of a day is covered;
// anything older is left alone rather than flooding a channel with replies
// to a week-old conversation. The count bounds a channel's history read
// (200 pages, five seconds of the REST budget): enough for a shutdown in
// the middle of a burst, whose unread messages all wait in history.
const (
	catchUpWindow   = 24 * time.Hour
	catchUpPerChan  = 20000
	discordEpochMS  = 1420070400000
	snowflakeMSBits = 22
)

// catchUpOverlap: messages are handled concurrently, so when the process
// dies the newest decided message of a channel may have older neighbours
// still in flight, never stored. Catching up reads this far back before it
// too, and skips what was already decided.
const catchUpOverlap = 5 * time.Minute

// CatchUp triages the messages posted in a server's condition channels
// while the bot was not connected: after a restart, or when Discord ended the
// session instead of resuming it and so replayed nothing. Each message goes
// through HandleMessage, which handles a message once, so catching up twice,
// or catching up a message that also arrives live, changes nothing. An
// emergency posted during the gap still gets its crisis reply and alert.
func (s *Service) CatchUp(ctx context.Context, guildID string) (int, error) {
	conds, err := s.store.Conditions(ctx, guildID)
	if err != nil {
		return 0, err
	}
	total := 0
	floor := snowflakeAt(s.now().Add(-catchUpWindow))
	for _, c := range conds {
		if c.Archived {
			continue
		}
		// The bot made these channels, so their history starts with the
		// condition; only the window and what was already seen bound it.
		for _, ch := range []string{c.PeerChannelID, c.OfficeChannelID} {
			after := floor
			if last, err := s.store.LastDecidedMessage(ctx, ch); err != nil {
				return total, err
			} else if id, ok := parseSnowflake(last); ok {
				after = max(after, id-min(id, snowflakeSpan(catchUpOverlap)))
			}
			n, err := s.catchUpChannel(ctx, guildID, ch, after)
			total += n
			if err != nil {
				s.log.Warn("catching up a channel failed", "guild_id", guildID, "channel_id", ch, "code", ErrorCode(err))
			}
		}
	}
	if total > 0 {
		s.log.Info("caught up on messages posted while disconnected", "guild_id", guildID, "messages", total)
	}
	return total, nil
}

// catchUpChannel reads the channel's history back to the message after
// `after` and handles what it finds, oldest first.
func (s *Service) catchUpChannel(ctx context.Context, guildID, channelID string, after uint64) (int, error) {
	var missed []Message
	before := ""
	for len(missed) < catchUpPerChan {
		page, err := s.discord.History(ctx, channelID, before)
		if err != nil {
			return 0, err
		}
		reached := false
		ids := make([]string, 0, len(page.Messages))
		for _, m := range page.Messages {
			ids = append(ids, m.ID)
		}
		decided, err := s.store.DecidedIDs(ctx, ids)
		if err != nil {
			return 0, err
		}
		for _, m := range page.Messages {
			if id, ok := parseSnowflake(m.ID); !ok || id <= after {
				reached = true
				continue
			}
			if decided[m.ID] {
				continue // handled before the gap (see catchUpOverlap)
			}
			m.GuildID = guildID
			missed = append(missed, m)
		}
		if oldest, ok := parseSnowflake(page.Oldest); page.Done || reached || !ok || oldest <= after {
			break
		}
		before = page.Oldest
	}
	slices.Reverse(missed) // pages are newest first
	for _, m := range missed {
		if err := s.HandleMessage(ctx, m); err != nil {
			return 0, err
		}
	}
	return len(missed), nil
}

func parseSnowflake(id string) (uint64, bool) {
	v, err := strconv.ParseUint(id, 10, 64)
	return v, err == nil && id != ""
}

// snowflakeSpan is d in snowflake units: IDs of messages posted d apart
// differ by at least this.
func snowflakeSpan(d time.Duration) uint64 { return uint64(d.Milliseconds()) << snowflakeMSBits }

// snowflakeAt is the smallest Discord ID of a message posted at t.
func snowflakeAt(t time.Time) uint64 {
	ms := t.UnixMilli() - discordEpochMS
	if ms < 0 {
		return 0
	}
	return uint64(ms) << snowflakeMSBits
}
