package discordadapter

import (
	"bytes"
	"encoding/binary"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

func testGateway(now *time.Time) *Gateway {
	return &Gateway{log: zerolog.Nop(), now: func() time.Time { return *now }, budget: identifyBudget}
}

// A link that drops soon after each new session backs off further every
// time instead of starting again at an immediate reconnect; a connection
// that stayed up, or resumed its session, reconnects at once.
func TestGatewayBackoffAcrossFlappingDrops(t *testing.T) {
	now := time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)
	g := testGateway(&now)
	var waits []time.Duration
	for range 9 {
		g.readyAt = now
		now = now.Add(10 * time.Second)
		g.afterDrop()
		waits = append(waits, g.wait)
	}
	want := []time.Duration{1, 2, 4, 8, 16, 32, 64, 120, 120}
	for i, w := range want {
		if waits[i] != w*time.Second {
			t.Fatalf("waits after flapping drops %v, want %v seconds", waits, want)
		}
	}
	if d := g.delay(); d < 60*time.Second || d > 120*time.Second {
		t.Errorf("delay %v, want between half the wait and the wait", d)
	}
	// Dropped before it was even ready: backs off too.
	g.wait = time.Second
	g.afterDrop()
	if g.wait != 2*time.Second {
		t.Errorf("after a drop before READY: wait %v, want 2s", g.wait)
	}
	g.readyAt = now
	now = now.Add(stableAfter)
	g.afterDrop()
	if g.wait != 0 || g.delay() != 0 {
		t.Errorf("after a stable connection: wait %v, want an immediate reconnect", g.wait)
	}
	// A session resumed costs no IDENTIFY: its drop reconnects at once.
	g.wait = time.Minute
	g.readyAt, g.resumed = now, true
	now = now.Add(time.Second)
	g.afterDrop()
	if g.wait != 0 {
		t.Errorf("after a resumed connection: wait %v, want an immediate reconnect", g.wait)
	}
}

// Attempts are counted over the last day; at the budget the next one waits
// until the oldest is a day old.
func TestGatewayIdentifyBudget(t *testing.T) {
	now := time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)
	g := testGateway(&now)
	g.budget = 3
	for i := range 3 {
		if w := g.spend(); w != 0 {
			t.Fatalf("attempt %d waits %v within the budget", i+1, w)
		}
		now = now.Add(time.Hour)
	}
	if w := g.spend(); w != 21*time.Hour {
		t.Fatalf("attempt over the budget waits %v, want 21h (until the first is a day old)", w)
	}
	now = now.Add(21 * time.Hour)
	if w := g.spend(); w != 0 {
		t.Errorf("a day after the first attempt: waits %v", w)
	}
}

// The close code of a close frame from Discord is found among the frames
// after the HTTP upgrade, however the bytes are split across reads.
func TestCloseSnifferFindsTheCode(t *testing.T) {
	var stream bytes.Buffer
	stream.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
	text := bytes.Repeat([]byte("x"), 300) // a 16-bit length
	stream.Write([]byte{0x81, 126, 0x01, 0x2c})
	stream.Write(text)
	stream.Write([]byte{0x81, 5})
	stream.WriteString("hello")
	stream.Write([]byte{0x8a, 0}) // pong, empty
	closing := binary.BigEndian.AppendUint16(nil, 4014)
	closing = append(closing, "Disallowed intent(s)."...)
	stream.Write([]byte{0x88, byte(len(closing))})
	stream.Write(closing)
	all := stream.Bytes()
	for _, chunk := range []int{1, 2, 3, 7, 64, len(all)} {
		var code atomic.Int32
		c := &closeSniffer{code: &code}
		for b := all; len(b) > 0; {
			k := min(chunk, len(b))
			c.feed(b[:k])
			b = b[k:]
		}
		if got := code.Load(); got != 4014 {
			t.Errorf("read %d bytes at a time: close code %d, want 4014", chunk, got)
		}
	}
}
