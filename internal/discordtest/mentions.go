package discordtest

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
