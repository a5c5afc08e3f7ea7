package discordadapter

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// Custom-ID prefixes of the buttons on notices. Each carries the ID it acts
// on, so it works after a restart.
const (
	routeAck      = "ack"      // ack:<alert>
	routeOutcome  = "outcome"  // outcome:<alert>:<concern|no_concern>
	routeWithdraw = "withdraw" // withdraw:<question>
	routeOffer    = "offer"    // offer:<message>
)

// ErrUnknownNotice is renderNotice's answer for a notice it has no
// rendering for: a bug, refused rather than posted as an empty "…" in a
// patient's channel. It is EINVALID: retrying cannot help.
var ErrUnknownNotice = &bot.Error{Code: bot.EINVALID, Message: "no rendering for this kind of notice"}

// renderNotice turns a notice into a message. It is the one place that
// decides whom each kind of message may ping. A notice of a kind it does
// not know is an error wrapping ErrUnknownNotice.
func renderNotice(n bot.Notice) (*discordgo.MessageSend, error) {
	if m := renderKnown(n); m != nil {
		return m, nil
	}
	return nil, fmt.Errorf("render %T: %w", n, ErrUnknownNotice)
}

func renderKnown(n bot.Notice) *discordgo.MessageSend {
	switch n := n.(type) {
	case bot.CrisisReply:
		return &discordgo.MessageSend{
			Content:   n.Text(),
			Reference: reply(n.ChannelID, n.ReplyTo),
			// The person is pinged by the reply so they see it; nobody else.
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, RepliedUser: true},
		}
	case bot.EmergencyAlert:
		return alertMessage(n)
	case bot.SummaryReview:
		return renderReview(n)
	case bot.QueueReceipt:
		m := &discordgo.MessageSend{
			Content:         receiptText(n),
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, RepliedUser: true},
			Components:      receiptButtons(n),
		}
		if n.ReplyTo != "" {
			m.Reference = reply(n.ChannelID, n.ReplyTo)
		}
		return m
	case bot.NoSessionNotice:
		return &discordgo.MessageSend{
			Content: n.Lang.Sprintf("📅 **%s**: %s waiting in the office-hours queue and no session is scheduled. Schedule one with `/officehours schedule condition:%s`.",
				n.Condition, n.Lang.Plural(n.Waiting, "question is", "questions are"), n.Condition),
			AllowedMentions: noMentions(),
		}
	case bot.PeerWelcome:
		return peerWelcome(n)
	case bot.BackstopNote:
		return backstopNote(n)
	case bot.PeerFollowup:
		return &discordgo.MessageSend{
			Content: n.Lang.Sprintf("<@%s> Nobody has replied here yet. Would you like a clinician to answer it at the next office hours?", n.UserID),
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Style: discordgo.PrimaryButton, Label: n.Lang.T("Send to office hours"), CustomID: routeOffer + ":" + n.SourceMessageID},
			}}},
			AllowedMentions: MentionUsers(n.UserID),
		}
	}
	if m := renderOfficeHours(n); m != nil {
		return m
	}
	return renderTrust(n)
}

func reply(channelID, messageID string) *discordgo.MessageReference {
	if messageID == "" {
		return nil
	}
	f := false
	return &discordgo.MessageReference{MessageID: messageID, ChannelID: channelID, FailIfNotExists: &f}
}

func alertMessage(n bot.EmergencyAlert) *discordgo.MessageSend {
	l := n.Lang
	where := fmt.Sprintf("<#%s>", n.SourceChannelID)
	link := ""
	if n.SourceMessageID != "" {
		link = l.Sprintf(" · [Jump to the message](%s)", bot.JumpURL(n.GuildID, n.SourceChannelID, n.SourceMessageID))
	} else {
		link = l.T(" · sent privately with /ask")
	}
	lines := []string{
		l.Sprintf("<@%s> in %s%s", n.UserID, where, link),
		l.Sprintf("Opened <t:%d:R>", n.OpenedAt.Unix()),
	}
	if n.Messages > 1 {
		lines = append(lines, l.Sprintf("%d messages from them since then", n.Messages))
	}
	if n.FlaggedBy != "" {
		lines = append(lines, l.Sprintf("Flagged as urgent by <@%s>", n.FlaggedBy))
	}
	if len(n.Reasons) > 0 {
		lines = append(lines, l.Sprintf("Why: `%s`", strings.Join(n.Reasons, "`, `")))
	}
	title, footer := l.Sprintf("🚨 Possible emergency — %s", n.Condition), l.T("The person has been sent crisis resources. Check in with them, and acknowledge so others know.")
	switch n.Kind {
	case bot.AlertLLM:
		title = l.Sprintf("🤖 Raised by the LLM (not confirmed by the rules) — %s", n.Condition)
		lines = append(lines, l.T("The rules did not call this an emergency; the LLM's second opinion did. No crisis reply was posted: read the message and reach out if it is one."))
		footer = l.T("Nothing was posted to the person. Check the message, and acknowledge so others know.")
	case bot.AlertPeer:
		title = l.Sprintf("🫂 A member is worried about someone — %s", n.Condition)
		footer = l.T("Nothing was posted to the person, and they are never told who raised it. Check in with them privately, and acknowledge so others know.")
	}
	if n.Reports > 0 {
		lines = append(lines, reportedBy(n))
	}
	if n.Realert {
		title = l.Sprintf("Re-alert: %s", title)
	}
	e := &discordgo.MessageEmbed{
		Title:       title,
		Description: strings.Join(lines, "\n"),
		Color:       colorDanger,
		Footer:      &discordgo.MessageEmbedFooter{Text: footer},
	}
	m := &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{e}, AllowedMentions: noMentions()}
	if n.AcknowledgedBy != "" {
		// Every post of the alert ends up here once someone took it: no
		// ping (an edit never notifies anyone anyway), and instead of
		// Acknowledge the outcome to record, once, as labelled feedback.
		e.Color = colorOK
		e.Description += "\n" + l.Sprintf("✅ Acknowledged by <@%s> <t:%d:R>", n.AcknowledgedBy, n.AcknowledgedAt.Unix())
		e.Footer = nil
		m.Components = []discordgo.MessageComponent{}
		switch n.Outcome {
		case bot.AlertOutcomeConcern:
			e.Description += "\n" + l.Sprintf("Outcome: they needed help (<@%s>)", n.OutcomeBy)
		case bot.AlertOutcomeNoConcern:
			e.Description += "\n" + l.Sprintf("Outcome: not a concern (<@%s>)", n.OutcomeBy)
		default:
			e.Footer = &discordgo.MessageEmbedFooter{Text: l.T("Once you know, record what it was: it helps peerhours learn what to alert on.")}
			m.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Style: discordgo.SecondaryButton, Label: l.T("They needed help"), CustomID: fmt.Sprintf("%s:%d:%s", routeOutcome, n.AlertID, bot.AlertOutcomeConcern)},
				discordgo.Button{Style: discordgo.SecondaryButton, Label: l.T("Not a concern"), CustomID: fmt.Sprintf("%s:%d:%s", routeOutcome, n.AlertID, bot.AlertOutcomeNoConcern)},
			}}}
		}
		return m
	}
	m.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Style: discordgo.DangerButton, Label: l.T("Acknowledge"), CustomID: fmt.Sprintf("%s:%d", routeAck, n.AlertID)},
	}}}
	m.Content, m.AllowedMentions = alertPing(n)
	return m
}

// alertPing is the text that pings whom an alert post must reach, and the
// allowed mentions naming exactly them: the moderator role on the first
// post; on the re-alert the moderator role again and the escalation role,
// or the owner when the server set none.
func alertPing(n bot.EmergencyAlert) (string, *discordgo.MessageAllowedMentions) {
	var pings []string
	am := noMentions()
	if n.ModeratorRoleID != "" {
		pings = append(pings, "<@&"+n.ModeratorRoleID+">")
		am.Roles = append(am.Roles, n.ModeratorRoleID)
	}
	l := n.Lang
	what := l.T("Possible emergency: please check in with them and acknowledge.")
	switch n.Kind {
	case bot.AlertLLM:
		what = l.T("Raised by the LLM (not confirmed by the rules): please read this message and acknowledge.")
	case bot.AlertPeer:
		what = l.T("A member is worried about someone: please check in with them and acknowledge.")
	}
	if n.Realert {
		switch {
		case n.EscalationRoleID != "" && n.EscalationRoleID != n.ModeratorRoleID:
			pings = append(pings, "<@&"+n.EscalationRoleID+">")
			am.Roles = append(am.Roles, n.EscalationRoleID)
		case n.EscalationRoleID == "" && n.EscalationUserID != "":
			pings = append(pings, "<@"+n.EscalationUserID+">")
			am.Users = append(am.Users, n.EscalationUserID)
		}
		what = l.T("Nobody has acknowledged this alert for 5 minutes.")
	}
	if len(pings) == 0 {
		return what, am
	}
	return strings.Join(pings, " ") + " " + what, am
}

// reportedBy says who raised an alert from the message menu: the reporters
// the moderators may see, and how many are not named because the person
// reported can read this channel.
func reportedBy(n bot.EmergencyAlert) string {
	l := n.Lang
	const maxNamed = 10 // an embed holds 4,096 characters
	var who []string
	for i, id := range n.Reporters {
		if i == maxNamed {
			who = append(who, l.Plural(len(n.Reporters)-maxNamed, "more member", "more members"))
			break
		}
		who = append(who, "<@"+id+">")
	}
	if n.ReportersWithheld > 0 {
		who = append(who, l.Sprintf("%s not named here (the person can read this channel)", l.Plural(n.ReportersWithheld, "member", "members")))
	}
	if len(who) == 0 {
		who = []string{l.T("a member")}
	}
	return l.Sprintf("Raised by %s with “I'm worried about this person”", strings.Join(who, ", "))
}

func receiptText(n bot.QueueReceipt) string {
	l := n.Lang
	switch n.Status {
	case bot.QuestionWithdrawn:
		return l.Sprintf("↩️ This question was withdrawn from the **%s** office-hours queue.", n.Condition)
	case bot.QuestionAnswered:
		if n.ThreadID != "" {
			return l.Sprintf("✅ This question was answered in the **%s** office hours <t:%d:F>: the answer is in <#%s>.", n.Condition, n.AnsweredAt.Unix(), n.ThreadID)
		}
		return l.Sprintf("✅ This question was answered in the **%s** office hours <t:%d:F>.", n.Condition, n.AnsweredAt.Unix())
	case bot.QuestionRemoved:
		return l.Sprintf("This question is no longer in the **%s** office-hours queue.", n.Condition)
	}
	var b strings.Builder
	if n.SentBy != "" {
		b.WriteString(l.Sprintf("📋 A moderator sent this question to the **%s** office-hours queue", n.Condition))
	} else {
		b.WriteString(l.Sprintf("📋 Your question is in the **%s** office-hours queue", n.Condition))
	}
	switch {
	case n.NextSession.IsZero():
		b.WriteString(l.T(". No session is scheduled yet; the moderators have been told."))
	case n.Open:
		// NextSession is the open session: it started already.
		b.WriteString(l.T(", and a session is open right now: a clinician may take it before it ends."))
	default:
		b.WriteString(l.Sprintf(" for <t:%d:F> (<t:%d:R>).", n.NextSession.Unix(), n.NextSession.Unix()))
	}
	b.WriteString(l.T(" A clinician will answer in the office-hours channel, and you'll be mentioned when it's your turn."))
	if n.Anonymous {
		b.WriteString(l.T(" It is anonymous: other members won't see your name; clinicians will."))
	}
	if n.FAQ != nil {
		b.WriteString(faqWhileYouWait(l, n.FAQ))
	}
	return b.String()
}

func receiptButtons(n bot.QueueReceipt) []discordgo.MessageComponent {
	if n.Final() {
		return []discordgo.MessageComponent{}
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Style: discordgo.SecondaryButton, Label: n.Lang.T("Withdraw"), CustomID: fmt.Sprintf("%s:%d", routeWithdraw, n.QuestionID)},
	}}}
}
