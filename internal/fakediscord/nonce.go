package fakediscord

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Discord's idempotent message create: a POST /channels/{id}/messages with
// a nonce and "enforce_nonce": true is checked against the author's recent
// messages; if one was created with the same nonce in the past few minutes
// it is returned again and no new message is made. A bot that crashes
// between sending a message and recording that it did can send it again
// safely.

// nonceWindow is how long Discord remembers a nonce ("the past few
// minutes").
const nonceWindow = 5 * time.Minute

type nonceEntry struct {
	channelID, messageID string
	at                   time.Time
}

// maxNonceLen is Discord's limit on a nonce string.
const maxNonceLen = 25

// enforcedNonce returns the nonce of a message-create body that asks for it
// to be enforced, or "" (with a 50035 error for a nonce over 25 characters).
func enforcedNonce(raw map[string]json.RawMessage) (string, *APIError) {
	var enforce bool
	if v, ok := raw["enforce_nonce"]; !ok || json.Unmarshal(v, &enforce) != nil || !enforce {
		return "", nil
	}
	v, ok := raw["nonce"]
	if !ok {
		return "", nil
	}
	var nonce string
	if json.Unmarshal(v, &nonce) != nil {
		var n json.Number
		if json.Unmarshal(v, &n) != nil {
			return "", nil
		}
		nonce = n.String()
	}
	if len(nonce) > maxNonceLen {
		return "", formError("nonce", "BASE_TYPE_MAX_LENGTH", "Must be "+strconv.Itoa(maxNonceLen)+" or fewer in length.")
	}
	return nonce, nil
}

// nonceMessage returns the bot's message created with nonce in the window,
// if it still exists. Call with s.mu held.
func (s *Server) nonceMessage(nonce string) *discordgo.Message {
	if nonce == "" || s.nonces == nil {
		return nil
	}
	e, ok := s.nonces[nonce]
	if !ok || s.now().Sub(e.at) > nonceWindow {
		return nil
	}
	return s.messageOf(e.channelID, e.messageID)
}

// rememberNonce records the message created with nonce. Call with s.mu
// held.
func (s *Server) rememberNonce(nonce string, m *discordgo.Message) {
	if nonce == "" {
		return
	}
	if s.nonces == nil {
		s.nonces = map[string]nonceEntry{}
	}
	now := s.now()
	if len(s.nonces) > 10000 {
		for k, e := range s.nonces {
			if now.Sub(e.at) > nonceWindow {
				delete(s.nonces, k)
			}
		}
	}
	s.nonces[nonce] = nonceEntry{channelID: m.ChannelID, messageID: m.ID, at: now}
}
