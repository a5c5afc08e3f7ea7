package fakediscord

import (
	"bytes"
	"encoding/json"
)

// Redeliver sends the most recent n dispatches named name (such as
// "MESSAGE_CREATE") again, with new sequence numbers, to every live session
// that received them. Discord's gateway delivers at least once: after a
// resume a client can see an event it already handled, and a bot must not
// act on it twice. It returns how many events were sent again.
func (s *Server) Redeliver(name string, n int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	sent := 0
	for _, sess := range s.sessions {
		if sess.invalid {
			continue
		}
		var frames [][]byte
		for i := len(sess.log) - 1; i >= 0 && len(frames) < n; i-- {
			var f struct {
				T string          `json:"t"`
				D json.RawMessage `json:"d"`
			}
			if json.Unmarshal(sess.log[i].frame, &f) == nil && f.T == name {
				frames = append(frames, bytes.Clone(f.D))
			}
		}
		for i := len(frames) - 1; i >= 0; i-- {
			s.sendDispatch(sess, name, frames[i], true)
			sent++
		}
	}
	s.notify()
	return sent
}
