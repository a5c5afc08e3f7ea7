package bot

import (
	"context"

	"github.com/peerhours/peerhours/bot/redact"
)

// Member is a server member's names, which redaction removes from text.
type Member = redact.Member

// redactForLLM removes identifiers from text before it goes to an LLM,
// using the server's member list (and the author's and mentioned users'
// names) so plain-text names go too. Without the
// list (Discord unreachable) the pattern-based redaction still runs.
func (s *Service) redactForLLM(ctx context.Context, guildID, authorID, text string) string {
	members := s.membersFor(ctx, guildID, append(mentionedUsers(text), authorID))
	return redact.New(members).Redact(text)
}
