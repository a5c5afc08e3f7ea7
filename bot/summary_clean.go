package bot

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/peerhours/peerhours/bot/redact"
	"github.com/peerhours/peerhours/bot/triage"
)

// Bounds of a draft. An LLM's reply is cut to them; the review post is
// built to fit Discord's limits with them.
const (
	maxOverviewRunes = 1000
	maxItemRunes     = 400
	maxSectionItems  = 8
	maxItemCites     = 10
)

// methodWithheld replaces a statement that would spell out a means or
// method of self-harm or overdose. The cited messages stay linked, so a
// clinician can read them in context.
var methodWithheld = N("A member's message describes a risk of self-harm, suicide or overdose; details withheld here, read the cited messages.")

// linkRemoved stands where a link was.
var linkRemoved = N("[link removed]")

// cleanDraft checks an LLM's draft in code, whatever the model promised:
// citations must name messages it was given (known refs), items without
// one are dropped, mentions and links are stripped, lengths and counts are
// bounded, and statements that spell out a self-harm method are replaced.
// An item that says nothing after this is dropped. What the code writes
// in the draft's place is in l, the draft's language.
func cleanDraft(l Lang, d Draft, known map[string]bool) Draft {
	r := redact.New(nil)
	out := Draft{}
	if it, ok := cleanItem(r, l, d.Overview, known, maxOverviewRunes); ok {
		out.Overview = it
	}
	out.Themes = cleanItems(r, l, d.Themes, known)
	out.Questions = cleanItems(r, l, d.Questions, known)
	out.Misinformation = cleanItems(r, l, d.Misinformation, known)
	out.Safety = cleanItems(r, l, d.Safety, known)
	return out
}

func cleanItems(r *redact.Redactor, l Lang, items []SummaryItem, known map[string]bool) []SummaryItem {
	var out []SummaryItem
	seen := map[string]bool{}
	for _, it := range items {
		if len(out) == maxSectionItems {
			break
		}
		c, ok := cleanItem(r, l, it, known, maxItemRunes)
		if !ok || seen[strings.ToLower(c.Text)] {
			continue
		}
		seen[strings.ToLower(c.Text)] = true
		out = append(out, c)
	}
	return out
}

func cleanItem(r *redact.Redactor, l Lang, it SummaryItem, known map[string]bool, maxRunes int) (SummaryItem, bool) {
	var cites []string
	for _, c := range it.Cites {
		c = strings.TrimSpace(c)
		if known[c] && !slices.Contains(cites, c) {
			cites = append(cites, c)
			if len(cites) == maxItemCites {
				break
			}
		}
	}
	if len(cites) == 0 {
		return SummaryItem{}, false
	}
	text := cleanText(r, l, it.Text, maxRunes)
	if text == "" {
		return SummaryItem{}, false
	}
	if spellsOutMethod(text) {
		text = methodWithheld.In(l)
	}
	return SummaryItem{Text: text, Cites: cites}, true
}

// cleanText makes one line of plain text safe to post: no links (masked
// Markdown links keep their label), no mentions or "@", no Discord markup,
// no control characters, no Markdown headings or quotes that change how a
// review post reads, at most maxRunes runes.
func cleanText(r *redact.Redactor, l Lang, s string, maxRunes int) string {
	if len(s) > 8*maxRunes {
		s = s[:8*maxRunes] // the rest would be cut anyway; bounds the work
	}
	s = strings.ToValidUTF8(s, "")
	s = unmaskLinks(s)
	s = stripAngleMarkup(s)
	// Openers of markup left unclosed go too ("<" alone stays: "sugar < 70").
	for strings.Contains(s, "<@") || strings.Contains(s, "<#") || strings.Contains(s, "</") || strings.Contains(s, "<:") {
		s = strings.NewReplacer("<@", "<", "<#", "<", "</", "<", "<:", "<").Replace(s)
	}
	// Links, bare domains and invites, as the redactor finds them.
	if spans := r.Find(s); len(spans) > 0 {
		var b strings.Builder
		last := 0
		for _, sp := range spans {
			if sp.Kind != redact.KindURL {
				continue
			}
			b.WriteString(s[last:sp.Start])
			b.WriteString(linkRemoved.In(l))
			last = sp.End
		}
		b.WriteString(s[last:])
		s = b.String()
	}
	s = stripSchemes(l, s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '@' || r == '＠' || r == '﹫':
			continue
		case r == '`' || r == '\\':
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\u2060' || r == '\ufeff':
			space = true
			continue
		case unicode.Is(unicode.Cf, r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	// With "@" gone, "everyone" and "here" are ordinary words.
	out := strings.TrimLeft(b.String(), "#>-*_|~ ")
	return truncateRunes(strings.TrimSpace(out), maxRunes)
}

// unmaskLinks turns "[label](target)" into "label".
func unmaskLinks(s string) string {
	for {
		i := strings.Index(s, "](")
		if i < 0 {
			return s
		}
		open := strings.LastIndexByte(s[:i], '[')
		end := strings.IndexByte(s[i+2:], ')')
		if end < 0 {
			return s[:i+1] + s[i+2:]
		}
		label := s[i:i]
		if open >= 0 {
			label = s[open+1 : i]
		} else {
			open = i
		}
		s = s[:open] + label + s[i+2+end+1:]
	}
}

// stripAngleMarkup removes Discord's <…> markup: mentions <@1>, <@!1>,
// <@&1>, channels <#1>, commands </x:1>, emoji and timestamps, and
// autolinks <https://…>.
func stripAngleMarkup(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 || j > 200 || strings.ContainsAny(s[i+1:i+j], " \n") && !strings.Contains(s[i+1:i+j], "://") {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		s = s[i+j+1:]
	}
}

// stripSchemes removes whatever is left that looks like a link: anything
// with "://", and the words "discord.gg/…".
func stripSchemes(l Lang, s string) string {
	gone := linkRemoved.In(l)
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			break
		}
		start := i
		for start > 0 && !unicode.IsSpace(rune(s[start-1])) {
			start--
		}
		end := i + 3
		for end < len(s) && !unicode.IsSpace(rune(s[end])) {
			end++
		}
		s = s[:start] + gone + s[end:]
	}
	lower := strings.ToLower(s)
	for _, host := range []string{"discord.gg/", "discord.com/invite/", "discordapp.com/invite/"} {
		for {
			i := strings.Index(lower, host)
			if i < 0 {
				break
			}
			end := i + len(host)
			for end < len(s) && !unicode.IsSpace(rune(s[end])) {
				end++
			}
			s = s[:i] + gone + s[end:]
			lower = lower[:i] + strings.ToLower(gone) + lower[end:]
		}
	}
	return s
}

// spellsOutMethod reports text the triage rules read as naming a means or
// plan of self-harm, suicide or overdose.
func spellsOutMethod(text string) bool {
	d := triage.Classify(text)
	for _, r := range d.Reasons {
		switch r {
		case "emergency.selfharm.method", "emergency.selfharm.means_question", "emergency.selfharm.plan",
			"emergency.selfharm.intent", "emergency.selfharm.preparation", "emergency.selfharm.behaviour",
			"emergency.overdose.mention", "emergency.overdose.too_much":
			return true
		}
	}
	return false
}

// truncateRunes cuts s to at most n runes, at a word boundary when one is
// near, marking the cut with "…".
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, count := 0, 0
	for i := range s {
		if count == n-1 {
			cut = i
			break
		}
		count++
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > cut*3/4 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ,.;:") + "…"
}
