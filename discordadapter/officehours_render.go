package discordadapter

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/discordspec"

	"github.com/peerhours/peerhours/bot"
)

// maxMentioned askers are mentioned in one message: 50 mentions fit in
// Discord's 2,000 characters with the rest of the text, and under its limit
// of 100 users in allowed_mentions.
const maxMentioned = 50

var notAdvice = bot.N("-# General information, not medical advice. In an emergency, call your local emergency number.")

// renderOfficeHours renders the office-hours notices, or returns nil for
// other notices. Each names exactly whom it may ping.
func renderOfficeHours(n bot.Notice) *discordgo.MessageSend {
	switch n := n.(type) {
	case bot.SessionOpened:
		return sessionOpenedMessage(n)
	case bot.QueueItem:
		return &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{itemEmbed(n)}, Components: itemButtons(n.Lang, n), AllowedMentions: noMentions()}
	case bot.QuestionTakenNotice:
		return questionTakenMessage(n)
	case bot.RunningLate:
		l := n.Lang
		t := l.Sprintf("⏳ **%s office hours are running late.** The session started <t:%d:R> and the clinician isn't here yet. Please stay: the moderators have been told.", n.Condition, n.StartsAt.Unix())
		if n.ClinicianID == "" {
			return &discordgo.MessageSend{Content: t, AllowedMentions: noMentions()}
		}
		return &discordgo.MessageSend{Content: t + "\n" + l.Sprintf("<@%s> your session has started.", n.ClinicianID), AllowedMentions: MentionUsers(n.ClinicianID)}
	case bot.LateAlert:
		l := n.Lang
		t := l.Sprintf("⏳ **%s office hours have no clinician.** <#%s> opened <t:%d:R> and nobody has taken a question; %s waiting.",
			n.Condition, n.OfficeChannelID, n.StartsAt.Unix(), l.Plural(n.Waiting, "question is", "questions are"))
		if n.ClinicianID != "" {
			t += l.Sprintf(" Scheduled clinician: <@%s>.", n.ClinicianID)
		}
		t += l.T(" Find someone to cover, or close the session with `/officehours end` so the questions move on.")
		if n.ModeratorRoleID == "" {
			return &discordgo.MessageSend{Content: t, AllowedMentions: noMentions()}
		}
		return &discordgo.MessageSend{Content: fmt.Sprintf("<@&%s> ", n.ModeratorRoleID) + t, AllowedMentions: MentionRoles(n.ModeratorRoleID)}
	case bot.SessionEndNotice:
		return sessionEndMessage(n)
	case bot.SessionCancelNotice:
		return sessionCancelMessage(n)
	case bot.SessionReport:
		return &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{reportEmbed(n)}, AllowedMentions: noMentions()}
	}
	return nil
}

// mentionLine mentions up to maxMentioned users and returns whom it may
// ping.
func mentionLine(l bot.Lang, ids []string) (string, []string) {
	shown := ids[:min(len(ids), maxMentioned)]
	var b strings.Builder
	for _, id := range shown {
		fmt.Fprintf(&b, "<@%s> ", id)
	}
	if rest := len(ids) - len(shown); rest > 0 {
		b.WriteString(l.Sprintf("and %d more", rest) + " ")
	}
	return strings.TrimSpace(b.String()), shown
}

func sessionOpenedMessage(n bot.SessionOpened) *discordgo.MessageSend {
	l := n.Lang
	var b strings.Builder
	b.WriteString(l.Sprintf("🩺 **%s office hours are open** until <t:%d:t>", n.Condition, n.EndsAt.Unix()))
	if n.ClinicianID != "" {
		b.WriteString(l.Sprintf(", with <@%s>", n.ClinicianID))
		if n.ClinicianVerified != "" {
			b.WriteString(l.Sprintf(", %s", verifiedLabel(l, n.ClinicianVerified)))
		}
	}
	b.WriteString(".")
	if n.Late {
		b.WriteString(l.Sprintf(" (They were due at <t:%d:t>; peerhours was offline then.)", n.StartsAt.Unix()))
	}
	b.WriteString(l.T(" Members can post here until the end.\n"))
	switch {
	case n.Waiting == 0:
		b.WriteString(l.T("The queue is empty: questions sent with `/ask` now are taken in turn."))
	case n.Posted < n.Waiting:
		b.WriteString(l.Sprintf("%s in the queue; the first %d follow in order, and clinicians bring up the rest.", l.Plural(n.Waiting, "question", "questions"), n.Posted))
	default:
		b.WriteString(l.Sprintf("%s in the queue, in order below.", l.Plural(n.Waiting, "question", "questions")))
	}
	if n.Anonymous > 0 {
		b.WriteString(l.T(" Anonymous questions are shown without names."))
	}
	if len(n.Agenda) > 0 {
		ids := make([]string, len(n.Agenda))
		for i, id := range n.Agenda {
			ids[i] = fmt.Sprintf("#%d", id)
		}
		b.WriteString(l.Sprintf("\nAlso on the agenda: follow-up from reviewed %s %s.", l.Pick(len(ids), "summary", "summaries"), strings.Join(ids, ", ")))
	}
	line, pinged := mentionLine(l, n.Askers)
	if line != "" {
		b.WriteString(l.Sprintf("\n%s — your questions are in this session; you'll be pinged in a thread when a clinician takes yours.", line))
	}
	b.WriteString("\n" + notAdvice.In(l))
	return &discordgo.MessageSend{Content: b.String(), AllowedMentions: MentionUsers(pinged...)}
}

func itemEmbed(n bot.QueueItem) *discordgo.MessageEmbed {
	l := n.Lang
	asked := l.Sprintf("Asked by <@%s> <t:%d:R>", n.UserID, n.AskedAt.Unix())
	if n.Anonymous {
		asked = l.Sprintf("Asked anonymously <t:%d:R>", n.AskedAt.Unix())
	}
	if n.Erased {
		// The asker erased their data: nothing of the question, nor who
		// asked it, stays on the post.
		return &discordgo.MessageEmbed{
			Title:       l.Sprintf("Question %d", n.Position),
			Description: l.T("_This question was erased at its asker's request._"),
			Color:       colorInfo,
		}
	}
	e := &discordgo.MessageEmbed{
		Title:       l.Sprintf("Question %d", n.Position),
		Description: quote(n.Text) + "\n\n" + asked,
		Color:       colorInfo,
	}
	var status string
	switch n.Outcome {
	case bot.OutcomeTaken:
		status, e.Color = l.Sprintf("🩺 Taken by <@%s>", n.TakenBy), colorWarn
		if n.ThreadID != "" {
			status += l.Sprintf(" — <#%s>", n.ThreadID)
		}
	case bot.OutcomeAnswered:
		status, e.Color = "✅ Answered", colorOK
		if n.ThreadID != "" {
			status += l.Sprintf(" — <#%s>", n.ThreadID)
		}
	case bot.OutcomeMoved, bot.OutcomeRolledOver:
		status = l.T("⏭️ Moved to the next session")
		if n.Outcome == bot.OutcomeRolledOver {
			status = l.T("⏭️ Not reached in time; moved to the next session")
		}
		if !n.NextAt.IsZero() {
			status += l.Sprintf(", <t:%d:F>", n.NextAt.Unix())
		}
		e.Color = colorInfo
	case bot.OutcomeWithdrawn:
		status, e.Color = "↩️ Withdrawn", colorInfo
	}
	if status != "" {
		e.Description += "\n" + status
	}
	return e
}

// itemButtons are a question's buttons as its outcome allows: Take while
// it waits, Answered and Move until it is done.
func itemButtons(l bot.Lang, n bot.QueueItem) []discordgo.MessageComponent {
	id := func(route string) string { return fmt.Sprintf("%s:%d:%d", route, n.SessionID, n.QuestionID) }
	var buttons []discordgo.MessageComponent
	if n.Erased {
		return []discordgo.MessageComponent{}
	}
	switch n.Outcome {
	case bot.OutcomeWaiting:
		buttons = append(buttons, discordgo.Button{Style: discordgo.PrimaryButton, Label: l.T("Take"), CustomID: id(routeTake)})
		fallthrough
	case bot.OutcomeTaken:
		buttons = append(buttons,
			discordgo.Button{Style: discordgo.SuccessButton, Label: l.T("Answered"), CustomID: id(routeAnswered)},
			discordgo.Button{Style: discordgo.SecondaryButton, Label: l.T("Move to next session"), CustomID: id(routeMove)})
	default:
		return []discordgo.MessageComponent{}
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
}

func questionTakenMessage(n bot.QuestionTakenNotice) *discordgo.MessageSend {
	l := n.Lang
	if n.Private {
		// The first message of a private thread mentions its two members
		// (a mention lets them in) and must fit Discord's 2,000
		// characters whatever the question's length: the quote is clipped
		// to what is left, and a clipped question follows whole in an
		// embed of the same message.
		head := l.Sprintf("<@%s> <@%s>%s will answer your anonymous question here. Only the two of you (and moderators) can see this thread.",
			n.UserID, n.ClinicianID, verifiedSuffix(l, n.Verified))
		q, clipped := quoteWithin(l, n.Text, discordspec.MessageContentMax-utf8.RuneCountInString(head+notAdvice.In(l))-2)
		msg := &discordgo.MessageSend{Content: head + "\n" + q + "\n" + notAdvice.In(l), AllowedMentions: MentionUsers(n.UserID, n.ClinicianID)}
		if clipped {
			msg.Embeds = []*discordgo.MessageEmbed{{Title: l.T("The whole question"), Color: colorInfo,
				Description: truncate(strings.TrimSpace(n.Text), discordspec.EmbedDescriptionMax)}}
		}
		return msg
	}
	t := l.Sprintf("<@%s> <@%s>%s is answering your question in this thread.\n%s", n.UserID, n.ClinicianID, verifiedSuffix(l, n.Verified), notAdvice)
	return &discordgo.MessageSend{Content: t, AllowedMentions: MentionUsers(n.UserID)}
}

func sessionEndMessage(n bot.SessionEndNotice) *discordgo.MessageSend {
	l := n.Lang
	var b strings.Builder
	if n.Opened {
		b.WriteString(l.Sprintf("🔒 **%s office hours are closed.** %s answered. Thank you all.", n.Condition, l.Plural(n.Answered, "question", "questions")))
	} else {
		b.WriteString(l.Sprintf("📅 **The %s office hours of <t:%d:F> did not take place**: peerhours was offline. Sorry.", n.Condition, n.StartsAt.Unix()))
	}
	if n.Waiting > 0 {
		if n.NextAt.IsZero() {
			b.WriteString(l.Sprintf("\n%s in the queue; no session is scheduled yet, and the moderators know.", l.Plural(n.Waiting, "question still waits", "questions still wait")))
		} else {
			b.WriteString(l.Sprintf("\n%s to the next session, <t:%d:F> (<t:%d:R>).", l.Plural(n.Waiting, "question moves", "questions move"), n.NextAt.Unix(), n.NextAt.Unix()))
		}
	}
	line, pinged := mentionLine(l, n.Askers)
	if line != "" {
		b.WriteString(l.Sprintf("\n%s — %s `/queue show` tells you your place.", line, l.Pick(n.Waiting, "it is yours.", "yours is among them.")))
	}
	return &discordgo.MessageSend{Content: b.String(), AllowedMentions: MentionUsers(pinged...)}
}

func sessionCancelMessage(n bot.SessionCancelNotice) *discordgo.MessageSend {
	l := n.Lang
	var b strings.Builder
	b.WriteString(l.Sprintf("📅 **The %s office hours on <t:%d:F> are cancelled.**", n.Condition, n.StartsAt.Unix()))
	if n.Series {
		b.WriteString(l.T(" So are the sessions after it in that series."))
	}
	if n.Waiting > 0 {
		if n.NextAt.IsZero() {
			b.WriteString(l.Sprintf("\n%s in the queue; no session is scheduled yet, and the moderators know.", l.Plural(n.Waiting, "question stays", "questions stay")))
		} else {
			b.WriteString(l.Sprintf("\n%s in the queue for the next session, <t:%d:F> (<t:%d:R>).", l.Plural(n.Waiting, "question stays", "questions stay"), n.NextAt.Unix(), n.NextAt.Unix()))
		}
	} else if !n.NextAt.IsZero() {
		b.WriteString(l.Sprintf("\nThe next session is <t:%d:F>.", n.NextAt.Unix()))
	}
	line, pinged := mentionLine(l, n.Askers)
	if line != "" {
		b.WriteString(l.Sprintf("\n%s — %s", line, l.Pick(n.Waiting, "it is yours.", "yours is among them.")))
	}
	return &discordgo.MessageSend{Content: b.String(), AllowedMentions: MentionUsers(pinged...)}
}

var outcomeMarks = map[bot.Outcome]bot.Msg{
	bot.OutcomeAnswered: bot.N("✅ answered"), bot.OutcomeMoved: bot.N("⏭️ moved"), bot.OutcomeRolledOver: bot.N("↪️ not reached"),
	bot.OutcomeWithdrawn: bot.N("↩️ withdrawn"), bot.OutcomeTaken: bot.N("🩺 taken"), bot.OutcomeWaiting: bot.N("… waiting"),
}

func reportEmbed(n bot.SessionReport) *discordgo.MessageEmbed {
	l := n.Lang
	var lines []string
	if n.OpenedAt.IsZero() {
		lines = append(lines, l.Sprintf("Scheduled <t:%d:F>–<t:%d:t>. **It never opened**: peerhours was not running; its questions moved on.", n.StartsAt.Unix(), n.EndsAt.Unix()))
	} else {
		lines = append(lines, l.Sprintf("Scheduled <t:%d:F>–<t:%d:t>; open <t:%d:t>–<t:%d:t>.", n.StartsAt.Unix(), n.EndsAt.Unix(), n.OpenedAt.Unix(), n.ClosedAt.Unix()))
	}
	if len(n.Clinicians) > 0 {
		c := make([]string, len(n.Clinicians))
		for i, id := range n.Clinicians {
			c[i] = "<@" + id + ">"
		}
		lines = append(lines, l.Sprintf("Clinicians: %s", strings.Join(c, ", ")))
	}
	lines = append(lines, l.Sprintf("**%d answered** · %d moved · %d not reached · %d withdrawn, of %d.", n.Answered, n.Moved, n.RolledOver, n.Withdrawn, len(n.Items)))
	if n.LongestWait > 0 {
		lines = append(lines, l.Sprintf("Waiting, from asked to taken: median %s, longest %s.", span(n.MedianWait), span(n.LongestWait)))
	}
	if len(n.Agenda) > 0 {
		ids := make([]string, len(n.Agenda))
		for i, id := range n.Agenda {
			ids[i] = fmt.Sprintf("#%d", id)
		}
		lines = append(lines, l.Sprintf("Summary follow-ups on the agenda: %s", strings.Join(ids, ", ")))
	}
	if n.SummaryURL != "" {
		lines = append(lines, l.Sprintf("Summary of the session's threads: [draft for review](%s)", n.SummaryURL))
	}
	if len(n.Items) > 0 {
		lines = append(lines, "")
	}
	head := strings.Join(lines, "\n")
	var items []string
	size := len(head)
	for i, it := range n.Items {
		line := l.Sprintf("`%d` %s · waited %s — %s", it.Position, outcomeMarks[it.Outcome], span(it.Wait), memberText(it.Excerpt))
		if size+len(line)+1 > 3900 {
			items = append(items, l.Sprintf("…and %d more.", len(n.Items)-i))
			break
		}
		items = append(items, line)
		size += len(line) + 1
	}
	var fields []*discordgo.MessageEmbedField
	if !n.Outcomes.Total.To.IsZero() {
		fields = append(fields, &discordgo.MessageEmbedField{Name: l.Sprintf("%s, %s", n.Condition, n.Outcomes.Period.Label(l)),
			Value: l.T("The same figures as `/stats` (which adds a chart and CSV):")})
		fields = append(fields, figureFields(l, n.Outcomes.Total)...)
	}
	return &discordgo.MessageEmbed{
		Title:       l.Sprintf("Session report — %s office hours", n.Condition),
		Description: head + "\n" + strings.Join(items, "\n"),
		Fields:      fields,
		Color:       colorInfo,
		Footer:      &discordgo.MessageEmbedFooter{Text: l.Sprintf("Session %d · no names: question numbers are their place in the session's queue", n.SessionID)},
	}
}

// span is a duration as people say it: "45 min", "3 h 10 min", "2 d 4 h".
func span(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "<1 min"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d d %d h", int(d.Hours())/24, int(d.Hours())%24)
}

// quote shows a member's text as a block quote, clipped to fit an embed,
// by the rule for quoted member text (memberText).
func quote(s string) string {
	s = memberText(truncate(strings.TrimSpace(s), 1800))
	return "> " + strings.ReplaceAll(s, "\n", "\n> ")
}

// verifiedLabel says a clinician is verified, and where: "verified
// clinician (Ontario)". It never names the licence.
func verifiedLabel(l bot.Lang, jurisdiction string) string {
	return l.Sprintf("✅ verified clinician (%s)", jurisdiction)
}

func verifiedSuffix(l bot.Lang, jurisdiction string) string {
	if jurisdiction == "" {
		return ""
	}
	return ", " + verifiedLabel(l, jurisdiction) + ","
}

// quoteWithin is quote clipped further, with "…" and "(continued below)" in l,
// so that the quote holds at most limit characters; clipped says whether
// it was.
func quoteWithin(l bot.Lang, s string, limit int) (string, bool) {
	if q := quote(s); utf8.RuneCountInString(q) <= limit {
		return q, false
	}
	more := l.T(" (continued below)")
	r := []rune(strings.TrimSpace(s))
	keep := min(len(r), limit)
	for keep > 0 {
		q := quote(string(r[:keep])+"…") + more
		n := utf8.RuneCountInString(q)
		if n <= limit {
			return q, true
		}
		keep -= n - limit
	}
	return "", true
}
