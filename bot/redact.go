package bot

import (
	"context"

	"github.com/peerhours/peerhours/bot/redact"
)

// Member is a server member's names, which redaction removes from text.
type Member = redact.Member

// redactForLLM removes identifiers from text before it goes to an LLM,
// using the server's member list as the Discord adapter holds it (it adds
// the author and the users a message mentions as messages arrive), so
// plain-text names go too. It asks Discord nothing: this runs for every
// message triage sends to the LLM. Without the list the pattern-based
// redaction still runs.
func (s *Service) redactForLLM(ctx context.Context, guildID, _, text string) string {
	return s.redactorFor(ctx, guildID).Redact(text)
}
