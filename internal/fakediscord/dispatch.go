package fakediscord

import (
	"context"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// gwSession is a gateway session: it outlives connections so that a client
// can RESUME and get what it missed. Guarded by s.mu.
type gwSession struct {
	id      string
	intents discordgo.Intent
	shard   [2]int
	seq     int64
	// log holds the most recent dispatched frames; RESUME replays from it.
	// (Heartbeat sequence numbers are not used to trim it: right after an
	// op 9 discordgo still heartbeats with its previous session's number.)
	log     []loggedEvent
	conn    *gwConn
	invalid bool
	// largeThreshold is IDENTIFY's: above it a server is large.
	largeThreshold int
	// memberRequests holds when each server's whole member list was last
	// asked for with op 8 (one request a server every 30 seconds).
	memberRequests map[string]time.Time
}

type loggedEvent struct {
	seq    int64
	frame  []byte
	replay bool
}

// maxSessionLog bounds the events a session keeps for RESUME; a client
// that missed more must identify again, as when Discord's buffer runs out.
const maxSessionLog = 5000

// endSession forgets a session: RESUME with its ID gets op 9.
func (s *Server) endSession(sess *gwSession) {
	sess.invalid = true
	sess.log = nil
	if sess.conn != nil && sess.conn.session == sess {
		sess.conn.session = nil
	}
	sess.conn = nil
	delete(s.sessions, sess.id)
}

// canReplayFrom reports whether every event after seq is still logged.
func (sess *gwSession) canReplayFrom(seq int64) bool {
	if seq > sess.seq || seq < 0 {
		return false
	}
	if len(sess.log) == 0 {
		return true
	}
	return sess.log[0].seq <= seq+1
}

// owns reports whether the guild belongs to the session's shard, by
// Discord's rule: (guild_id >> 22) % shard_count == shard_id. Events of no
// guild (direct messages) go to shard 0.
func (sess *gwSession) owns(guildID string) bool {
	if sess.shard[1] <= 1 {
		return true
	}
	if guildID == "" {
		return sess.shard[0] == 0
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		return true
	}
	return int((id>>22)%uint64(sess.shard[1])) == sess.shard[0]
}

// sendDispatch gives the event the session's next sequence number, logs it
// for RESUME and queues it on the live connection, if any.
func (s *Server) sendDispatch(sess *gwSession, name string, data []byte, replay bool) {
	sess.seq++
	frame := make([]byte, 0, len(data)+64)
	frame = append(frame, `{"op":0,"s":`...)
	frame = strconv.AppendInt(frame, sess.seq, 10)
	frame = append(frame, `,"t":"`...)
	frame = append(frame, name...)
	frame = append(frame, `","d":`...)
	frame = append(frame, data...)
	frame = append(frame, '}')
	sess.log = append(sess.log, loggedEvent{seq: sess.seq, frame: frame, replay: replay})
	if len(sess.log) > maxSessionLog {
		sess.log = append(sess.log[:0:0], sess.log[len(sess.log)-maxSessionLog/2:]...)
	}
	if sess.conn != nil {
		sess.conn.send(frame)
	}
}

// event is a dispatch to every session entitled to it.
type event struct {
	name    string
	guildID string
	// intent the session must have asked for (0: always delivered).
	intent discordgo.Intent
	data   any
	// redacted, when set, is sent to sessions without MESSAGE_CONTENT.
	redacted any
}

// dispatch sends ev to all live sessions. Call with s.mu held.
func (s *Server) dispatch(ev event) {
	var full, red []byte
	for _, sess := range s.sessions {
		if sess.invalid {
			continue
		}
		if ev.intent != 0 && sess.intents&ev.intent == 0 {
			continue
		}
		if !sess.owns(ev.guildID) {
			continue
		}
		payload := &full
		data := ev.data
		if ev.redacted != nil && sess.intents&discordgo.IntentMessageContent == 0 {
			payload, data = &red, ev.redacted
		}
		if *payload == nil {
			*payload = mustJSON(data)
		}
		s.sendDispatch(sess, ev.name, *payload, true)
	}
	s.notify()
}

// Test controls for the connection.

// DropConnection cuts every gateway connection without a close frame, like a
// network failure. Sessions stay resumable.
func (s *Server) DropConnection() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		if c.session != nil && c.session.conn == c {
			c.session.conn = nil
		}
		c.session = nil
		c.closing = true
		c.kill()
	}
	s.notify()
}

// CloseConnection closes every gateway connection with a close frame of the
// given code (reason defaults to Discord's text for the code). Codes that end
// a session on Discord (4004, 4007, 4009, 4010-4014) end it here.
func (s *Server) CloseConnection(code int, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		s.closeConn(c, code, reason)
	}
}

// SendReconnect sends op 7 (Reconnect) on every identified connection;
// discordgo closes and, through the bot's loop, reconnects and resumes.
func (s *Server) SendReconnect() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		if c.session != nil && !c.closing {
			c.send([]byte(`{"op":7,"s":null,"t":null,"d":null}`))
		}
	}
}

// InvalidateSession sends op 9 (Invalid Session) with d=resumable on every
// identified connection. The connection then expects a new IDENTIFY (which
// discordgo sends at once). Unless resumable, the old session is gone.
func (s *Server) InvalidateSession(resumable bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	frame := []byte(`{"op":9,"s":null,"t":null,"d":` + strconv.FormatBool(resumable) + `}`)
	for c := range s.conns {
		sess := c.session
		if sess == nil || c.closing {
			continue
		}
		sess.conn = nil
		c.session = nil
		if !resumable {
			s.endSession(sess)
		}
		c.send(frame)
	}
	s.notify()
}

// ConnectionInfo describes one open gateway connection.
type ConnectionInfo struct {
	// SessionID is empty until IDENTIFY or RESUME succeeds.
	SessionID  string
	Identified bool
	Intents    discordgo.Intent
	Shard      [2]int
	Heartbeats int
	// Seq is the last sequence number dispatched to the session.
	Seq int64
}

// IdentifyInfo records one IDENTIFY (the token is not kept).
type IdentifyInfo struct {
	SessionID string
	Intents   discordgo.Intent
	Shard     *[2]int
	Accepted  bool
	// CloseCode is the close code a refused IDENTIFY got.
	CloseCode int
	At        time.Time
}

// ResumeInfo records one RESUME.
type ResumeInfo struct {
	SessionID string
	Seq       int64
	OK        bool
	// Replayed counts the events sent again.
	Replayed int
	At       time.Time
}

// Connections lists the open gateway connections.
func (s *Server) Connections() []ConnectionInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ConnectionInfo
	for c := range s.conns {
		if c.closing {
			continue
		}
		info := ConnectionInfo{Heartbeats: c.heartbeats}
		if sess := c.session; sess != nil {
			info.SessionID = sess.id
			info.Identified = true
			info.Intents = sess.intents
			info.Shard = sess.shard
			info.Seq = sess.seq
		}
		out = append(out, info)
	}
	return out
}

// Connected reports whether some gateway connection has an identified or
// resumed session.
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connectedLocked()
}

func (s *Server) connectedLocked() bool {
	for c := range s.conns {
		if c.session != nil && !c.closing {
			return true
		}
	}
	return false
}

// WaitConnected waits until a gateway session is live.
func (s *Server) WaitConnected(ctx context.Context) error {
	return s.waitLocked(ctx, s.connectedLocked)
}

// WaitDisconnected waits until no gateway session is live.
func (s *Server) WaitDisconnected(ctx context.Context) error {
	return s.waitLocked(ctx, func() bool { return !s.connectedLocked() })
}

// Identifies lists every IDENTIFY received, accepted or not.
func (s *Server) Identifies() []IdentifyInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]IdentifyInfo(nil), s.identifies...)
}

// Resumes lists every RESUME received.
func (s *Server) Resumes() []ResumeInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ResumeInfo(nil), s.resumes...)
}

// SetPrivilegedIntents switches the application's privileged intents in
// the developer portal, as its owner would: identifies from then on are
// checked against them (4014 for one switched off). Open sessions keep
// what they were given.
func (s *Server) SetPrivilegedIntents(intents discordgo.Intent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.PrivilegedIntents = intents
	s.notify()
}
