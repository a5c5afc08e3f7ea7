package discordadapter

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// Custom-ID prefixes of the review buttons; each carries the summary ID.
const (
	routeSummaryApprove  = "sumok"     // sumok:<summary>
	routeSummaryFollowUp = "sumfu"     // sumfu:<summary>
	routeSummaryReject   = "sumno"     // sumno:<summary>, opens the reason modal
	routeSummaryReason   = "sumreason" // sumreason:<summary>, the modal's submission
)

const (
	maxEmbedTitle  = 256
	maxEmbedsTotal = 6000
)

// renderReview lays out one part of a summary draft in the review channel:
// a header (part 1), one embed per section, and on the last part the review
// buttons or the decision. Nobody is pinged: the requester is named, not
// mentioned.
func renderReview(n bot.SummaryReview) *discordgo.MessageSend {
	l := n.Lang
	var embeds []*discordgo.MessageEmbed
	color := colorInfo
	if n.Kind == bot.SummaryExtractive {
		color = colorWarn
	}
	if n.Emptied {
		// A part an erasure made unnecessary: it keeps nothing of what it
		// said, and no buttons.
		return &discordgo.MessageSend{AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{},
			Embeds: []*discordgo.MessageEmbed{{Title: truncate(l.Sprintf("📝 %s — part %d", n.Condition, n.Part), maxEmbedTitle),
				Description: l.T("_Removed: the statements in this part rested on messages that were erased._"), Color: colorWarn}}}
	}
	if n.First() {
		title := l.Sprintf("📝 Summary draft — %s", n.Condition)
		if n.Kind == bot.SummaryExtractive {
			title = l.Sprintf("📝 Extractive summary — %s", n.Condition)
		}
		if n.Parts > 1 {
			title += l.Sprintf(" (part 1 of %d)", n.Parts)
		}
		var b strings.Builder
		b.WriteString(l.Sprintf("<#%s> · %s from %s", n.SourceChannelID, l.Plural(n.Sources, "message", "messages"), l.Plural(n.Authors, "member", "members")))
		if !n.FirstAt.IsZero() {
			b.WriteString(l.Sprintf(" · <t:%d:f> – <t:%d:f>", n.FirstAt.Unix(), n.LastAt.Unix()))
		}
		if n.Focus != "" {
			b.WriteString(l.Sprintf("\n**Focus:** %s", truncate(n.Focus, 200)))
		}
		if n.Kind == bot.SummaryExtractive {
			b.WriteString(l.Sprintf("\n**Extractive summary** (%s): built from the messages themselves, without an LLM.", fallbackText(l, n.Fallback)))
		} else {
			b.WriteString(l.T("\n**LLM draft** from redacted, pseudonymised messages, checked in code. Verify each point against the linked messages."))
		}
		switch {
		case n.Origin == bot.OriginDigest:
			b.WriteString(l.T("\nDaily digest."))
		case n.Origin == bot.OriginSession:
			b.WriteString(l.T("\nOffice-hours session."))
		case n.RequestedBy != "":
			b.WriteString(l.Sprintf("\nRequested by <@%s>.", n.RequestedBy))
		}
		if w := n.Written; w != "" {
			b.WriteString(l.Sprintf("\n**Language of the summary:** %s, the conversation's.", w.Name()))
		}
		b.WriteString(l.T("\nMembers appear as Member A, B, …, other people as Person 1, 2, … and places as Place 1, 2, …; names and contact details were removed. Not medical advice."))
		embeds = append(embeds, &discordgo.MessageEmbed{Title: truncate(title, maxEmbedTitle), Description: truncate(b.String(), maxEmbedDescription), Color: color})
	} else {
		embeds = append(embeds, &discordgo.MessageEmbed{Title: l.Sprintf("📝 %s — part %d of %d", n.Condition, n.Part, n.Parts), Color: color})
	}
	for _, sec := range n.Sections {
		title := sec.Title
		if sec.Continued {
			title += l.T(" (continued)")
		}
		var lines []string
		for _, it := range sec.Items {
			line := "• " + it.Text
			if len(it.Links) > 0 {
				var refs []string
				for i, link := range it.Links {
					refs = append(refs, fmt.Sprintf("[%d](%s)", i+1, link))
				}
				line += " — " + strings.Join(refs, " ")
			}
			if it.More > 0 {
				line += l.Sprintf(" +%d more", it.More)
			}
			lines = append(lines, line)
		}
		desc := strings.Join(lines, "\n")
		if len(sec.Items) == 0 {
			desc = "_" + sec.Note + "_"
		}
		embeds = append(embeds, &discordgo.MessageEmbed{Title: truncate(title, maxEmbedTitle), Description: truncateLines(desc, maxEmbedDescription), Color: color})
	}
	m := &discordgo.MessageSend{AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{}}
	if n.Last() {
		var status []string
		if n.Outdated {
			status = append(status, l.T("⚠️ New messages arrived after this draft; run `/summarize` again for an up-to-date one."))
		}
		if n.Erased > 0 {
			status = append(status, l.Sprintf("🗑️ %s removed because the messages %s on were erased (deleted on Discord, or their author left summaries or erased their data). This draft can't be approved as drafted: run `/summarize` again for a new one.",
				l.Plural(n.Erased, "statement was", "statements were"), l.Pick(n.Erased, "it rested", "they rested")))
		}
		switch n.Status {
		case bot.ReviewApproved:
			status = append(status, l.Sprintf("✅ Approved by <@%s> <t:%d:R>", n.ReviewedBy, n.ReviewedAt.Unix()))
		case bot.ReviewFollowUp:
			status = append(status, l.Sprintf("📌 Needs follow-up (added to the next %s office hours' agenda) — <@%s> <t:%d:R>", n.Condition, n.ReviewedBy, n.ReviewedAt.Unix()))
		case bot.ReviewRejected:
			status = append(status, l.Sprintf("❌ Rejected by <@%s> <t:%d:R>: %s", n.ReviewedBy, n.ReviewedAt.Unix(), truncate(n.Reason, 500)))
		default: // pending
			if n.Erased > 0 {
				m.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
					discordgo.Button{Style: discordgo.DangerButton, Label: l.T("Reject"), CustomID: fmt.Sprintf("%s:%d", routeSummaryReject, n.SummaryID)},
				}}}
				break
			}
			m.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Style: discordgo.SuccessButton, Label: l.T("Approve"), CustomID: fmt.Sprintf("%s:%d", routeSummaryApprove, n.SummaryID)},
				discordgo.Button{Style: discordgo.PrimaryButton, Label: l.T("Needs follow-up"), CustomID: fmt.Sprintf("%s:%d", routeSummaryFollowUp, n.SummaryID)},
				discordgo.Button{Style: discordgo.DangerButton, Label: l.T("Reject"), CustomID: fmt.Sprintf("%s:%d", routeSummaryReject, n.SummaryID)},
			}}}
		}
		if len(status) > 0 {
			c := colorOK
			if n.Status == bot.ReviewRejected || (n.Outdated || n.Erased > 0) && n.Status == bot.ReviewPending {
				c = colorWarn
			}
			embeds = append(embeds, &discordgo.MessageEmbed{Description: truncate(strings.Join(status, "\n"), maxEmbedDescription), Color: c})
		}
	}
	m.Embeds = fitEmbeds(embeds)
	return m
}

// truncateLines cuts s to n characters at a line break when it can, so a
// cut never leaves half a link.
func truncateLines(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	r := []rune(s)[:n-2]
	if i := strings.LastIndexByte(string(r), '\n'); i > 0 {
		return string(r)[:i] + "\n…"
	}
	return string(r) + "…"
}

// fitEmbeds keeps a message within Discord's 6,000 characters across its
// embeds, shortening the longest descriptions if the layout ever overshoots.
func fitEmbeds(es []*discordgo.MessageEmbed) []*discordgo.MessageEmbed {
	size := func() (int, *discordgo.MessageEmbed) {
		total, longest := 0, es[0]
		for _, e := range es {
			total += len([]rune(e.Title)) + len([]rune(e.Description))
			if len(e.Description) > len(longest.Description) {
				longest = e
			}
		}
		return total, longest
	}
	for {
		total, longest := size()
		if total <= maxEmbedsTotal || len(longest.Description) < 100 {
			return es
		}
		longest.Description = truncateLines(longest.Description, len([]rune(longest.Description))-(total-maxEmbedsTotal)-10)
	}
}

// fallbackText says in l why a summary is extractive.
func fallbackText(l bot.Lang, reason string) string {
	switch {
	case reason == "no_llm":
		return l.T("no LLM is configured")
	case reason == "llm_unusable":
		return l.T("the LLM's draft did not pass the checks")
	case strings.HasPrefix(reason, "llm_"):
		// The rest is the failure's code (timeout, http 503), the same in
		// every language.
		return l.Sprintf("the LLM failed: %s", strings.ReplaceAll(strings.TrimPrefix(reason, "llm_"), "_", " "))
	}
	return l.T("the LLM failed")
}

func statusWord(l bot.Lang, s bot.ReviewStatus) string {
	switch s {
	case bot.ReviewApproved:
		return l.T("approved")
	case bot.ReviewFollowUp:
		return l.T("marked for follow-up")
	case bot.ReviewRejected:
		return l.T("rejected")
	}
	return l.T("waiting for review")
}
