package fakediscord

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

func (s *Server) getMember(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	uid := rq.param("u")
	if uid == "@me" {
		uid = s.opts.BotUserID
	}
	m := g.members[uid]
	if m == nil {
		return fail(errUnknownMember())
	}
	return ok(m)
}

// listMembers answers GET /guilds/{g}/members?limit&after, which Discord
// serves only to applications with the GUILD_MEMBERS intent switched on.
func (s *Server) listMembers(rq *request) reply {
	limit := 1
	if v := rq.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return fail(formError("limit", "NUMBER_TYPE_MAX", "int value should be less than or equal to 1000."))
		}
		limit = n
	}
	after := rq.query.Get("after")
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	if s.opts.PrivilegedIntents&discordgo.IntentGuildMembers == 0 {
		return fail(errMissingAccess())
	}
	out := []*discordgo.Member{}
	for _, m := range g.sortedMembers() {
		if after != "" && !snowflakeLess(after, m.User.ID) {
			continue
		}
		out = append(out, m)
		if len(out) == limit {
			break
		}
	}
	return ok(out)
}

// searchMembers answers GET /guilds/{g}/members/search: members whose
// username or nickname starts with query (case-insensitive).
func (s *Server) searchMembers(rq *request) reply {
	query := strings.ToLower(rq.query.Get("query"))
	if query == "" {
		return fail(formError("query", "BASE_TYPE_REQUIRED", "This field is required"))
	}
	limit := 1
	if v := rq.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return fail(formError("limit", "NUMBER_TYPE_MAX", "int value should be less than or equal to 1000."))
		}
		limit = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	out := []*discordgo.Member{}
	for _, m := range g.sortedMembers() {
		if strings.HasPrefix(strings.ToLower(m.User.Username), query) || strings.HasPrefix(strings.ToLower(m.Nick), query) ||
			strings.HasPrefix(strings.ToLower(m.User.GlobalName), query) {
			out = append(out, m)
			if len(out) == limit {
				break
			}
		}
	}
	return ok(out)
}

// memberRoleTarget finds member and role for PUT/DELETE
// /guilds/{g}/members/{u}/roles/{r}: MANAGE_ROLES, and the role below the
// bot's highest; managed roles cannot be given or taken.
func (s *Server) memberRoleTarget(rq *request) (*guildState, *discordgo.Member, *discordgo.Role, *APIError) {
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return nil, nil, nil, e
	}
	m := g.members[rq.param("u")]
	if m == nil {
		return nil, nil, nil, errUnknownMember()
	}
	role, e := s.manageableRole(g, rq.param("r"))
	if e != nil {
		return nil, nil, nil, e
	}
	if role.Managed || role.ID == g.guild.ID {
		return nil, nil, nil, errMissingPermissions()
	}
	return g, m, role, nil
}

func (s *Server) addMemberRole(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, m, role, e := s.memberRoleTarget(rq)
	if e != nil {
		return fail(e)
	}
	if !slices.Contains(m.Roles, role.ID) {
		m.Roles = append(m.Roles, role.ID)
		s.emitMember("GUILD_MEMBER_UPDATE", g.guild.ID, m)
	}
	return noContent()
}

func (s *Server) removeMemberRole(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, m, role, e := s.memberRoleTarget(rq)
	if e != nil {
		return fail(e)
	}
	if slices.Contains(m.Roles, role.ID) {
		m.Roles = slices.DeleteFunc(m.Roles, func(id string) bool { return id == role.ID })
		s.emitMember("GUILD_MEMBER_UPDATE", g.guild.ID, m)
	}
	return noContent()
}

// editMember answers PATCH /guilds/{g}/members/{u} for nick, roles and
// timeouts, with the permission and hierarchy checks Discord applies.
func (s *Server) editMember(rq *request) reply {
	raw, e := fields(rq.body)
	if e != nil {
		return fail(e)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	uid := rq.param("u")
	if uid == "@me" {
		uid = s.opts.BotUserID
	}
	m := g.members[uid]
	if m == nil {
		return fail(errUnknownMember())
	}
	perms := s.basePermissions(g, s.opts.BotUserID)
	self := uid == s.opts.BotUserID
	outranks := g.highestPosition(s.opts.BotUserID) > g.highestPosition(uid)
	c := *m
	if v, ok := raw["nick"]; ok {
		need := int64(discordgo.PermissionManageNicknames)
		if self {
			need = discordgo.PermissionChangeNickname
		}
		if perms&need == 0 || (!self && !outranks) {
			return fail(errMissingPermissions())
		}
		c.Nick = ""
		_ = json.Unmarshal(v, &c.Nick)
		if runes(c.Nick) > 32 {
			return fail(formError("nick", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(32)))
		}
	}
	if v, ok := raw["roles"]; ok {
		var roles []string
		if json.Unmarshal(v, &roles) != nil {
			return fail(formError("roles", "MODEL_TYPE_CONVERT", "Could not interpret the value as the expected type."))
		}
		if perms&discordgo.PermissionManageRoles == 0 {
			return fail(errMissingPermissions())
		}
		for _, id := range symmetricDifference(m.Roles, roles) {
			r := g.roles[id]
			if r == nil {
				return fail(errUnknownRole())
			}
			if r.Managed || !g.canManageRole(s.opts.BotUserID, r) {
				return fail(errMissingPermissions())
			}
		}
		c.Roles = roles
	}
	if v, ok := raw["communication_disabled_until"]; ok {
		if perms&discordgo.PermissionModerateMembers == 0 || self || !outranks {
			return fail(errMissingPermissions())
		}
		if isNull(v) {
			c.CommunicationDisabledUntil = nil
		} else {
			var t time.Time
			if json.Unmarshal(v, &t) != nil || t.After(s.now().Add(28*24*time.Hour)) {
				return fail(formError("communication_disabled_until", "BASE_TYPE_BAD_TIMESTAMP", "Timeout must be at most 28 days in the future."))
			}
			c.CommunicationDisabledUntil = &t
		}
	}
	*m = c
	s.emitMember("GUILD_MEMBER_UPDATE", g.guild.ID, m)
	return ok(m)
}

func symmetricDifference(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			out = append(out, x)
		}
	}
	return out
}
