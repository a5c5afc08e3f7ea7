package fakediscord

import (
	"regexp"
	"slices"

	"github.com/bwmarrin/discordgo"
)

var (
	userMentionRe = regexp.MustCompile(`<@!?(\d+)>`)
	roleMentionRe = regexp.MustCompile(`<@&(\d+)>`)
	everyoneRe    = regexp.MustCompile(`@(everyone|here)`)
)

// mentionResult is who a message actually pings.
type mentionResult struct {
	users    []*discordgo.User
	roles    []string
	everyone bool
	// silenced are roles written and allowed that notify nobody: the role
	// is not mentionable and the author lacks MENTION_EVERYONE.
	silenced []string
}

// Notification is whom a message notified, as Discord decides it: the
// mentions written in it, filtered by its allowed_mentions and by Discord's
// rule for roles (a role is notified only if it is mentionable or the
// sender has MENTION_EVERYONE in the channel). Edits notify nobody.
type Notification struct {
	// Users are the users mentioned (and the author replied to, when the
	// reply pings).
	Users []string
	// Roles are the roles whose members were notified.
	Roles []string
	// Everyone is set when @everyone or @here notified.
	Everyone bool
	// Silenced are roles the message mentions, and its allowed_mentions
	// allow, that notified nobody because the role is not mentionable and
	// the sender lacks MENTION_EVERYONE there.
	Silenced []string
	// Reached is every member notified: the users, the members holding the
	// roles (or every member, for @everyone), who can see the channel,
	// the sender excepted. Empty means the message notified nobody.
	Reached []string
}

// resolveMentions applies Discord's allowed_mentions rules to the mentions
// written in content, so a test can see who a message really pinged:
//   - without allowed_mentions everything written is parsed (users; roles
//     that are mentionable or when the author has MENTION_EVERYONE;
//     @everyone/@here with MENTION_EVERYONE) and a reply pings the author
//     of the message replied to;
//   - with allowed_mentions only the listed types and IDs are, and a reply
//     pings only if replied_user is true.
func (s *Server) resolveMentions(g *guildState, authorPerms int64, content string, am *discordgo.MessageAllowedMentions, replyTo *discordgo.Message) mentionResult {
	parseUsers, parseRoles, parseEveryone := true, true, true
	var allowUsers, allowRoles []string
	repliedUser := true
	if am != nil {
		parseUsers = slices.Contains(am.Parse, discordgo.AllowedMentionTypeUsers)
		parseRoles = slices.Contains(am.Parse, discordgo.AllowedMentionTypeRoles)
		parseEveryone = slices.Contains(am.Parse, discordgo.AllowedMentionTypeEveryone)
		allowUsers, allowRoles = am.Users, am.Roles
		repliedUser = am.RepliedUser
	}
	var res mentionResult
	seen := map[string]bool{}
	for _, m := range userMentionRe.FindAllStringSubmatch(content, -1) {
		id := m[1]
		if seen[id] || !(parseUsers || slices.Contains(allowUsers, id)) {
			continue
		}
		if u := s.userOf(id); u != nil {
			seen[id] = true
			res.users = append(res.users, u)
		}
	}
	if replyTo != nil && repliedUser && replyTo.Author != nil && !seen[replyTo.Author.ID] {
		res.users = append(res.users, replyTo.Author)
	}
	if g != nil {
		canMentionAll := authorPerms&discordgo.PermissionMentionEveryone != 0
		for _, m := range roleMentionRe.FindAllStringSubmatch(content, -1) {
			id := m[1]
			r := g.roles[id]
			if r == nil || slices.Contains(res.roles, id) {
				continue
			}
			if !(parseRoles || slices.Contains(allowRoles, id)) {
				continue
			}
			if r.Mentionable || canMentionAll {
				res.roles = append(res.roles, id)
			} else if !slices.Contains(res.silenced, id) {
				res.silenced = append(res.silenced, id)
			}
		}
		res.everyone = parseEveryone && canMentionAll && everyoneRe.MatchString(content)
	}
	return res
}

func (r mentionResult) apply(m *discordgo.Message) {
	m.Mentions = r.users
	if m.Mentions == nil {
		m.Mentions = []*discordgo.User{}
	}
	m.MentionRoles = r.roles
	if m.MentionRoles == nil {
		m.MentionRoles = []string{}
	}
	m.MentionEveryone = r.everyone
}

// notification works out whom a message by authorID in cs notified. Call
// with s.mu held.
func (s *Server) notification(cs *channelState, authorID string, r mentionResult) *Notification {
	if len(r.users) == 0 && len(r.roles) == 0 && !r.everyone && len(r.silenced) == 0 {
		return nil
	}
	n := &Notification{Roles: slices.Clone(r.roles), Everyone: r.everyone, Silenced: slices.Clone(r.silenced),
		Users: []string{}, Reached: []string{}}
	for _, u := range r.users {
		n.Users = append(n.Users, u.ID)
	}
	g := s.guildOf(cs.ch.GuildID)
	reached := map[string]bool{}
	sees := func(userID string) bool {
		if g == nil {
			return true // a DM: its recipient sees it
		}
		return g.members[userID] != nil && s.channelPermissions(g, userID, cs.ch)&discordgo.PermissionViewChannel != 0
	}
	for _, id := range n.Users {
		if id != authorID && sees(id) {
			reached[id] = true
		}
	}
	if g != nil {
		for uid, m := range g.members {
			if uid == authorID || reached[uid] {
				continue
			}
			hit := r.everyone
			for _, rid := range m.Roles {
				if slices.Contains(r.roles, rid) {
					hit = true
				}
			}
			if hit && sees(uid) {
				reached[uid] = true
			}
		}
	}
	for id := range reached {
		n.Reached = append(n.Reached, id)
	}
	slices.Sort(n.Reached)
	return n
}

// Notified returns whom a message notified when it was created, or nil
// when it mentioned nobody.
func (s *Server) Notified(messageID string) *Notification {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.pings[messageID]
	if n == nil {
		return nil
	}
	c := *n
	return &c
}
