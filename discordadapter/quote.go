package discordadapter

import (
	"regexp"
	"strings"
)

// memberText is the one rule for text a member wrote that the bot quotes
// under its own name: the queue items of an open session, the clinician's
// reply on taking a question, the first message of an anonymous question's
// private thread, the excerpts of a session report, and /queue show. The
// bot's name must not lend weight to a link: nothing in the quote is
// clickable. A masked link ([Verify your account](https://…)) shows its
// label and then its real address; that address, bare links, <autolinks>
// and Discord invites (discord.gg/…) are set as code, which Discord does
// not turn into links; a slash-command mention (</cmd:id>, which runs the
// command when clicked) becomes its plain name. Mentions of people, roles
// and channels stay: a quote pings nobody (every message names whom it may
// ping in allowed_mentions), and the rest of the markdown is the member's.
//
// The summary path goes further (bot/summary_clean.go): a summary is the
// model's words, so it loses links and mentions altogether.
func memberText(s string) string {
	return quotedMarkup.ReplaceAllStringFunc(s, func(m string) string {
		switch {
		case strings.HasPrefix(m, "`"):
			return m // the member's own code span: nothing in it links
		case strings.HasPrefix(m, "["):
			sm := maskedLink.FindStringSubmatch(m)
			return bareLinks(sm[1]) + " (" + asCode(sm[2]) + ")"
		case strings.HasPrefix(m, "</"):
			return "/" + commandMention.FindStringSubmatch(m)[1]
		case strings.HasPrefix(m, "<"):
			return asCode(strings.Trim(m, "<>"))
		}
		return asCode(m)
	})
}

var (
	linkPattern = `(?i:https?://[^\s<>]+|(?:discord\.gg|discord(?:app)?\.com/invite)/[^\s<>]+)`
	maskedLink  = regexp.MustCompile(`^\[([^\]\n]{1,256})\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"\n]*")?\s*\)$`)
	// commandMention is </name:id>, or </group sub:id>.
	commandMention = regexp.MustCompile(`^</([\w -]{1,64}):\d+>$`)
	// quotedMarkup finds, left to right, what memberText rewrites: code
	// spans (kept), masked links, command mentions, autolinks, then bare
	// links and invites.
	quotedMarkup = regexp.MustCompile("`[^`\n]+`" +
		`|\[[^\]\n]{1,256}\]\(\s*<?[^\s)>]+>?(?:\s+"[^"\n]*")?\s*\)` +
		`|</[\w -]{1,64}:\d+>` +
		`|<(?i:https?://)[^\s<>]+>` +
		`|` + linkPattern)
	bareLink = regexp.MustCompile(linkPattern)
)

// bareLinks sets the links in a masked link's label as code: a label may
// itself read like an address ([https://your-bank.example](https://…)).
func bareLinks(s string) string { return bareLink.ReplaceAllStringFunc(s, asCode) }

// asCode sets s as inline code; backticks in it would end the span early,
// so they go.
func asCode(s string) string {
	s = strings.ReplaceAll(s, "`", "")
	if s == "" {
		return ""
	}
	return "`" + s + "`"
}
