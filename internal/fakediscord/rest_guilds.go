package fakediscord

func (s *Server) getGuild(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	out := s.renderGuild(g, false, false)
	if rq.query.Get("with_counts") == "true" {
		out.ApproximateMemberCount = len(g.members)
	}
	return ok(out)
}
