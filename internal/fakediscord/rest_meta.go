package fakediscord

import (
	"github.com/bwmarrin/discordgo"
)

func (s *Server) getGateway(rq *request) reply {
	return ok(map[string]string{"url": s.GatewayURL()})
}

func (s *Server) getGatewayBot(rq *request) reply {
	return ok(map[string]any{
		"url":    s.GatewayURL(),
		"shards": max(1, s.opts.RecommendedShards),
		"session_start_limit": map[string]int{
			"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1,
		},
	})
}

func (s *Server) getCurrentUser(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ok(s.botUser())
}

func (s *Server) getUser(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.userOf(rq.param("u"))
	if u == nil {
		return fail(errUnknownUser())
	}
	return ok(u)
}

// getApplication answers GET /applications/@me (and the older
// /oauth2/applications/@me discordgo's Application uses) with the flags that
// tell which privileged intents are switched on.
func (s *Server) getApplication(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ok(map[string]any{
		"id":                        s.opts.ApplicationID,
		"name":                      s.opts.BotName,
		"icon":                      nil,
		"description":               "",
		"bot_public":                false,
		"bot_require_code_grant":    false,
		"verify_key":                "0000000000000000000000000000000000000000000000000000000000000000",
		"flags":                     s.opts.applicationFlags(),
		"bot":                       s.botUser(),
		"owner":                     map[string]any{"id": "0", "username": "owner", "discriminator": "0"},
		"approximate_guild_count":   len(s.guilds),
		"team":                      nil,
		"summary":                   "",
		"interactions_endpoint_url": nil,
	})
}

// createDM answers POST /users/@me/channels with the (one) DM channel with a
// user, creating it on first use.
func (s *Server) createDM(rq *request) reply {
	var body struct {
		RecipientID string `json:"recipient_id"`
	}
	if e := rq.decode(&body); e != nil {
		return fail(e)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, e := s.dmChannel(body.RecipientID)
	if e != nil {
		return fail(e)
	}
	return ok(cs.ch)
}

// dmChannel returns the bot's DM channel with a user.
func (s *Server) dmChannel(userID string) (*channelState, *APIError) {
	u := s.userOf(userID)
	if u == nil || userID == s.opts.BotUserID {
		return nil, errUnknownUser()
	}
	if id, ok := s.dmChannels[userID]; ok {
		if cs := s.channels[id]; cs != nil {
			return cs, nil
		}
	}
	ch := &discordgo.Channel{
		ID:         s.newID(),
		Type:       discordgo.ChannelTypeDM,
		Recipients: []*discordgo.User{u},
	}
	cs := &channelState{ch: ch}
	s.channels[ch.ID] = cs
	s.dmChannels[userID] = ch.ID
	return cs, nil
}
