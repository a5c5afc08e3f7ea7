//i18n:english the sandbox page's own chrome and its demo server's content (docs/sandbox.md); the bot's messages in it follow the language toggle
package sandbox

import (
	"fmt"
	"html"
	"html/template"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Discord's message markdown, turned into HTML the way the Discord client
// draws it: emphasis, code, quotes, headings, links, mentions, channel
// links and timestamps. Everything is escaped first; only the markup below
// produces tags.

// names resolves what mentions refer to, for the viewer.
type names interface {
	userName(id string) (string, bool)
	roleName(id string) (string, bool)
	channelLink(id string) (name, href string, ok bool)
	// mentionsViewer reports whether a user or role mention is of the viewer.
	mentionsViewer(userID, roleID string) bool
	// messageLink turns a Discord jump link into a page link, if it points
	// into this server.
	messageLink(guildID, channelID, messageID string) (string, bool)
}

var (
	codeBlockRe = regexp.MustCompile("(?s)```(?:[a-zA-Z0-9_+-]*\n)?(.*?)```")
	// tokenRe finds the spans that are not plain text: code spans, masked
	// links, bare URLs, mentions, channel links, timestamps, custom emoji.
	tokenRe = regexp.MustCompile("`[^`\n]+`" +
		`|\[[^\]\n]{1,200}\]\(<?https?://[^\s)>]+>?\)` +
		`|<https?://[^\s<>]+>|https?://[^\s<>]+[^\s<>.,:;"')\]]` +
		`|<@!?\d{5,21}>|<@&\d{5,21}>|<#\d{5,21}>` +
		`|<t:-?\d{1,13}(?::[tTdDfFR])?>` +
		`|<a?:\w{2,32}:\d{5,21}>` +
		`|@everyone|@here`)
	maskedLinkRe = regexp.MustCompile(`^\[([^\]]+)\]\(<?(https?://[^\s)>]+)>?\)$`)
	jumpLinkRe   = regexp.MustCompile(`^https://(?:ptb\.|canary\.)?discord(?:app)?\.com/channels/(\d+)/(\d+)(?:/(\d+))?$`)

	boldRe      = regexp.MustCompile(`\*\*(\S(?:.*?\S)?)\*\*`)
	underlineRe = regexp.MustCompile(`__(\S(?:.*?\S)?)__`)
	italicRe    = regexp.MustCompile(`(^|[^\w*])\*(\S(?:[^*]*?\S)?)\*`)
	italicUnRe  = regexp.MustCompile(`(^|[^\w_])_(\S(?:[^_]*?\S)?)_($|[^\w_])`)
	strikeRe    = regexp.MustCompile(`~~(\S(?:.*?\S)?)~~`)
	spoilerRe   = regexp.MustCompile(`\|\|(\S(?:.*?\S)?)\|\|`)
)

// placeholder marks where a rendered token goes back into the text; the
// private-use characters cannot come from the escaper.
func placeholder(i int) string { return "\ue000" + strconv.Itoa(i) + "\ue001" }

var placeholderRe = regexp.MustCompile("\ue000(\\d+)\ue001")

// markdown renders message text.
func markdown(src string, n names, loc *time.Location) template.HTML {
	if src == "" {
		return ""
	}
	// The placeholders' characters cannot come from the text itself.
	src = strings.NewReplacer("\ue000", "\ufffd", "\ue001", "\ufffd").Replace(src)
	var tokens []string
	keep := func(h string) string {
		tokens = append(tokens, h)
		return placeholder(len(tokens) - 1)
	}
	src = codeBlockRe.ReplaceAllStringFunc(src, func(m string) string {
		body := codeBlockRe.FindStringSubmatch(m)[1]
		return keep("<pre><code>" + html.EscapeString(strings.TrimSuffix(body, "\n")) + "</code></pre>")
	})
	src = tokenRe.ReplaceAllStringFunc(src, func(t string) string { return keep(renderToken(t, n, loc)) })

	var out []string
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		switch {
		case strings.HasPrefix(line, "> ") || line == ">":
			var quoted []string
			for ; i < len(lines) && (strings.HasPrefix(lines[i], "> ") || lines[i] == ">"); i++ {
				quoted = append(quoted, inline(strings.TrimPrefix(strings.TrimPrefix(lines[i], ">"), " ")))
			}
			i--
			out = append(out, "<blockquote>"+strings.Join(quoted, "<br>")+"</blockquote>")
		case strings.HasPrefix(line, "### "):
			out = append(out, `<strong class="h3">`+inline(line[4:])+"</strong>")
		case strings.HasPrefix(line, "## "):
			out = append(out, `<strong class="h2">`+inline(line[3:])+"</strong>")
		case strings.HasPrefix(line, "# "):
			out = append(out, `<strong class="h1">`+inline(line[2:])+"</strong>")
		case strings.HasPrefix(line, "-# "):
			out = append(out, `<small class="subtext">`+inline(line[3:])+"</small>")
		case strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ") || strings.HasPrefix(line, "• "):
			var items []string
			for ; i < len(lines); i++ {
				l := lines[i]
				if !(strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") || strings.HasPrefix(l, "• ")) {
					break
				}
				_, rest, _ := strings.Cut(l, " ")
				items = append(items, "<li>"+inline(rest)+"</li>")
			}
			i--
			out = append(out, "<ul>"+strings.Join(items, "")+"</ul>")
		default:
			out = append(out, inline(line)+"<br>")
		}
	}
	h := strings.TrimSuffix(strings.Join(out, ""), "<br>")
	// A token can hold another (a code block inside a code span's
	// backticks), so this runs until none is left; each pass only puts
	// back tokens made before, so it ends.
	for range len(tokens) + 1 {
		if !strings.ContainsRune(h, '\ue000') {
			break
		}
		h = placeholderRe.ReplaceAllStringFunc(h, func(p string) string {
			i, _ := strconv.Atoi(placeholderRe.FindStringSubmatch(p)[1])
			if i < 0 || i >= len(tokens) {
				return ""
			}
			return tokens[i]
		})
	}
	return template.HTML(h)
}

var (
	tagRe = regexp.MustCompile(`<[^>]*>`)
	// blockEndRe finds where a block ends: a line, a list item, a quote, a
	// code block, subtext or a heading.
	blockEndRe = regexp.MustCompile(`<br>|</li>|</blockquote>|</pre>|</small>|<strong class="h\d">[^<]*</strong>`)
)

// plainText is message text as a reply preview shows it: markdown drawn
// (mentions as @names, timestamps as dates, no ** or backticks), on one
// line, as plain text for the template to escape.
func plainText(src string, n names, loc *time.Location) string {
	h := string(markdown(src, n, loc))
	// Lines, list items, quotes, headings and subtext are blocks: a space
	// between them.
	h = blockEndRe.ReplaceAllString(h, "$0 ")
	return html.UnescapeString(tagRe.ReplaceAllString(h, ""))
}

// inline escapes a line and applies emphasis.
func inline(s string) string {
	s = html.EscapeString(s)
	s = boldRe.ReplaceAllString(s, "<strong>$1</strong>")
	s = underlineRe.ReplaceAllString(s, "<u>$1</u>")
	s = strikeRe.ReplaceAllString(s, "<s>$1</s>")
	s = spoilerRe.ReplaceAllString(s, `<span class="spoiler">$1</span>`)
	s = italicRe.ReplaceAllString(s, "$1<em>$2</em>")
	s = italicUnRe.ReplaceAllString(s, "$1<em>$2</em>$3")
	return s
}

func renderToken(t string, n names, loc *time.Location) string {
	esc := html.EscapeString
	switch {
	case strings.HasPrefix(t, "`"):
		return "<code>" + esc(strings.Trim(t, "`")) + "</code>"
	case strings.HasPrefix(t, "["):
		m := maskedLinkRe.FindStringSubmatch(t)
		if m == nil {
			return esc(t)
		}
		return link(m[2], inline(m[1]), n)
	case strings.HasPrefix(t, "http"), strings.HasPrefix(t, "<http"):
		u := strings.TrimSuffix(strings.TrimPrefix(t, "<"), ">")
		if m := jumpLinkRe.FindStringSubmatch(u); m != nil {
			// As the client draws a message link: the channel, not the URL.
			name, _, ok := n.channelLink(m[2])
			if !ok {
				name = "unknown"
			}
			text := `<span class="mention">#` + esc(name)
			if m[3] != "" {
				text += " › message"
			}
			return link(u, text+"</span>", n)
		}
		return link(u, esc(u), n)
	case strings.HasPrefix(t, "<@&"):
		id := t[3 : len(t)-1]
		name, ok := n.roleName(id)
		if !ok {
			name = "unknown-role"
		}
		return mentionSpan("@"+name, n.mentionsViewer("", id))
	case strings.HasPrefix(t, "<@"):
		id := strings.TrimPrefix(t[2:len(t)-1], "!")
		name, ok := n.userName(id)
		if !ok {
			name = "unknown-user"
		}
		return mentionSpan("@"+name, n.mentionsViewer(id, ""))
	case strings.HasPrefix(t, "<#"):
		id := t[2 : len(t)-1]
		name, href, ok := n.channelLink(id)
		if !ok {
			return `<span class="mention">#unknown</span>`
		}
		if href == "" {
			return `<span class="mention" title="You cannot see this channel">#` + esc(name) + `</span>`
		}
		return `<a class="mention" href="` + esc(href) + `">#` + esc(name) + `</a>`
	case strings.HasPrefix(t, "<t:"):
		return timestamp(t, loc)
	case strings.HasPrefix(t, "<:"), strings.HasPrefix(t, "<a:"):
		parts := strings.Split(t, ":")
		return ":" + esc(parts[1]) + ":"
	case t == "@everyone" || t == "@here":
		return mentionSpan(t, false)
	}
	return esc(t)
}

func mentionSpan(text string, me bool) string {
	class := "mention"
	if me {
		class += " me"
	}
	return `<span class="` + class + `">` + html.EscapeString(text) + `</span>`
}

// link renders a link: Discord jump links into this server stay in the
// page; other http(s) links open in a new tab.
func link(raw, text string, n names) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return text
	}
	if m := jumpLinkRe.FindStringSubmatch(raw); m != nil {
		if href, ok := n.messageLink(m[1], m[2], m[3]); ok {
			return `<a href="` + html.EscapeString(href) + `">` + text + `</a>`
		}
		return `<span title="You cannot see this channel">` + text + `</span>`
	}
	return `<a href="` + html.EscapeString(u.String()) + `" target="_blank" rel="noopener noreferrer">` + text + `<span class="visually-hidden"> (opens in a new tab)</span></a>`
}

// timestamp renders <t:unix:style> as a <time> element whose text is the
// time in loc (the page's scripts redraw it in the reader's own zone).
func timestamp(t string, loc *time.Location) string {
	body := strings.TrimSuffix(strings.TrimPrefix(t, "<t:"), ">")
	secs, style, _ := strings.Cut(body, ":")
	if style == "" {
		style = "f"
	}
	n, err := strconv.ParseInt(secs, 10, 64)
	if err != nil {
		return html.EscapeString(t)
	}
	at := time.Unix(n, 0).In(loc)
	return fmt.Sprintf(`<time class="ts" datetime="%s" data-style="%s">%s</time>`,
		at.UTC().Format(time.RFC3339), style, html.EscapeString(formatTime(at, style, time.Now())))
}

// formatTime writes a time in one of Discord's timestamp styles.
func formatTime(at time.Time, style string, now time.Time) string {
	switch style {
	case "t":
		return at.Format("15:04")
	case "T":
		return at.Format("15:04:05")
	case "d":
		return at.Format("02/01/2006")
	case "D":
		return at.Format("2 January 2006")
	case "F":
		return at.Format("Monday, 2 January 2006 15:04 MST")
	case "R":
		return relative(at, now)
	}
	return at.Format("2 January 2006 15:04 MST")
}

// relative says how long ago or ahead a time is, as Discord's R style does.
func relative(at, now time.Time) string {
	d := at.Sub(now)
	future := d > 0
	if !future {
		d = -d
	}
	var s string
	switch {
	case d < 45*time.Second:
		s = "a few seconds"
	case d < 90*time.Second:
		s = "a minute"
	case d < 45*time.Minute:
		s = fmt.Sprintf("%d minutes", int(d.Round(time.Minute).Minutes()))
	case d < 90*time.Minute:
		s = "an hour"
	case d < 22*time.Hour:
		s = fmt.Sprintf("%d hours", int(d.Round(time.Hour).Hours()))
	case d < 36*time.Hour:
		s = "a day"
	default:
		s = fmt.Sprintf("%d days", int((d+12*time.Hour).Hours()/24))
	}
	if future {
		return "in " + s
	}
	return s + " ago"
}
