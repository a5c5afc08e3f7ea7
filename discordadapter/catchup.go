package discordadapter

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// catchUpBudget bounds reading the history of every condition channel of a
// server after a gap.
const catchUpBudget = 2 * time.Minute

// onReady catches up on what was posted while the bot was away. READY means
// a new session: after a restart, or after Discord refused to resume (op 9),
// and in both cases the gateway replays nothing. A resumed session gets
// RESUMED instead, with the missed events replayed by Discord.
func (b *Bot) onReady(s *discordgo.Session, _ *discordgo.Ready) {
	// The READY payload's guilds are the state's own, which GUILD_CREATE
	// fills in concurrently; read their IDs under the state's lock.
	s.State.RLock()
	ids := make([]string, 0, len(s.State.Guilds))
	for _, g := range s.State.Guilds {
		ids = append(ids, g.ID)
	}
	s.State.RUnlock()
	for _, id := range ids {
		guildID := id
		b.goBackground(func(life context.Context) {
			defer func() {
				if p := recover(); p != nil {
					b.log.Error().Str("guild_id", guildID).Str("panic", panicType(p)).Msg("catch-up panicked")
				}
			}()
			ctx, cancel := context.WithTimeout(life, catchUpBudget)
			defer cancel()
			start := time.Now()
			n, err := b.svc.CatchUp(ctx, guildID)
			if err != nil {
				b.log.Error().Str("guild_id", guildID).Str("code", bot.ErrorCode(err)).Str("error", errorClass(err)).Msg("catch-up failed")
				return
			}
			b.log.Debug().Str("guild_id", guildID).Int("messages", n).Dur("took", time.Since(start)).Msg("catch-up done")
		})
	}
}
