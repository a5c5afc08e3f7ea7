package fakediscord

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Gateway close codes Discord uses.
const (
	CloseUnknownError         = 4000
	CloseUnknownOpcode        = 4001
	CloseDecodeError          = 4002
	CloseNotAuthenticated     = 4003
	CloseAuthenticationFailed = 4004
	CloseAlreadyAuthenticated = 4005
	CloseInvalidSeq           = 4007
	CloseRateLimited          = 4008
	CloseSessionTimedOut      = 4009
	CloseInvalidShard         = 4010
	CloseShardingRequired     = 4011
	CloseInvalidAPIVersion    = 4012
	CloseInvalidIntents       = 4013
	CloseDisallowedIntents    = 4014
)

var closeReasons = map[int]string{
	CloseUnknownError:         "Unknown error.",
	CloseUnknownOpcode:        "Unknown opcode.",
	CloseDecodeError:          "Error while decoding payload.",
	CloseNotAuthenticated:     "Not authenticated.",
	CloseAuthenticationFailed: "Authentication failed.",
	CloseAlreadyAuthenticated: "Already authenticated.",
	CloseInvalidSeq:           "Invalid seq.",
	CloseRateLimited:          "Rate limited.",
	CloseSessionTimedOut:      "Session timed out.",
	CloseInvalidShard:         "Invalid shard.",
	CloseShardingRequired:     "Sharding required.",
	CloseInvalidAPIVersion:    "Invalid API version.",
	CloseInvalidIntents:       "Invalid intent(s).",
	CloseDisallowedIntents:    "Disallowed intent(s).",
}

// gwConn is one websocket connection. Only its writer goroutine writes data
// frames, fed through an unbounded queue so that dispatching an event never
// blocks the state lock on a slow client.
type gwConn struct {
	s  *Server
	ws *websocket.Conn

	qmu   sync.Mutex
	queue []outFrame
	wake  chan struct{}
	done  chan struct{}

	killOnce sync.Once

	// Guarded by s.mu.
	session    *gwSession
	closing    bool // the server sent a close frame; ignore the client now
	heartbeats int
	version    int
}

type outFrame struct {
	data  []byte
	close bool
	code  int
	text  string
}

func (c *gwConn) enqueue(f outFrame) {
	c.qmu.Lock()
	c.queue = append(c.queue, f)
	c.qmu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *gwConn) send(frame []byte) { c.enqueue(outFrame{data: frame}) }

// kill drops the TCP connection without a close frame.
func (c *gwConn) kill() {
	c.killOnce.Do(func() { _ = c.ws.Close() })
}

func (c *gwConn) writeLoop() {
	for {
		select {
		case <-c.wake:
		case <-c.done:
			return
		}
		c.qmu.Lock()
		batch := c.queue
		c.queue = nil
		c.qmu.Unlock()
		for _, f := range batch {
			if f.close {
				c.writeClose(f.code, f.text)
				return
			}
			_ = c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if err := c.ws.WriteMessage(websocket.TextMessage, f.data); err != nil {
				c.kill()
				return
			}
		}
	}
}

// writeClose sends a close frame and half-closes the TCP connection, so the
// client reads the frame (instead of a reset) while the reader drains what
// the client still sends.
func (c *gwConn) writeClose(code int, text string) {
	deadline := time.Now().Add(5 * time.Second)
	if err := c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), deadline); err != nil {
		c.kill()
		return
	}
	if tcp, ok := c.ws.NetConn().(*net.TCPConn); ok {
		_ = tcp.CloseWrite()
	}
	// The reader gives up after this and the handler kills the connection.
	_ = c.ws.SetReadDeadline(time.Now().Add(3 * time.Second))
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{s: s, ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{}), version: 9}
	ws.SetReadLimit(1 << 20)
	// Answer a client's close frame ourselves (below) rather than with
	// gorilla's default echo, which could race the writer.
	ws.SetCloseHandler(func(int, string) error { return nil })

	s.mu.Lock()
	if s.isClosed() {
		s.mu.Unlock()
		_ = ws.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		c.writeLoop()
	}()

	q := r.URL.Query()
	if v := q.Get("v"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || (n != 9 && n != 10) {
			s.mu.Lock()
			s.closeConn(c, CloseInvalidAPIVersion, "")
			s.mu.Unlock()
		} else {
			c.version = n
		}
	}
	if enc := q.Get("encoding"); enc != "" && enc != "json" {
		// ETF is not spoken here.
		s.mu.Lock()
		s.closeConn(c, CloseDecodeError, "")
		s.mu.Unlock()
	}

	c.send(mustJSON(map[string]any{
		"op": 10, "s": nil, "t": nil,
		"d": map[string]any{
			"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds(),
			"_trace":             []string{"fakediscord"},
		},
	}))
	s.logf("fakediscord: gateway connection opened")

	c.readLoop()

	s.mu.Lock()
	delete(s.conns, c)
	if c.session != nil && c.session.conn == c {
		c.session.conn = nil
	}
	s.notify()
	s.mu.Unlock()
	c.kill()
	close(c.done)
	s.logf("fakediscord: gateway connection closed")
}

type gatewayPayload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
}

func (c *gwConn) readLoop() {
	s := c.s
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				s.mu.Lock()
				s.clientClosed(c, ce.Code)
				s.mu.Unlock()
			}
			return
		}
		var p gatewayPayload
		decodeErr := json.Unmarshal(data, &p)
		s.mu.Lock()
		switch {
		case c.closing:
			// Whatever arrives after our close frame is ignored.
		case decodeErr != nil:
			s.closeConn(c, CloseDecodeError, "")
		default:
			s.handleOp(c, p.Op, p.D)
		}
		s.mu.Unlock()
	}
}

// clientClosed handles a close frame from the client. Closing with 1000 or
// 1001 ends the session on Discord: a later RESUME gets op 9.
func (s *Server) clientClosed(c *gwConn, code int) {
	if c.closing || c.session == nil {
		return
	}
	sess := c.session
	if sess.conn == c {
		sess.conn = nil
	}
	c.session = nil
	if code == websocket.CloseNormalClosure || code == websocket.CloseGoingAway {
		s.endSession(sess)
	}
	s.notify()
}

// closeConn sends a close frame with code and detaches the connection from
// its session. Codes that end a session on Discord end it here too.
func (s *Server) closeConn(c *gwConn, code int, text string) {
	if c.closing {
		return
	}
	if text == "" {
		text = closeReasons[code]
	}
	c.closing = true
	if sess := c.session; sess != nil {
		if sess.conn == c {
			sess.conn = nil
		}
		c.session = nil
		if sessionEndingClose(code) {
			s.endSession(sess)
		}
	}
	c.enqueue(outFrame{close: true, code: code, text: text})
	s.notify()
	s.logf("fakediscord: gateway close %d", code)
}

func sessionEndingClose(code int) bool {
	switch code {
	case CloseInvalidSeq, CloseSessionTimedOut, CloseAuthenticationFailed,
		CloseInvalidShard, CloseShardingRequired, CloseInvalidAPIVersion,
		CloseInvalidIntents, CloseDisallowedIntents:
		return true
	}
	return false
}

// handleOp runs with s.mu held.
func (s *Server) handleOp(c *gwConn, op int, d json.RawMessage) {
	switch op {
	case 1:
		s.onHeartbeat(c)
	case 2:
		s.onIdentify(c, d)
	case 6:
		s.onResume(c, d)
	case 3, 4:
		// Presence and voice state updates change nothing the bot can see.
		if c.session == nil {
			s.closeConn(c, CloseNotAuthenticated, "")
		}
	case 8:
		if c.session == nil {
			s.closeConn(c, CloseNotAuthenticated, "")
			return
		}
		s.onRequestMembers(c, d)
	default:
		s.closeConn(c, CloseUnknownOpcode, "")
	}
}

// onHeartbeat acknowledges op 1.
func (s *Server) onHeartbeat(c *gwConn) {
	c.heartbeats++
	c.send([]byte(`{"op":11,"s":null,"t":null,"d":null}`))
	s.notify()
}

func (s *Server) onIdentify(c *gwConn, d json.RawMessage) {
	if c.session != nil {
		s.closeConn(c, CloseAlreadyAuthenticated, "")
		return
	}
	// Only the fields checked here are decoded: discordgo.Identify's
	// presence part does not round-trip through its own JSON.
	var id struct {
		Token          string           `json:"token"`
		Intents        discordgo.Intent `json:"intents"`
		Shard          *[2]int          `json:"shard"`
		LargeThreshold int              `json:"large_threshold"`
	}
	if err := json.Unmarshal(d, &id); err != nil {
		s.closeConn(c, CloseDecodeError, "")
		return
	}
	info := IdentifyInfo{Intents: id.Intents, At: s.now()}
	if id.Shard != nil {
		sh := *id.Shard
		info.Shard = &sh
	}
	reject := func(code int) {
		info.CloseCode = code
		s.identifies = append(s.identifies, info)
		s.closeConn(c, code, "")
	}
	switch {
	case !s.tokenOK(id.Token):
		reject(CloseAuthenticationFailed)
		return
	case id.Intents&^knownIntents != 0 || id.Intents < 0:
		reject(CloseInvalidIntents)
		return
	case id.Intents&privilegedIntents&^s.opts.PrivilegedIntents != 0:
		reject(CloseDisallowedIntents)
		return
	case id.Shard != nil && (id.Shard[1] < 1 || id.Shard[0] < 0 || id.Shard[0] >= id.Shard[1]):
		reject(CloseInvalidShard)
		return
	}
	// large_threshold is 50 to 250 members, 50 when left out.
	large := 50
	if id.LargeThreshold > 0 {
		large = min(max(id.LargeThreshold, 50), 250)
	}
	sess := &gwSession{id: randomHex(16), intents: id.Intents, shard: [2]int{0, 1}, largeThreshold: large}
	if id.Shard != nil {
		sess.shard = *id.Shard
	}
	// A new session replaces the detached ones of its shard, which Discord
	// would time out; keeping them would only buffer events nobody reads.
	for _, old := range s.sessions {
		if old.conn == nil && old.shard == sess.shard {
			s.endSession(old)
		}
	}
	s.sessions[sess.id] = sess
	sess.conn = c
	c.session = sess
	info.SessionID = sess.id
	info.Accepted = true
	s.identifies = append(s.identifies, info)

	s.sendReady(sess, c.version)
	for _, gid := range s.guildOrder {
		if sess.owns(gid) {
			s.sendGuildCreate(sess, s.guilds[gid])
		}
	}
	s.notify()
	s.logf("fakediscord: gateway IDENTIFY accepted, session %s", sess.id)
}

func (s *Server) tokenOK(token string) bool {
	return strings.TrimPrefix(token, "Bot ") == s.Token()
}

func (s *Server) sendReady(sess *gwSession, version int) {
	guilds := []map[string]any{}
	for _, gid := range s.guildOrder {
		if sess.owns(gid) {
			guilds = append(guilds, map[string]any{"id": gid, "unavailable": true})
		}
	}
	ready := map[string]any{
		"v":                  version,
		"user":               s.botUser(),
		"guilds":             guilds,
		"session_id":         sess.id,
		"session_type":       "normal",
		"resume_gateway_url": s.GatewayURL(),
		"application":        map[string]any{"id": s.opts.ApplicationID, "flags": s.opts.applicationFlags()},
		"private_channels":   []any{},
		"relationships":      []any{},
		"presences":          []any{},
		"user_settings":      map[string]any{},
		"_trace":             []string{"fakediscord"},
	}
	if sess.shard[1] > 1 {
		ready["shard"] = sess.shard
	}
	s.sendDispatch(sess, "READY", mustJSON(ready), false)
}

func (s *Server) sendGuildCreate(sess *gwSession, g *guildState) {
	rendered := s.renderGuild(g, true, false)
	// Every member only with the Guild Presences intent in a server that is
	// not large; otherwise the bot and members in voice (the Server Members
	// intent does not change this: members come from op 8 or REST).
	rendered.Members = s.gatewayMembers(g, sess.intents, sess.largeThreshold)
	rendered.Large = len(g.members) > sess.largeThreshold
	events := []*discordgo.GuildScheduledEvent{}
	if sess.intents&discordgo.IntentGuildScheduledEvents != 0 {
		for _, ev := range g.events {
			events = append(events, ev)
		}
	}
	s.sendDispatch(sess, "GUILD_CREATE", mustJSON(wireGuild{Guild: rendered, GuildScheduledEvents: events}), true)
}

type resumeData struct {
	Token     string `json:"token"`
	SessionID string `json:"session_id"`
	Seq       int64  `json:"seq"`
}

func (s *Server) onResume(c *gwConn, d json.RawMessage) {
	if c.session != nil {
		s.closeConn(c, CloseAlreadyAuthenticated, "")
		return
	}
	var rd resumeData
	if err := json.Unmarshal(d, &rd); err != nil {
		s.closeConn(c, CloseDecodeError, "")
		return
	}
	info := ResumeInfo{SessionID: rd.SessionID, Seq: rd.Seq, At: s.now()}
	if !s.tokenOK(rd.Token) {
		s.resumes = append(s.resumes, info)
		s.closeConn(c, CloseAuthenticationFailed, "")
		return
	}
	sess := s.sessions[rd.SessionID]
	if sess == nil || sess.invalid || !sess.canReplayFrom(rd.Seq) {
		if sess != nil {
			s.endSession(sess)
		}
		s.resumes = append(s.resumes, info)
		c.send([]byte(`{"op":9,"s":null,"t":null,"d":false}`))
		s.notify()
		s.logf("fakediscord: gateway RESUME refused, invalid session")
		return
	}
	if old := sess.conn; old != nil && old != c {
		// A session has one connection; the old one is dropped.
		old.session = nil
		old.kill()
	}
	sess.conn = c
	c.session = sess
	for _, ev := range sess.log {
		if ev.seq > rd.Seq && ev.replay {
			c.send(ev.frame)
			info.Replayed++
		}
	}
	info.OK = true
	s.resumes = append(s.resumes, info)
	s.sendDispatch(sess, "RESUMED", []byte(`{"_trace":["fakediscord"]}`), false)
	s.notify()
	s.logf("fakediscord: gateway RESUME accepted, session %s, replayed %d", sess.id, info.Replayed)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
