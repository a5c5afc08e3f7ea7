package fakediscord

import (
	"net/url"
	"strings"
)

// route is one REST endpoint. Its name, "METHOD /template", is what calls
// are recorded under and what fault injection matches, so tests can say
// "POST /channels/{id}/messages" without caring about IDs.
type route struct {
	method  string
	pattern string
	segs    []string
	name    string
	handler func(*request) reply
	// noAuth marks interaction and webhook routes: Discord authenticates
	// them by the token in the path, not the Authorization header.
	noAuth bool
	// public marks routes that ignore the Authorization header entirely.
	public bool
}

type router struct {
	routes []*route
	names  map[string]*route
}

func (rt *router) add(method, pattern string, h func(*request) reply) *route {
	r := &route{
		method:  method,
		pattern: pattern,
		segs:    strings.Split(strings.Trim(pattern, "/"), "/"),
		name:    method + " " + pattern,
		handler: h,
	}
	rt.routes = append(rt.routes, r)
	if rt.names == nil {
		rt.names = map[string]*route{}
	}
	rt.names[r.name] = r
	return r
}

// match finds the route for a path relative to /api/vN. When several
// templates fit, the one with more literal segments wins, so
// /webhooks/{app}/{token}/messages/@original beats .../messages/{m}.
// pathKnown reports whether some route had the path under another method,
// which Discord answers with 405.
func (rt *router) match(method, path string) (best *route, params map[string]string, pathKnown bool) {
	segs, ok := splitPath(path)
	if !ok {
		return nil, nil, false
	}
	bestScore := -1
	for _, r := range rt.routes {
		score, ok := r.fit(segs)
		if !ok {
			continue
		}
		if r.method != method {
			pathKnown = true
			continue
		}
		if score > bestScore {
			best, bestScore = r, score
		}
	}
	if best == nil {
		return nil, nil, pathKnown
	}
	params = map[string]string{}
	for i, seg := range best.segs {
		if isParam(seg) {
			params[seg[1:len(seg)-1]] = segs[i]
		}
	}
	return best, params, false
}

func (r *route) fit(segs []string) (literals int, ok bool) {
	if len(segs) != len(r.segs) {
		return 0, false
	}
	for i, seg := range r.segs {
		if isParam(seg) {
			if segs[i] == "" {
				return 0, false
			}
			continue
		}
		if seg != segs[i] {
			return 0, false
		}
		literals++
	}
	return literals, true
}

func isParam(seg string) bool {
	return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}")
}

// splitPath splits an escaped path into unescaped segments.
func splitPath(escaped string) ([]string, bool) {
	parts := strings.Split(strings.Trim(escaped, "/"), "/")
	for i, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil {
			return nil, false
		}
		parts[i] = u
	}
	return parts, true
}

// apiPath strips the /api/vN prefix discordgo puts on every REST path.
// Discord also serves unversioned /api/...; both are accepted.
func apiPath(escaped string) (string, bool) {
	rest, ok := strings.CutPrefix(escaped, "/api")
	if !ok {
		return "", false
	}
	for _, v := range []string{"/v9", "/v10"} {
		if r, ok := strings.CutPrefix(rest, v); ok && (r == "" || r[0] == '/') {
			return r, true
		}
	}
	if rest == "" || rest[0] == '/' {
		return rest, true
	}
	return "", false
}

// buildRoutes is the whole REST surface in one table.
func (s *Server) buildRoutes() *router {
	rt := &router{}

	// GET /gateway needs no token on Discord (GET /gateway/bot does).
	rt.add("GET", "/gateway", s.getGateway).public = true
	rt.add("GET", "/gateway/bot", s.getGatewayBot)
	rt.add("GET", "/users/@me", s.getCurrentUser)
	rt.add("GET", "/users/{u}", s.getUser)
	rt.add("POST", "/users/@me/channels", s.createDM)
	rt.add("GET", "/applications/@me", s.getApplication)
	rt.add("GET", "/oauth2/applications/@me", s.getApplication)

	rt.add("GET", "/applications/{app}/commands", s.listCommands)
	rt.add("PUT", "/applications/{app}/commands", s.overwriteCommands)
	rt.add("POST", "/applications/{app}/commands", s.createCommand)
	rt.add("GET", "/applications/{app}/commands/{cmd}", s.getCommand)
	rt.add("PATCH", "/applications/{app}/commands/{cmd}", s.editCommand)
	rt.add("DELETE", "/applications/{app}/commands/{cmd}", s.deleteCommand)
	rt.add("GET", "/applications/{app}/guilds/{g}/commands", s.listCommands)
	rt.add("PUT", "/applications/{app}/guilds/{g}/commands", s.overwriteCommands)
	rt.add("POST", "/applications/{app}/guilds/{g}/commands", s.createCommand)
	rt.add("GET", "/applications/{app}/guilds/{g}/commands/{cmd}", s.getCommand)
	rt.add("PATCH", "/applications/{app}/guilds/{g}/commands/{cmd}", s.editCommand)
	rt.add("DELETE", "/applications/{app}/guilds/{g}/commands/{cmd}", s.deleteCommand)

	rt.add("POST", "/interactions/{id}/{token}/callback", s.interactionCallback).noAuth = true
	rt.add("GET", "/webhooks/{app}/{token}/messages/@original", s.getOriginal).noAuth = true
	rt.add("PATCH", "/webhooks/{app}/{token}/messages/@original", s.editOriginal).noAuth = true
	rt.add("DELETE", "/webhooks/{app}/{token}/messages/@original", s.deleteOriginal).noAuth = true
	rt.add("POST", "/webhooks/{app}/{token}", s.createFollowup).noAuth = true
	rt.add("GET", "/webhooks/{app}/{token}/messages/{m}", s.getFollowup).noAuth = true
	rt.add("PATCH", "/webhooks/{app}/{token}/messages/{m}", s.editFollowup).noAuth = true
	rt.add("DELETE", "/webhooks/{app}/{token}/messages/{m}", s.deleteFollowup).noAuth = true

	rt.add("GET", "/guilds/{g}", s.getGuild)
	rt.add("GET", "/guilds/{g}/channels", s.listChannels)
	rt.add("POST", "/guilds/{g}/channels", s.createChannel)
	rt.add("GET", "/channels/{id}", s.getChannel)
	rt.add("PATCH", "/channels/{id}", s.editChannel)
	rt.add("DELETE", "/channels/{id}", s.deleteChannel)
	rt.add("PUT", "/channels/{id}/permissions/{overwrite}", s.putOverwrite)
	rt.add("DELETE", "/channels/{id}/permissions/{overwrite}", s.deleteOverwrite)
	rt.add("POST", "/channels/{id}/typing", s.typing)

	rt.add("GET", "/channels/{id}/messages", s.listMessages)
	rt.add("POST", "/channels/{id}/messages", s.createMessage)
	rt.add("GET", "/channels/{id}/messages/{m}", s.getMessage)
	rt.add("PATCH", "/channels/{id}/messages/{m}", s.editMessage)
	rt.add("DELETE", "/channels/{id}/messages/{m}", s.deleteMessage)
	rt.add("POST", "/channels/{id}/messages/bulk-delete", s.bulkDelete)
	rt.add("GET", "/channels/{id}/pins", s.listPins)
	rt.add("PUT", "/channels/{id}/pins/{m}", s.pinMessage)
	rt.add("DELETE", "/channels/{id}/pins/{m}", s.unpinMessage)

	rt.add("POST", "/channels/{id}/messages/{m}/threads", s.startThreadFromMessage)
	rt.add("POST", "/channels/{id}/threads", s.startThread)
	rt.add("GET", "/channels/{id}/thread-members", s.listThreadMembers)
	rt.add("GET", "/channels/{id}/thread-members/{u}", s.getThreadMember)
	rt.add("PUT", "/channels/{id}/thread-members/{u}", s.addThreadMember)
	rt.add("DELETE", "/channels/{id}/thread-members/{u}", s.removeThreadMember)
	rt.add("GET", "/guilds/{g}/threads/active", s.activeThreads)

	rt.add("GET", "/guilds/{g}/roles", s.listRoles)
	rt.add("POST", "/guilds/{g}/roles", s.createRole)
	rt.add("PATCH", "/guilds/{g}/roles/{r}", s.editRole)
	rt.add("DELETE", "/guilds/{g}/roles/{r}", s.deleteRole)

	rt.add("GET", "/guilds/{g}/members", s.listMembers)
	rt.add("GET", "/guilds/{g}/members/search", s.searchMembers)
	rt.add("GET", "/guilds/{g}/members/{u}", s.getMember)
	rt.add("PATCH", "/guilds/{g}/members/{u}", s.editMember)
	rt.add("PUT", "/guilds/{g}/members/{u}/roles/{r}", s.addMemberRole)
	rt.add("DELETE", "/guilds/{g}/members/{u}/roles/{r}", s.removeMemberRole)

	rt.add("GET", "/guilds/{g}/auto-moderation/rules", s.listAutoModRules)
	rt.add("POST", "/guilds/{g}/auto-moderation/rules", s.createAutoModRule)
	rt.add("GET", "/guilds/{g}/auto-moderation/rules/{r}", s.getAutoModRule)
	rt.add("PATCH", "/guilds/{g}/auto-moderation/rules/{r}", s.editAutoModRule)
	rt.add("DELETE", "/guilds/{g}/auto-moderation/rules/{r}", s.deleteAutoModRule)
	rt.add("GET", "/guilds/{g}/scheduled-events", s.listEvents)
	rt.add("POST", "/guilds/{g}/scheduled-events", s.createEvent)
	rt.add("GET", "/guilds/{g}/scheduled-events/{e}", s.getEvent)
	rt.add("PATCH", "/guilds/{g}/scheduled-events/{e}", s.editEvent)
	rt.add("DELETE", "/guilds/{g}/scheduled-events/{e}", s.deleteEvent)

	return rt
}

// Routes lists every route template the emulator serves, as
// "METHOD /template"; fault injection accepts exactly these names.
func (s *Server) Routes() []string {
	out := make([]string, 0, len(s.routes.routes))
	for _, r := range s.routes.routes {
		out = append(out, r.name)
	}
	return out
}
