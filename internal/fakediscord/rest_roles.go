package fakediscord

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/bwmarrin/discordgo"
)

const maxRoles = 250

// insertRoleAt puts role at position pos (at least 1, above @everyone),
// moving every role at or above it up by one, and returns the moved roles.
func insertRoleAt(g *guildState, role *discordgo.Role, pos int) []*discordgo.Role {
	pos = max(pos, 1)
	var moved []*discordgo.Role
	for _, r := range g.sortedRoles() {
		if r.ID != g.guild.ID && r.ID != role.ID && r.Position >= pos {
			r.Position++
			moved = append(moved, r)
		}
	}
	role.Position = pos
	g.roles[role.ID] = role
	return moved
}

type roleParams struct {
	name        *string
	permissions *int64
	color       *int
	hoist       *bool
	mentionable *bool
	emoji       *string
}

func parseRoleParams(raw map[string]json.RawMessage) (roleParams, *APIError) {
	var p roleParams
	var fe formErrors
	if v, ok := raw["name"]; ok && !isNull(v) {
		var name string
		if json.Unmarshal(v, &name) != nil || runes(name) > 100 {
			fe.add("name", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(100))
		} else {
			p.name = &name
		}
	}
	if v, ok := raw["permissions"]; ok && !isNull(v) {
		n, good := flexInt64(v)
		if !good || n < 0 {
			fe.add("permissions", "NUMBER_TYPE_COERCE", "Value is not int.")
		} else {
			p.permissions = &n
		}
	}
	if v, ok := raw["color"]; ok && !isNull(v) {
		// Discord takes an int-parseable string for an integer.
		c64, ok := flexInt64(v)
		c := int(c64)
		if !ok || c < 0 || c > 0xFFFFFF {
			fe.add("color", "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.")
		} else {
			p.color = &c
		}
	}
	var b bool
	if decodeOptional(raw, "hoist", &b) {
		p.hoist = &b
	}
	var mb bool
	if decodeOptional(raw, "mentionable", &mb) {
		p.mentionable = &mb
	}
	var emoji string
	if decodeOptional(raw, "unicode_emoji", &emoji) {
		p.emoji = &emoji
	}
	return p, fe.err()
}

func (p roleParams) apply(r *discordgo.Role) {
	if p.name != nil {
		r.Name = *p.name
	}
	if p.permissions != nil {
		r.Permissions = *p.permissions
	}
	if p.color != nil {
		r.Color = *p.color
	}
	if p.hoist != nil {
		r.Hoist = *p.hoist
	}
	if p.mentionable != nil {
		r.Mentionable = *p.mentionable
	}
	if p.emoji != nil {
		r.UnicodeEmoji = *p.emoji
	}
}

func (s *Server) listRoles(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	return ok(g.sortedRoles())
}

// createRole answers POST /guilds/{g}/roles. It needs MANAGE_ROLES, and a
// bot cannot give a role permissions it does not hold itself. The role is
// placed just above @everyone, as Discord places new roles.
func (s *Server) createRole(rq *request) reply {
	raw, e := fields(rq.body)
	if e != nil {
		return fail(e)
	}
	p, pe := parseRoleParams(raw)
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	if pe != nil {
		return fail(pe)
	}
	perms := s.basePermissions(g, s.opts.BotUserID)
	if perms&discordgo.PermissionManageRoles == 0 {
		return fail(errMissingPermissions())
	}
	if p.permissions != nil && !withinPermissions(perms, *p.permissions) {
		return fail(errMissingPermissions())
	}
	if len(g.roles) >= maxRoles {
		return fail(apiErr(http.StatusBadRequest, CodeMaxRoles, "Maximum number of guild roles reached (250)"))
	}
	role := &discordgo.Role{ID: s.newID(), Name: "new role", Permissions: g.roles[g.guild.ID].Permissions}
	p.apply(role)
	moved := insertRoleAt(g, role, 1)
	s.emitRole("GUILD_ROLE_CREATE", g.guild.ID, role)
	for _, r := range moved {
		s.emitRole("GUILD_ROLE_UPDATE", g.guild.ID, r)
	}
	return ok(role)
}

// manageableRole finds a role the bot may edit: it needs MANAGE_ROLES and
// the role must sit below the bot's highest role.
func (s *Server) manageableRole(g *guildState, roleID string) (*discordgo.Role, *APIError) {
	role := g.roles[roleID]
	if role == nil {
		return nil, errUnknownRole()
	}
	if s.basePermissions(g, s.opts.BotUserID)&discordgo.PermissionManageRoles == 0 {
		return nil, errMissingPermissions()
	}
	if role.ID != g.guild.ID && !g.canManageRole(s.opts.BotUserID, role) {
		return nil, errMissingPermissions()
	}
	return role, nil
}

func (s *Server) editRole(rq *request) reply {
	raw, e := fields(rq.body)
	if e != nil {
		return fail(e)
	}
	p, pe := parseRoleParams(raw)
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	role, e := s.manageableRole(g, rq.param("r"))
	if e != nil {
		return fail(e)
	}
	if pe != nil {
		return fail(pe)
	}
	if p.permissions != nil && !withinPermissions(s.basePermissions(g, s.opts.BotUserID), *p.permissions&^role.Permissions) {
		// Only newly granted bits need to be held.
		return fail(errMissingPermissions())
	}
	if role.ID == g.guild.ID && p.name != nil {
		return fail(formError("name", "INVALID_ROLE", "Cannot rename @everyone"))
	}
	p.apply(role)
	s.emitRole("GUILD_ROLE_UPDATE", g.guild.ID, role)
	return ok(role)
}

func (s *Server) deleteRole(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, e := s.botGuild(rq.param("g"))
	if e != nil {
		return fail(e)
	}
	role, e := s.manageableRole(g, rq.param("r"))
	if e != nil {
		return fail(e)
	}
	if role.ID == g.guild.ID || role.Managed {
		return fail(apiErr(http.StatusBadRequest, CodeInvalidRole, "Invalid Role"))
	}
	s.deleteRoleLocked(g, role.ID)
	return noContent()
}

// deleteRoleLocked removes a role from the guild, its members and channel
// overwrites. Discord sends only GUILD_ROLE_DELETE for all of it.
func (s *Server) deleteRoleLocked(g *guildState, roleID string) {
	delete(g.roles, roleID)
	for _, m := range g.members {
		m.Roles = slices.DeleteFunc(m.Roles, func(id string) bool { return id == roleID })
	}
	for _, cs := range s.channels {
		if cs.ch.GuildID == g.guild.ID {
			cs.ch.PermissionOverwrites = slices.DeleteFunc(cs.ch.PermissionOverwrites, func(o *discordgo.PermissionOverwrite) bool {
				return o.Type == discordgo.PermissionOverwriteTypeRole && o.ID == roleID
			})
		}
	}
	s.emitRoleDelete(g.guild.ID, roleID)
}
