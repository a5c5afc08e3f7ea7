package bot

import (
	"context"

	"github.com/peerhours/peerhours/bot/redact"
)

// Member is a server member's names, which redaction removes from text.
type Member = redact.Member

// redactForLLM removes identifiers from text before it goes to an LLM,
// using the server's member list so plain-text names go too. Without the
// list (Discord unreachable) the pattern-based redaction still runs.
func (s *Service) redactForLLM(ctx context.Context, guildID, text string) string {
	members, err := s.discord.Members(ctx, guildID)
	if err != nil {
		s.log.Warn("member list for redaction unavailable", "guild_id", guildID, "code", ErrorCode(err))
	}
	return redact.New(members).Redact(text)
}
