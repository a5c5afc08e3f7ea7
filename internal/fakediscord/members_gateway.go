package fakediscord

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Request Guild Members (op 8), as Discord answers it:
//
//   - The whole member list (query "" with any limit) needs the Server
//     Members intent in IDENTIFY; without it Discord sends nothing back.
//     It is limited to one request a server every 30 seconds per session;
//     a request inside that window gets a RATE_LIMITED event instead.
//   - A username prefix (query) returns at most 100 members (limit, 1–100),
//     and user_ids at most 100 members, without the intent.
//   - presences is ignored without the Guild Presences intent.
//   - Members come in GUILD_MEMBERS_CHUNK events of at most 1,000 each,
//     numbered with chunk_index and chunk_count, carrying the nonce (up
//     to 32 bytes; a longer one is dropped) and the requested IDs not found.

const (
	memberChunkSize          = 1000
	memberQueryLimit         = 100
	memberListRequestEvery   = 30 * time.Second
	maxMemberRequestNonceLen = 32
)

type requestMembersData struct {
	GuildID   json.RawMessage `json:"guild_id"`
	Query     *string         `json:"query"`
	Limit     int             `json:"limit"`
	UserIDs   json.RawMessage `json:"user_ids"`
	Nonce     string          `json:"nonce"`
	Presences bool            `json:"presences"`
}

// stringOrList reads a snowflake or an array of them.
func stringOrList(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var ids []string
	if json.Unmarshal(raw, &ids) == nil {
		return ids
	}
	var one string
	if json.Unmarshal(raw, &one) == nil && one != "" {
		return []string{one}
	}
	return nil
}

// onRequestMembers answers op 8. Called with s.mu held.
func (s *Server) onRequestMembers(c *gwConn, d json.RawMessage) {
	var rd requestMembersData
	if err := json.Unmarshal(d, &rd); err != nil {
		s.closeConn(c, CloseDecodeError, "")
		return
	}
	userIDs := stringOrList(rd.UserIDs)
	if rd.Query == nil && len(userIDs) == 0 {
		s.closeConn(c, CloseDecodeError, "")
		return
	}
	sess := c.session
	nonce := rd.Nonce
	if len(nonce) > maxMemberRequestNonceLen {
		nonce = ""
	}
	// discordgo sends guild_id as an array (the deprecated form); accept both.
	for _, gid := range stringOrList(rd.GuildID) {
		g := s.guilds[gid]
		if g == nil || !sess.owns(gid) || g.members[s.opts.BotUserID] == nil {
			continue
		}
		var members []*discordgo.Member
		var notFound []string
		switch {
		case len(userIDs) > 0:
			for _, uid := range userIDs[:min(len(userIDs), memberQueryLimit)] {
				if m := g.members[uid]; m != nil {
					members = append(members, m)
				} else {
					notFound = append(notFound, uid)
				}
			}
		case *rd.Query == "":
			if sess.intents&discordgo.IntentGuildMembers == 0 {
				s.logf("fakediscord: op 8 for the whole member list without the GUILD_MEMBERS intent; no answer")
				continue
			}
			now := s.now()
			if last, ok := sess.memberRequests[gid]; ok && now.Sub(last) < memberListRequestEvery {
				retry := memberListRequestEvery - now.Sub(last)
				s.sendDispatch(sess, "RATE_LIMITED", mustJSON(map[string]any{
					"opcode": 8, "retry_after": retry.Seconds(),
					"meta": map[string]any{"guild_id": gid, "nonce": nonce},
				}), true)
				continue
			}
			if sess.memberRequests == nil {
				sess.memberRequests = map[string]time.Time{}
			}
			sess.memberRequests[gid] = now
			members = g.sortedMembers()
			if rd.Limit > 0 {
				members = members[:min(len(members), rd.Limit)]
			}
		default:
			limit := rd.Limit
			if limit <= 0 || limit > memberQueryLimit {
				limit = memberQueryLimit
			}
			q := strings.ToLower(*rd.Query)
			for _, m := range g.sortedMembers() {
				if strings.HasPrefix(strings.ToLower(m.User.Username), q) || strings.HasPrefix(strings.ToLower(m.Nick), q) {
					members = append(members, m)
					if len(members) == limit {
						break
					}
				}
			}
		}
		s.sendMemberChunks(sess, gid, members, notFound, nonce, rd.Presences && sess.intents&discordgo.IntentGuildPresences != 0)
	}
}

// sendMemberChunks sends members in chunks of at most 1,000 (one empty
// chunk when there are none).
func (s *Server) sendMemberChunks(sess *gwSession, guildID string, members []*discordgo.Member, notFound []string, nonce string, presences bool) {
	count := max(1, (len(members)+memberChunkSize-1)/memberChunkSize)
	for i := range count {
		part := members[min(i*memberChunkSize, len(members)):min((i+1)*memberChunkSize, len(members))]
		out := make([]*discordgo.Member, len(part))
		copy(out, part)
		chunk := map[string]any{"guild_id": guildID, "members": out, "chunk_index": i, "chunk_count": count}
		if nonce != "" {
			chunk["nonce"] = nonce
		}
		if i == 0 && len(notFound) > 0 {
			chunk["not_found"] = notFound
		}
		if presences {
			chunk["presences"] = []any{}
		}
		s.sendDispatch(sess, "GUILD_MEMBERS_CHUNK", mustJSON(chunk), true)
	}
}
