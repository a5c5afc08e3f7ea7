package discordadapter

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// discordgo reads the gateway in a goroutine of its own and, when Discord
// closes the connection there (rather than in answer to Open's IDENTIFY or
// RESUME), only logs the close code before it reports a disconnect. An
// invalid session answered by a new IDENTIFY that Discord closes with 4014
// happens that way, and the code that says "stop" was lost: the gateway
// reconnected every second. So the connection's bytes from Discord are
// read as they pass, after the HTTP upgrade, for the code of a close frame.
// Only frame headers and the first two bytes of a close frame are looked
// at; nothing of the events' content is kept.

// sniffCloses makes s's websocket connections record the code of the last
// close frame Discord sends into code. Behind an HTTPS proxy the gateway's
// TLS is done by the websocket library and cannot be read, so nothing is
// recorded there.
func sniffCloses(s *discordgo.Session, code *atomic.Int32) {
	base := s.Dialer
	if base == nil {
		base = websocket.DefaultDialer
	}
	d := *base
	netDial := d.NetDialContext
	if netDial == nil {
		netDial = (&net.Dialer{}).DialContext
	}
	d.NetDialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := netDial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &closeSniffer{Conn: c, code: code}, nil
	}
	if d.NetDialTLSContext == nil && !proxied(d.Proxy) {
		tlsConfig := d.TLSClientConfig
		d.NetDialTLSContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			raw, err := netDial(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			cfg := &tls.Config{}
			if tlsConfig != nil {
				cfg = tlsConfig.Clone()
			}
			if cfg.ServerName == "" {
				host, _, _ := net.SplitHostPort(addr)
				cfg.ServerName = host
			}
			tc := tls.Client(raw, cfg)
			if err := tc.HandshakeContext(ctx); err != nil {
				raw.Close()
				return nil, err
			}
			return &closeSniffer{Conn: tc, code: code}, nil
		}
	}
	s.Dialer = &d
}

// proxied reports whether the dialer would reach Discord's gateway through
// a proxy.
func proxied(proxy func(*http.Request) (*url.URL, error)) bool {
	if proxy == nil {
		return false
	}
	u, err := proxy(&http.Request{URL: &url.URL{Scheme: "https", Host: "gateway.discord.gg"}})
	return err != nil || u != nil
}

// closeSniffer passes a websocket client's reads through and follows the
// server's frames (which are never masked, and whose control frames are
// never compressed) for a close frame's code.
type closeSniffer struct {
	net.Conn
	code *atomic.Int32

	body   bool    // past the HTTP upgrade response
	tail   [4]byte // its last four bytes, to find its end
	hdr    []byte  // the frame header read so far
	op     byte
	remain uint64 // payload bytes of the frame still to pass
	close  []byte // a close frame's first two payload bytes
}

func (c *closeSniffer) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.feed(p[:n])
	return n, err
}

func (c *closeSniffer) feed(b []byte) {
	for len(b) > 0 {
		switch {
		case !c.body:
			copy(c.tail[:], c.tail[1:])
			c.tail[3] = b[0]
			b = b[1:]
			c.body = string(c.tail[:]) == "\r\n\r\n"
		case c.remain > 0:
			k := min(uint64(len(b)), c.remain)
			if c.op == websocket.CloseMessage && len(c.close) < 2 {
				c.close = append(c.close, b[:min(k, uint64(2-len(c.close)))]...)
			}
			b = b[k:]
			c.remain -= k
			if c.remain == 0 {
				c.endFrame()
			}
		default:
			c.hdr = append(c.hdr, b[0])
			b = b[1:]
			if n := frameHeaderLen(c.hdr); n > 0 && len(c.hdr) == n {
				c.startFrame()
			}
		}
	}
}

// frameHeaderLen is the length of the frame header h begins, or 0 while
// that is not known yet.
func frameHeaderLen(h []byte) int {
	if len(h) < 2 {
		return 0
	}
	n := 2
	switch h[1] & 0x7f {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if h[1]&0x80 != 0 {
		n += 4
	}
	return n
}

func (c *closeSniffer) startFrame() {
	h := c.hdr
	c.op = h[0] & 0x0f
	switch l := h[1] & 0x7f; l {
	case 126:
		c.remain = uint64(binary.BigEndian.Uint16(h[2:4]))
	case 127:
		c.remain = binary.BigEndian.Uint64(h[2:10])
	default:
		c.remain = uint64(l)
	}
	c.hdr = c.hdr[:0]
	c.close = c.close[:0]
	if c.remain == 0 {
		c.endFrame()
	}
}

func (c *closeSniffer) endFrame() {
	if c.op == websocket.CloseMessage && len(c.close) == 2 {
		c.code.Store(int32(binary.BigEndian.Uint16(c.close)))
	}
	c.op = 0
}
