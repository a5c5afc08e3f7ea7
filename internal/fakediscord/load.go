package fakediscord

import (
	"slices"

	"github.com/bwmarrin/discordgo"
)

// Helpers for load and fault tests: posting many messages under one lock,
// opening a gap in the gateway that only channel history can fill, and
// reading the call log incrementally.

// PostMessages posts the messages in order, each as PostMessage would,
// taking the server's lock once for the whole batch. A load generator uses
// it to inject thousands of MESSAGE_CREATE events a second without paying
// for a lock round trip (and a wake-up of every waiter) per message. It
// stops at the first refusal and returns what was posted before it.
func (s *Server) PostMessages(msgs []UserMessage) ([]*discordgo.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*discordgo.Message, 0, len(msgs))
	for _, um := range msgs {
		m, err := s.postLocked(um)
		if err != nil {
			return out, err
		}
		out = append(out, m)
	}
	return out, nil
}

// InvalidateSessionWhile ends every gateway session with op 9 (not
// resumable) and posts the messages in the same critical section, before
// any client can identify again. The gateway never delivers them: a bot
// learns of them only by reading channel history, as it must after
// Discord drops its session.
func (s *Server) InvalidateSessionWhile(msgs []UserMessage) ([]*discordgo.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	frame := []byte(`{"op":9,"s":null,"t":null,"d":false}`)
	for c := range s.conns {
		sess := c.session
		if sess == nil || c.closing {
			continue
		}
		sess.conn = nil
		c.session = nil
		s.endSession(sess)
		c.send(frame)
	}
	// Sessions without a connection (a client between connections) end
	// too, so a RESUME cannot bring the messages back either.
	for _, sess := range s.sessions {
		s.endSession(sess)
	}
	out := make([]*discordgo.Message, 0, len(msgs))
	for _, um := range msgs {
		m, err := s.postLocked(um)
		if err != nil {
			s.notify()
			return out, err
		}
		out = append(out, m)
	}
	s.notify()
	return out, nil
}

// postLocked is PostMessage with s.mu held.
func (s *Server) postLocked(um UserMessage) (*discordgo.Message, error) {
	cs := s.channelOf(um.ChannelID)
	if cs == nil {
		return nil, errUnknownChannel()
	}
	author := s.userOf(um.AuthorID)
	if author == nil {
		return nil, errUnknownUser()
	}
	content := um.Content
	p := &messagePayload{content: &content, embeds: um.Embeds, hasEmbeds: um.Embeds != nil}
	if um.ReplyTo != "" {
		p.reference = &discordgo.MessageReference{MessageID: um.ReplyTo, ChannelID: cs.ch.ID}
	}
	if e := p.validate(""); e != nil {
		return nil, e
	}
	perms, e := s.sendCheck(cs, author.ID, p, len(um.Files))
	if e != nil {
		return nil, e
	}
	m, e := s.buildMessage(cs, author, perms, p, toUploads(um.Files))
	if e != nil {
		return nil, e
	}
	s.insertMessage(cs, m)
	s.afterPost(cs, author.ID)
	s.emitMessage("MESSAGE_CREATE", m)
	s.runAutoMod(cs, m)
	return cloneMessage(m), nil
}

// CallsSince returns the calls recorded after the first n (Calls()[n:]),
// so a watcher can follow the log without copying all of it each time.
// After ResetCalls the count starts again from zero.
func (s *Server) CallsSince(n int) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n < 0 {
		n = 0
	}
	if n >= len(s.calls) {
		return nil
	}
	return slices.Clone(s.calls[n:])
}

// ClearFaults forgets every fault injected with InjectRateLimit,
// InjectGlobalRateLimit and InjectError that has not been used up: the
// outage is over.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.notify()
}
