package bot

import (
	"context"
	"sync"

	"github.com/peerhours/peerhours/bot/redact"
)

// redactors keeps one Redactor per server, built from the member list the
// Discord adapter holds. Building one costs about 11 µs a member (a tenth
// of a second for 10,000 members), too much for every message triage
// sends to the LLM, so it is rebuilt only when the list changes: the
// adapter hands out the same slice until then.
type redactors struct {
	mu     sync.Mutex
	guilds map[string]*guildRedactor
}

type guildRedactor struct {
	mu    sync.Mutex // held while building, so one change builds once
	first *Member    // the list it was built from: its first element and length
	n     int
	r     *redact.Redactor
}

func (rs *redactors) guild(guildID string) *guildRedactor {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.guilds == nil {
		rs.guilds = map[string]*guildRedactor{}
	}
	g := rs.guilds[guildID]
	if g == nil {
		g = &guildRedactor{}
		rs.guilds[guildID] = g
	}
	return g
}

// redactorFor returns a Redactor that knows the server's members as the
// adapter holds them now. It asks Discord nothing: a member list the
// adapter does not have yet leaves the pattern-based redaction.
func (s *Service) redactorFor(ctx context.Context, guildID string) *redact.Redactor {
	members, err := s.discord.Members(ctx, guildID)
	if err != nil {
		s.log.Warn("member list for redaction unavailable", "guild_id", guildID, "code", ErrorCode(err))
	}
	g := s.redactors.guild(guildID)
	g.mu.Lock()
	defer g.mu.Unlock()
	var first *Member
	if len(members) > 0 {
		first = &members[0]
	}
	if g.r == nil || g.first != first || g.n != len(members) {
		g.r, g.first, g.n = redact.New(members), first, len(members)
	}
	return g.r
}
