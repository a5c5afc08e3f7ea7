package bot

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The extractive summary is built from the messages themselves, without an
// LLM: the questions people asked, the messages that drew the most replies,
// and the messages triage flagged as possible emergencies. It has the
// structure of an LLM draft and cites the same way; it is labelled as
// extractive wherever it is shown. It never quotes a flagged emergency: it
// points at it.

const (
	extractThemes    = 5
	extractQuestions = 8
	extractSafety    = 8
	excerptRunes     = 220
)

// extractive drafts a summary of msgs, whose redacted, pseudonymised form
// is src (same order; src[i].Ref cites msgs[i]), with its own words in l
// (the conversation's language, as an LLM draft would be).
func extractive(l Lang, msgs []CapturedMessage, src []SourceMessage) Draft {
	if len(msgs) == 0 {
		return Draft{}
	}
	index := make(map[string]int, len(msgs))
	for i, m := range msgs {
		index[m.ID] = i
	}
	// Replies: a Discord reply, or a message in the thread opened on a
	// message (a thread started from a message has the message's ID).
	replies := make([]int, len(msgs))
	for _, m := range msgs {
		if i, ok := index[m.ReplyTo]; ok && m.ReplyTo != "" {
			replies[i]++
		}
		if m.ParentID != "" {
			if i, ok := index[m.ChannelID]; ok {
				replies[i]++
			}
		}
	}
	authors := map[string]bool{}
	for _, m := range msgs {
		authors[m.AuthorID] = true
	}

	var d Draft
	// Safety first: every flagged emergency, pointed at, never quoted.
	for i, m := range msgs {
		if m.Category == "emergency" && len(d.Safety) < extractSafety {
			d.Safety = append(d.Safety, SummaryItem{Text: safetyText(l, src[i].Author, m.Reasons), Cites: []string{src[i].Ref}})
		}
	}
	// Questions: those triage sent to clinicians first, then any other
	// message asking something, each in the order they were written.
	var clinical, asked []int
	for i, m := range msgs {
		switch {
		case m.Category == "emergency":
		case m.Category == "clinical":
			clinical = append(clinical, i)
		case strings.Contains(src[i].Text, "?"):
			asked = append(asked, i)
		}
	}
	for _, i := range append(clinical, asked...) {
		if len(d.Questions) == extractQuestions {
			break
		}
		d.Questions = append(d.Questions, SummaryItem{Text: l.Sprintf("%s asked: %s", src[i].Author, excerpt(src[i].Text)), Cites: []string{src[i].Ref}})
	}
	// Themes: the most-replied messages (ties: the longer one).
	order := make([]int, 0, len(msgs))
	for i, m := range msgs {
		if replies[i] > 0 && m.Category != "emergency" {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(replies[b], replies[a]); c != 0 {
			return c
		}
		return cmp.Compare(len(src[b].Text), len(src[a].Text))
	})
	for _, i := range order[:min(len(order), extractThemes)] {
		d.Themes = append(d.Themes, SummaryItem{
			Text:  fmt.Sprintf("%s (%s): %s", src[i].Author, l.Plural(replies[i], "reply", "replies"), excerpt(src[i].Text)),
			Cites: []string{src[i].Ref},
		})
	}
	overview := l.Sprintf("%s from %s.", l.Plural(len(msgs), "message", "messages"), l.Plural(len(authors), "member", "members"))
	if n := len(clinical) + len(asked); n > 0 {
		overview += fmt.Sprintf(" %s.", l.Plural(n, "question asked", "questions asked"))
	}
	if len(d.Safety) > 0 {
		overview += fmt.Sprintf(" %s.", l.Plural(len(d.Safety), "message flagged as a possible emergency", "messages flagged as possible emergencies"))
	}
	cites := []string{src[0].Ref}
	if len(order) > 0 && src[order[0]].Ref != cites[0] {
		cites = append(cites, src[order[0]].Ref)
	}
	if last := src[len(src)-1].Ref; !slices.Contains(cites, last) {
		cites = append(cites, last)
	}
	d.Overview = SummaryItem{Text: overview, Cites: cites}
	return d
}

// safetyText names who and what kind of emergency, from the rule IDs.
func safetyText(l Lang, author string, reasons []string) string {
	kind := N("a possible emergency")
	switch {
	case hasReasonPrefix(reasons, "emergency.selfharm.", "emergency.overdose."):
		kind = N("a possible risk of self-harm or suicide")
	case hasReasonPrefix(reasons, "emergency.medical."):
		kind = N("a possible medical emergency")
	}
	return l.Sprintf("%s's message was flagged by triage as %s.", author, kind)
}

// excerpt is the start of a message, on one line, cut at a word.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= excerptRunes {
		return s
	}
	return truncateRunes(s, excerptRunes)
}
