package fakediscord

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// AutoMod as Discord runs it for keyword rules: the rules API (Manage
// Server), keyword matching with its wildcards, and the "send alert
// message" action, which posts an AUTO_MODERATION_ACTION system message in
// the rule's alert channel and sends AUTO_MODERATION_ACTION_EXECUTION to
// bots with Manage Server and the AUTO_MODERATION_EXECUTION intent. It runs
// whether or not any bot is connected, which is the point of it.
//
// Limits (Discord's Auto Moderation reference): at most 6 keyword rules a
// server, 1,000 keywords of at most 60 characters, 100 allow-list entries
// of at most 60, 10 regex patterns of at most 260 characters, 20 exempt
// roles and 50 exempt channels. Regex patterns are stored but not run (they
// are Rust regexes); only keyword_filter and allow_list are matched.

const (
	maxKeywordRules   = 6
	maxKeywords       = 1000
	maxKeywordLength  = 60
	maxAllowList      = 100
	maxRegexPatterns  = 10
	maxRegexLength    = 260
	maxExemptRoles    = 20
	maxExemptChannels = 50
	// codeMaxAutoModRules is "Maximum number of rules of this type reached".
	codeMaxAutoModRules = 30035
	// messageTypeAutoModAction is AUTO_MODERATION_ACTION, which discordgo
	// does not name.
	messageTypeAutoModAction discordgo.MessageType = 24
)

// errUnknownAutoModRule is Discord's plain 404: its reference lists no
// JSON error code of its own for an unknown AutoMod rule.
func errUnknownAutoModRule() *APIError {
	return apiErr(http.StatusNotFound, 0, "404: Not Found")
}

// automodGuild checks that the bot is in the guild and has Manage Server.
func (s *Server) automodGuild(rq *request) (*guildState, *APIError) {
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return nil, e
	}
	if s.basePermissions(g, s.opts.BotUserID)&discordgo.PermissionManageGuild == 0 {
		return nil, errMissingPermissions()
	}
	return g, nil
}

func (s *Server) listAutoModRules(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.automodGuild(rq)
	if e != nil {
		return fail(e)
	}
	return ok(sortedRules(g))
}

func sortedRules(g *guildState) []*discordgo.AutoModerationRule {
	out := make([]*discordgo.AutoModerationRule, 0, len(g.automod))
	for _, r := range g.automod {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *discordgo.AutoModerationRule) int {
		if snowflakeLess(a.ID, b.ID) {
			return -1
		}
		return 1
	})
	return out
}

func (s *Server) getAutoModRule(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, r, e := s.autoModRule(rq)
	if e != nil {
		return fail(e)
	}
	return ok(r)
}

// autoModRule finds the rule a request names, in a guild the bot may
// manage rules of. Call with s.mu held.
func (s *Server) autoModRule(rq *request) (*guildState, *discordgo.AutoModerationRule, *APIError) {
	g, e := s.automodGuild(rq)
	if e != nil {
		return nil, nil, e
	}
	r := g.automod[rq.param("r")]
	if r == nil {
		return nil, nil, errUnknownAutoModRule()
	}
	return g, r, nil
}

// ruleBody decodes a create or modify body.
func ruleBody(rq *request) (*discordgo.AutoModerationRule, *APIError) {
	var in discordgo.AutoModerationRule
	if err := json.Unmarshal(rq.body, &in); err != nil {
		return nil, formError("_errors", "BASE_TYPE_BAD_JSON", "Invalid JSON")
	}
	return &in, nil
}

func (s *Server) createAutoModRule(rq *request) reply {
	in, e := ruleBody(rq)
	if e != nil {
		return fail(e)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.automodGuild(rq)
	if e != nil {
		return fail(e)
	}
	if in.TriggerType == discordgo.AutoModerationEventTriggerKeyword {
		n := 0
		for _, r := range g.automod {
			if r.TriggerType == discordgo.AutoModerationEventTriggerKeyword {
				n++
			}
		}
		if n >= maxKeywordRules {
			return fail(apiErr(http.StatusBadRequest, codeMaxAutoModRules, "Maximum number of rules of this type reached"))
		}
	}
	r := &discordgo.AutoModerationRule{ID: s.newID(), GuildID: g.guild.ID, CreatorID: s.opts.BotUserID}
	if e := s.ruleFields(g, r, in, true); e != nil {
		return fail(e)
	}
	if g.automod == nil {
		g.automod = map[string]*discordgo.AutoModerationRule{}
	}
	g.automod[r.ID] = r
	s.dispatch(event{name: "AUTO_MODERATION_RULE_CREATE", guildID: g.guild.ID, intent: discordgo.IntentAutoModerationConfiguration, data: r})
	return ok(r)
}

func (s *Server) editAutoModRule(rq *request) reply {
	in, e := ruleBody(rq)
	if e != nil {
		return fail(e)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, cur, e := s.autoModRule(rq)
	if e != nil {
		return fail(e)
	}
	next := cloneJSON(cur)
	if e := s.ruleFields(g, next, in, false); e != nil {
		return fail(e)
	}
	g.automod[next.ID] = next
	s.dispatch(event{name: "AUTO_MODERATION_RULE_UPDATE", guildID: g.guild.ID, intent: discordgo.IntentAutoModerationConfiguration, data: next})
	return ok(next)
}

func (s *Server) deleteAutoModRule(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, r, e := s.autoModRule(rq)
	if e != nil {
		return fail(e)
	}
	delete(g.automod, r.ID)
	s.dispatch(event{name: "AUTO_MODERATION_RULE_DELETE", guildID: g.guild.ID, intent: discordgo.IntentAutoModerationConfiguration, data: r})
	return noContent()
}

// ruleFields applies a create or modify body to r and checks it as Discord
// does. The trigger type is fixed at creation.
func (s *Server) ruleFields(g *guildState, r, in *discordgo.AutoModerationRule, creating bool) *APIError {
	var fe formErrors
	if creating || in.Name != "" {
		if in.Name == "" || runes(in.Name) > 100 {
			fe.add("name", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 100))
		}
		r.Name = in.Name
	}
	if creating {
		if in.EventType != discordgo.AutoModerationEventMessageSend {
			fe.add("event_type", "BASE_TYPE_CHOICES", "Value must be one of {1}.")
		}
		if in.TriggerType < 1 || in.TriggerType > 6 {
			fe.add("trigger_type", "BASE_TYPE_CHOICES", "Value must be one of {1, 3, 4, 5, 6}.")
		}
		r.EventType, r.TriggerType = in.EventType, in.TriggerType
	}
	if in.TriggerMetadata != nil {
		m := in.TriggerMetadata
		if len(m.KeywordFilter) > maxKeywords {
			fe.add("trigger_metadata.keyword_filter", "BASE_TYPE_MAX_LENGTH", "Must be 1000 or fewer in length.")
		}
		for i, k := range m.KeywordFilter {
			if strings.TrimSpace(strings.Trim(k, "*")) == "" || runes(k) > maxKeywordLength {
				fe.add("trigger_metadata.keyword_filter."+strconv.Itoa(i), "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, maxKeywordLength))
			}
		}
		var allow []string
		if m.AllowList != nil {
			allow = *m.AllowList
		}
		if len(allow) > maxAllowList {
			fe.add("trigger_metadata.allow_list", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
		}
		for i, k := range allow {
			if runes(k) > maxKeywordLength {
				fe.add("trigger_metadata.allow_list."+strconv.Itoa(i), "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, maxKeywordLength))
			}
		}
		if len(m.RegexPatterns) > maxRegexPatterns {
			fe.add("trigger_metadata.regex_patterns", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
		}
		for i, p := range m.RegexPatterns {
			if runes(p) > maxRegexLength {
				fe.add("trigger_metadata.regex_patterns."+strconv.Itoa(i), "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, maxRegexLength))
			}
		}
		md := *m
		r.TriggerMetadata = &md
	}
	if r.TriggerType == discordgo.AutoModerationEventTriggerKeyword &&
		(r.TriggerMetadata == nil || len(r.TriggerMetadata.KeywordFilter)+len(r.TriggerMetadata.RegexPatterns) == 0) {
		fe.add("trigger_metadata", "AUTO_MODERATION_INVALID_TRIGGER_METADATA", "A keyword rule needs keywords or regex patterns.")
	}
	if creating || in.Actions != nil {
		if len(in.Actions) == 0 {
			fe.add("actions", "BASE_TYPE_REQUIRED", "This field is required")
		}
		for i, a := range in.Actions {
			if a.Type != discordgo.AutoModerationRuleActionSendAlertMessage {
				continue
			}
			cs := (*channelState)(nil)
			if a.Metadata != nil {
				cs = s.channelOf(a.Metadata.ChannelID)
			}
			if cs == nil || cs.ch.GuildID != g.guild.ID || cs.ch.Type != discordgo.ChannelTypeGuildText {
				fe.add("actions."+strconv.Itoa(i)+".metadata.channel_id", "AUTO_MODERATION_INVALID_ACTION_METADATA", "A text channel of this server is required.")
			}
		}
		r.Actions = slices.Clone(in.Actions)
	}
	if in.Enabled != nil {
		v := *in.Enabled
		r.Enabled = &v
	} else if creating {
		f := false
		r.Enabled = &f
	}
	if in.ExemptRoles != nil {
		if len(*in.ExemptRoles) > maxExemptRoles {
			fe.add("exempt_roles", "BASE_TYPE_MAX_LENGTH", "Must be 20 or fewer in length.")
		}
		v := slices.Clone(*in.ExemptRoles)
		r.ExemptRoles = &v
	}
	if in.ExemptChannels != nil {
		if len(*in.ExemptChannels) > maxExemptChannels {
			fe.add("exempt_channels", "BASE_TYPE_MAX_LENGTH", "Must be 50 or fewer in length.")
		}
		v := slices.Clone(*in.ExemptChannels)
		r.ExemptChannels = &v
	}
	return fe.err()
}

// runAutoMod checks a member's new message against the guild's enabled
// keyword rules and runs their alert actions. Call with s.mu held.
func (s *Server) runAutoMod(cs *channelState, m *discordgo.Message) {
	g := s.guildOf(cs.ch.GuildID)
	if g == nil || len(g.automod) == 0 || m.Author == nil || m.Author.Bot || m.Content == "" {
		return
	}
	member := g.members[m.Author.ID]
	if member == nil || s.basePermissions(g, m.Author.ID)&discordgo.PermissionAdministrator != 0 {
		return // Discord exempts administrators (and the owner) from AutoMod
	}
	for _, r := range sortedRules(g) {
		if r.Enabled == nil || !*r.Enabled || r.TriggerType != discordgo.AutoModerationEventTriggerKeyword || r.TriggerMetadata == nil {
			continue
		}
		if r.ExemptChannels != nil && (slices.Contains(*r.ExemptChannels, cs.ch.ID) || slices.Contains(*r.ExemptChannels, cs.ch.ParentID)) {
			continue
		}
		if r.ExemptRoles != nil && slices.ContainsFunc(member.Roles, func(id string) bool { return slices.Contains(*r.ExemptRoles, id) }) {
			continue
		}
		var allow []string
		if r.TriggerMetadata.AllowList != nil {
			allow = *r.TriggerMetadata.AllowList
		}
		keyword, matched, hit := matchKeywords(m.Content, r.TriggerMetadata.KeywordFilter, allow)
		if !hit {
			continue
		}
		for _, a := range r.Actions {
			if a.Type != discordgo.AutoModerationRuleActionSendAlertMessage || a.Metadata == nil {
				continue
			}
			s.autoModAlert(g, cs, m, r, a, keyword, matched)
		}
	}
}

// autoModAlert posts the system message Discord posts for a "send alert
// message" action and tells entitled bots.
func (s *Server) autoModAlert(g *guildState, cs *channelState, m *discordgo.Message, r *discordgo.AutoModerationRule, a discordgo.AutoModerationAction, keyword, matched string) {
	alertCh := s.channelOf(a.Metadata.ChannelID)
	if alertCh == nil {
		return
	}
	alert := &discordgo.Message{
		ID: s.newID(), ChannelID: alertCh.ch.ID, GuildID: g.guild.ID, Author: cloneJSON(m.Author),
		Type: messageTypeAutoModAction, Content: m.Content, Timestamp: s.now(),
		Embeds: []*discordgo.MessageEmbed{{Type: "auto_moderation_message", Description: m.Content, Fields: []*discordgo.MessageEmbedField{
			{Name: "rule_name", Value: r.Name}, {Name: "channel_id", Value: cs.ch.ID},
			{Name: "keyword", Value: keyword}, {Name: "keyword_matched_content", Value: matched},
			{Name: "flagged_message_id", Value: m.ID},
		}}},
		Mentions: []*discordgo.User{}, MentionRoles: []string{}, Attachments: []*discordgo.MessageAttachment{},
	}
	s.insertMessage(alertCh, alert)
	s.emitMessage("MESSAGE_CREATE", alert)
	if s.basePermissions(g, s.opts.BotUserID)&discordgo.PermissionManageGuild == 0 {
		return
	}
	ex := discordgo.AutoModerationActionExecution{
		GuildID: g.guild.ID, Action: a, RuleID: r.ID, RuleTriggerType: r.TriggerType, UserID: m.Author.ID,
		ChannelID: cs.ch.ID, MessageID: m.ID, AlertSystemMessageID: alert.ID, Content: m.Content,
		MatchedKeyword: keyword, MatchedContent: matched,
	}
	redacted := ex
	redacted.Content, redacted.MatchedContent = "", ""
	s.dispatch(event{name: "AUTO_MODERATION_ACTION_EXECUTION", guildID: g.guild.ID, intent: discordgo.IntentAutoModerationExecution,
		data: ex, redacted: redacted})
}

// matchKeywords applies Discord's keyword matching strategies: "cat"
// matches the whole word (or phrase), "cat*" a word starting with it,
// "*cat" one ending with it, "*cat*" anywhere; case-insensitive. A match
// inside an allow-listed phrase does not count. It returns the keyword and
// the (lower-cased) text it matched.
func matchKeywords(content string, keywords, allow []string) (keyword, matched string, ok bool) {
	lower := strings.ToLower(content)
	for _, a := range allow {
		for {
			i, j, hit := matchKeyword(lower, a)
			if !hit {
				break
			}
			lower = lower[:i] + strings.Repeat(" ", j-i) + lower[j:]
		}
	}
	for _, k := range keywords {
		if i, j, hit := matchKeyword(lower, k); hit {
			return k, lower[i:j], true
		}
	}
	return "", "", false
}

// matchKeyword finds k in lower (already lower-cased) and returns the byte
// range it covers, extended to the whole word on a wildcard's side.
func matchKeyword(lower, k string) (int, int, bool) {
	prefix, suffix := strings.HasPrefix(k, "*"), strings.HasSuffix(k, "*")
	word := strings.ToLower(strings.Trim(k, "*"))
	if word == "" {
		return 0, 0, false
	}
	for from := 0; from < len(lower); {
		i := strings.Index(lower[from:], word)
		if i < 0 {
			return 0, 0, false
		}
		i += from
		j := i + len(word)
		if (prefix || !wordBefore(lower, i)) && (suffix || !wordAfter(lower, j)) {
			for prefix && wordBefore(lower, i) {
				_, n := utf8.DecodeLastRuneInString(lower[:i])
				i -= n
			}
			for suffix && wordAfter(lower, j) {
				_, n := utf8.DecodeRuneInString(lower[j:])
				j += n
			}
			return i, j, true
		}
		_, n := utf8.DecodeRuneInString(lower[i:])
		from = i + n
	}
	return 0, 0, false
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordBefore reports whether a letter or digit ends just before byte i.
func wordBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i > 0 && isWord(r)
}

// wordAfter reports whether a letter or digit starts at byte i.
func wordAfter(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return i < len(s) && isWord(r)
}

// AutoModRules returns the server's AutoMod rules, for tests.
func (s *Server) AutoModRules(guildID string) []*discordgo.AutoModerationRule {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return nil
	}
	out := sortedRules(g)
	for i, r := range out {
		out[i] = cloneJSON(r)
	}
	return out
}
