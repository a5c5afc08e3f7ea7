package discordadapter

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/datetext"
)

var officehoursCommand = &discordgo.ApplicationCommand{
	Name:        "officehours",
	Description: "Schedule and run clinician office hours",
	Contexts:    guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "schedule",
			Description: "Schedule office hours for a condition, once or repeating",
			Options: []*discordgo.ApplicationCommandOption{
				conditionOption("The condition group"),
				{Type: discordgo.ApplicationCommandOptionString, Name: "start", Required: true, MaxLength: 100,
					Description: "First session, local time: 2026-12-03 18:00, 3 December 6pm, next tuesday 18:00"},
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "duration", Description: "Minutes, 15 to 240 (default 60)",
					MinValue: ptr(float64(bot.MinSessionMinutes)), MaxValue: bot.MaxSessionMinutes},
				{Type: discordgo.ApplicationCommandOptionString, Name: "repeat", Description: "How it repeats (default: once)",
					Choices: []*discordgo.ApplicationCommandOptionChoice{
						{Name: "once", Value: string(bot.RepeatNone)},
						{Name: "weekly", Value: string(bot.RepeatWeekly)},
						{Name: "every two weeks", Value: string(bot.RepeatBiweekly)},
						{Name: "monthly", Value: string(bot.RepeatMonthly)},
					}},
				{Type: discordgo.ApplicationCommandOptionUser, Name: "clinician", Description: "The clinician who runs them (needs the clinician role)"},
				{Type: discordgo.ApplicationCommandOptionString, Name: "timezone", Autocomplete: true, MaxLength: 64,
					Description: "Time zone of the start, e.g. America/New_York (default: the server's)"},
				{Type: discordgo.ApplicationCommandOptionString, Name: "rule", MaxLength: 200,
					Description: "Instead of repeat, your own rule (RFC 5545), e.g. FREQ=WEEKLY;BYDAY=TU,TH or FREQ=MONTHLY;BYDAY=1MO"},
			},
		},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "Upcoming office hours, with their IDs"},
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "cancel",
			Description: "Cancel one session, or its whole series",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "id", Description: "The session's ID from /officehours list", Required: true, MinValue: ptr(1.0)},
				{Type: discordgo.ApplicationCommandOptionString, Name: "scope", Description: "This session only (default), or the series",
					Choices: []*discordgo.ApplicationCommandOptionChoice{
						{Name: "this session", Value: "occurrence"},
						{Name: "the whole series", Value: "series"},
					}},
			},
		},
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "start",
			Description: "Open a condition's office hours now",
			Options:     []*discordgo.ApplicationCommandOption{conditionOption("The condition group")},
		},
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "end",
			Description: "Close a condition's office hours now",
			Options:     []*discordgo.ApplicationCommandOption{conditionOption("The condition group")},
		},
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "calendar",
			Description: "A private calendar feed (ICS) of the sessions you run; asking again replaces the link",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "revoke", Description: "True: end your feed without a new one"},
			},
		},
	},
}

// officehoursAudience: moderators schedule and cancel; clinicians (and
// moderators covering for them) open and close sessions.
var officehoursAudience = map[string]bot.Audience{"start": bot.Clinicians, "end": bot.Clinicians, "calendar": bot.Clinicians}

var queueCommand = &discordgo.ApplicationCommand{
	Name:        "queue",
	Description: "The office-hours queue",
	Contexts:    guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "show",
			Description: "Your place in a condition's queue (clinicians and moderators see all of it)",
			Options:     []*discordgo.ApplicationCommandOption{conditionOption("The condition group")},
		},
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "next",
			Description: "Take the next question of an open session",
			Options:     []*discordgo.ApplicationCommandOption{conditionOption("The condition group")},
		},
	},
}

var queueAudience = map[string]bot.Audience{"next": bot.Clinicians}

// Buttons on queue items: "ohtake:<session>:<question>".
const (
	routeTake     = "ohtake"
	routeAnswered = "ohdone"
	routeMove     = "ohmove"
)

func (b *Bot) officehours(ctx context.Context, r *Request) (Reply, error) {
	switch r.Subcommand() {
	case "schedule":
		return b.scheduleOfficeHours(ctx, r)
	case "list":
		list, err := b.svc.UpcomingSessions(ctx, r.Caller, 25)
		if err != nil {
			return Reply{}, err
		}
		return Reply{Embeds: []*discordgo.MessageEmbed{upcomingEmbed(r.Lang(), list)}}, nil
	case "cancel":
		res, err := b.svc.CancelSessions(ctx, r.Caller, bot.SessionID(r.Int("id", 0)), r.String("scope") == "series")
		if err != nil {
			return Reply{}, err
		}
		return Reply{Content: cancelText(r.Lang(), res)}, nil
	case "start":
		st, err := b.svc.StartSession(ctx, r.Caller, r.String("condition"))
		if err != nil {
			return Reply{}, err
		}
		return Reply{Content: startText(r.Lang(), st)}, nil
	case "end":
		st, err := b.svc.EndSession(ctx, r.Caller, r.String("condition"))
		if err != nil {
			return Reply{}, err
		}
		return Reply{Content: endText(r.Lang(), st)}, nil
	case "calendar":
		return b.calendar(ctx, r)
	}
	return Reply{}, bot.Errorf(bot.EINVALID, "Unknown subcommand.")
}

func (b *Bot) scheduleOfficeHours(ctx context.Context, r *Request) (Reply, error) {
	zone, loc, source, err := bot.ScheduleZone(r.Settings, r.String("timezone"))
	if err != nil {
		return Reply{}, err
	}
	start, err := datetext.Parse(r.String("start"), b.svc.Now().In(loc))
	if err != nil {
		return Reply{}, err
	}
	req := bot.ScheduleRequest{Condition: r.String("condition"), Start: start, Timezone: zone,
		Minutes: int(r.Int("duration", 60)), Repeat: bot.Repeat(r.String("repeat")), Rule: r.String("rule")}
	if req.Repeat == "" {
		req.Repeat = bot.RepeatNone
	}
	if id := r.ID("clinician"); id != "" {
		c := bot.Caller{UserID: id, GuildID: r.GuildID}
		if data := r.ApplicationCommandData(); data.Resolved != nil && data.Resolved.Members[id] != nil {
			c.RoleIDs = data.Resolved.Members[id].Roles
		}
		req.Clinician = &c
	}
	res, err := b.svc.ScheduleOfficeHours(ctx, r.Caller, req)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{scheduledEmbed(r.Lang(), res, source)}}, nil
}

func scheduledEmbed(l bot.Lang, res bot.ScheduleResult, source bot.ZoneSource) *discordgo.MessageEmbed {
	sch := res.Schedule
	var lines []string
	lines = append(lines, l.Sprintf("**First session:** <t:%d:F> (<t:%d:R>), %d minutes", res.Start.Unix(), res.Start.Unix(), int(sch.Duration.Minutes())))
	if note := res.Resolution.Describe(l, sch.First, sch.Timezone, res.Start); note != "" {
		lines = append(lines, "⚠️ "+note)
	}
	if sch.Repeat == bot.RepeatRule {
		clock := fmt.Sprintf("%02d:%02d", sch.First.Hour, sch.First.Minute)
		lines = append(lines, l.Sprintf("**Repeats:** by the rule `%s`, at %s %s time — it stays at %s when the clocks change.", sch.Rule, clock, sch.Timezone, clock))
	} else if sch.Repeat != bot.RepeatNone {
		clock := fmt.Sprintf("%02d:%02d", sch.First.Hour, sch.First.Minute)
		how := sch.Repeat.Describe().In(l)
		if sch.Repeat == bot.RepeatMonthly {
			how += l.Sprintf(" on day %d (the last day in shorter months)", sch.First.Day)
		}
		lines = append(lines, l.Sprintf("**Repeats:** %s at %s %s time — it stays at %s when the clocks change.", how, clock, sch.Timezone, clock))
	}
	zone := sch.Timezone
	switch source {
	case bot.ZoneFromServer:
		zone += l.T(" (the server's; add `timezone:` for another)")
	case bot.ZoneDefault:
		zone += l.T(" (no server time zone is set: `/setup timezone:`)")
	}
	lines = append(lines, l.Sprintf("**Time zone:** %s", zone))
	if sch.ClinicianID != "" {
		if res.ClinicianVerified != "" {
			lines = append(lines, l.Sprintf("**Clinician:** <@%s>, %s", sch.ClinicianID, verifiedLabel(l, res.ClinicianVerified)))
		} else {
			lines = append(lines, l.Sprintf("**Clinician:** <@%s> ⚠️ not verified yet: they can't take questions until a moderator runs `/clinician verify`.", sch.ClinicianID))
		}
	}
	for _, w := range res.Later {
		lines = append(lines, l.Sprintf("Note: %s", w.Resolution.Describe(l, sch.LocalAt(w.Index), sch.Timezone, w.Start)))
	}
	var ids []string
	events := 0
	for _, s := range res.Sessions {
		ids = append(ids, l.Sprintf("`%d` <t:%d:d>", s.ID, s.StartsAt.Unix()))
		if s.EventID != "" {
			events++
		}
	}
	if len(ids) > 0 {
		lines = append(lines, l.Sprintf("**Sessions so far:** %s", strings.Join(ids, " · ")))
	}
	// Say only what is known: an event is created, or Discord gave a
	// reason, or its creation has not finished (the job runner has it).
	switch {
	case events == len(res.Sessions):
		lines = append(lines, l.Sprintf("A Discord event was created for each (%d); members can mark themselves interested.", events))
	case res.EventFailure != nil:
		why := bot.ErrorMessage(res.EventFailure)
		if why == "" {
			why = l.T("Discord did not create the Discord events for these sessions.")
		}
		lines = append(lines, l.Sprintf("⚠️ %s The sessions are stored, and I'll keep trying to create their events (%d of %d so far).", why, events, len(res.Sessions)))
	default:
		lines = append(lines, l.Sprintf("Creating a Discord event for each (%d of %d done so far); members can mark themselves interested.", events, len(res.Sessions)))
	}
	return &discordgo.MessageEmbed{
		Title:       l.Sprintf("Office hours scheduled — %s", res.Condition.Name),
		Description: strings.Join(lines, "\n"),
		Color:       colorOK,
		Footer:      &discordgo.MessageEmbedFooter{Text: l.T("Sessions are created 30 days ahead. /officehours list shows them; /officehours cancel removes one or the series.")},
	}
}

func upcomingEmbed(l bot.Lang, list []bot.Upcoming) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: l.T("Upcoming office hours"), Color: colorInfo}
	if len(list) == 0 {
		e.Description = l.T("None scheduled. Schedule with `/officehours schedule condition:… start:…`.")
		return e
	}
	var lines []string
	for _, u := range list {
		s := u.Session
		// "min" is the same in Spanish.
		line := fmt.Sprintf("`%d` **%s** — <t:%d:F> (<t:%d:R>), %d min", s.ID, u.Condition, s.StartsAt.Unix(), s.StartsAt.Unix(), int(s.EndsAt.Sub(s.StartsAt).Minutes()))
		if s.Status == bot.SessionOpen {
			line = l.Sprintf("🟢 `%d` **%s** — open now, until <t:%d:t>", s.ID, u.Condition, s.EndsAt.Unix())
		} else if u.Repeat != bot.RepeatNone {
			line += ", " + u.Repeat.Describe().In(l)
		}
		if s.ClinicianID != "" {
			line += fmt.Sprintf(", <@%s>", s.ClinicianID)
		}
		lines = append(lines, line)
	}
	e.Description = truncateLines(strings.Join(lines, "\n"), 4000)
	e.Footer = &discordgo.MessageEmbedFooter{Text: l.T("Cancel one with /officehours cancel id:…; scope:series cancels the rest of its series.")}
	return e
}

func cancelText(l bot.Lang, res bot.CancelResult) string {
	var b strings.Builder
	if res.Series {
		b.WriteString(l.Sprintf("Cancelled the %s series: %s; no more will be created.",
			res.Condition.Name, l.Plural(len(res.Cancelled), "session and its Discord event", "sessions and their Discord events")))
	} else {
		b.WriteString(l.Sprintf("Cancelled the %s session on <t:%d:F>, and its Discord event.", res.Condition.Name, res.Cancelled[0].StartsAt.Unix()))
	}
	switch {
	case res.Waiting == 0:
	case !res.NextAt.IsZero():
		b.WriteString(l.Sprintf(" %s to <t:%d:F>.", l.Plural(res.Waiting, "question in the queue now goes", "questions in the queue now go"), res.NextAt.Unix()))
	case res.Waiting == 1:
		b.WriteString(l.T(" ⚠️ 1 question waits in the queue and no session is scheduled now: schedule one so it gets answered."))
	default:
		b.WriteString(l.Sprintf(" ⚠️ %d questions wait in the queue and no session is scheduled now: schedule one so they get answered.", res.Waiting))
	}
	return b.String()
}

func startText(l bot.Lang, st bot.SessionState) string {
	s := st.Session
	t := l.Sprintf("%s office hours are open in <#%s> until <t:%d:t>.", st.Condition.Name, st.Condition.OfficeChannelID, s.EndsAt.Unix())
	switch st.Waiting {
	case 0:
		t += l.Sprintf(" No questions are waiting yet; new ones can be taken with `/queue next condition:%s`.", st.Condition.Name)
	case 1:
		t += l.Sprintf(" 1 question is waiting: take it from the posts there, or with `/queue next condition:%s`.", st.Condition.Name)
	default:
		t += l.Sprintf(" %d questions are waiting: take them from the posts there, or with `/queue next condition:%s`.", st.Waiting, st.Condition.Name)
	}
	if st.AdHoc {
		t += l.T(" No session was scheduled this close, so this one runs until then unless you `/officehours end` it first.")
	}
	return t
}

func endText(l bot.Lang, st bot.SessionState) string {
	t := l.Sprintf("%s office hours are closed: %s.", st.Condition.Name, l.Plural(st.Answered, "question answered", "questions answered"))
	switch {
	case st.Waiting == 0:
	case st.NextAt.IsZero():
		t += l.Sprintf(" ⚠️ %s and no session is scheduled: `/officehours schedule` one.", l.Plural(st.Waiting, "question waits", "questions wait"))
	case st.Waiting == 1:
		t += l.Sprintf(" 1 question moves to <t:%d:F>; its asker was told.", st.NextAt.Unix())
	default:
		t += l.Sprintf(" %d questions move to <t:%d:F>; the askers were told.", st.Waiting, st.NextAt.Unix())
	}
	return t
}

func (b *Bot) officehoursChoices(ctx context.Context, r *Request) ([]*discordgo.ApplicationCommandOptionChoice, error) {
	if f := r.Focused(); f != nil && f.Name == "timezone" {
		return b.timezoneChoices(ctx, r)
	}
	return b.conditionChoices(ctx, r)
}

func (b *Bot) queue(ctx context.Context, r *Request) (Reply, error) {
	switch r.Subcommand() {
	case "show":
		v, err := b.svc.ShowQueue(ctx, r.Caller, r.String("condition"))
		if err != nil {
			return Reply{}, err
		}
		return Reply{Embeds: []*discordgo.MessageEmbed{queueEmbed(r.Lang(), v, b.svc.Now())}}, nil
	case "next":
		res, err := b.svc.NextQuestion(ctx, r.Caller, r.String("condition"))
		if err != nil {
			return Reply{}, err
		}
		return takenReply(r.Lang(), res), nil
	}
	return Reply{}, bot.Errorf(bot.EINVALID, "Unknown subcommand.")
}

// takenReply shows the clinician the question they took, in full, with
// its asker (clinicians see anonymous askers' names) and the thread.
func takenReply(l bot.Lang, res bot.TakeResult) Reply {
	it := res.Item
	asker := l.Sprintf("Asked by <@%s> <t:%d:R>", it.UserID, it.AskedAt.Unix())
	if it.Anonymous {
		asker = l.Sprintf("Asked by <@%s> <t:%d:R> — anonymous to other members: don't name them in public", it.UserID, it.AskedAt.Unix())
	}
	where := l.T("The thread is being opened; it will appear under the question in the channel.")
	if res.ThreadID != "" {
		where = l.Sprintf("Answer in <#%s>; the asker was pinged there.", res.ThreadID)
	}
	e := &discordgo.MessageEmbed{
		Title:       l.Sprintf("You took question %d — %s", it.Position, res.Condition.Name),
		Description: quote(it.Text) + "\n\n" + asker + "\n" + where,
		Color:       colorInfo,
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{e}, Components: itemButtons(l, it)}
}

func (b *Bot) takeButton(ctx context.Context, r *Request) (Reply, error) {
	sid, qid, err := itemArgs(r)
	if err != nil {
		return Reply{}, err
	}
	res, err := b.svc.TakeQuestion(ctx, r.Caller, sid, qid)
	if err != nil {
		return Reply{}, err
	}
	return takenReply(r.Lang(), res), nil
}

func (b *Bot) answeredButton(ctx context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	sid, qid, err := itemArgs(r)
	if err != nil {
		return Reply{}, err
	}
	it, err := b.svc.AnswerQuestion(ctx, r.Caller, sid, qid)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Content: l.Sprintf("✅ Question %d is marked answered.", it.Position)}, nil
}

func (b *Bot) moveButton(ctx context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	sid, qid, err := itemArgs(r)
	if err != nil {
		return Reply{}, err
	}
	it, err := b.svc.MoveQuestion(ctx, r.Caller, sid, qid)
	if err != nil {
		return Reply{}, err
	}
	if it.NextAt.IsZero() {
		return Reply{Content: l.Sprintf("⏭️ Question %d stays in the queue for the next session; none is scheduled yet.", it.Position)}, nil
	}
	return Reply{Content: l.Sprintf("⏭️ Question %d moves to the next session, <t:%d:F>. Its asker is told when this one closes.", it.Position, it.NextAt.Unix())}, nil
}

func itemArgs(r *Request) (bot.SessionID, bot.QuestionID, error) {
	sid, err := argID[bot.SessionID](r, 0)
	if err != nil {
		return 0, 0, err
	}
	qid, err := argID[bot.QuestionID](r, 1)
	return sid, qid, err
}

// queueEmbed shows the queue: one line per question, short enough for a
// phone, within an embed's limits.
func queueEmbed(l bot.Lang, v bot.QueueView, now time.Time) *discordgo.MessageEmbed {
	cond := v.Condition.Name
	e := &discordgo.MessageEmbed{Title: l.Sprintf("%s office-hours queue", cond), Color: colorInfo}
	var head string
	switch {
	case v.Open != nil:
		head = l.Sprintf("🟢 A session is open until <t:%d:t>.", v.Open.EndsAt.Unix())
	case v.Next != nil:
		head = l.Sprintf("Next session: <t:%d:F> (<t:%d:R>).", v.Next.StartsAt.Unix(), v.Next.StartsAt.Unix())
	default:
		head = l.T("No session is scheduled yet; the moderators know when questions wait.")
	}
	basis := l.Sprintf("about %d minutes a question, the middle of this group's recent sessions", int(v.PerQuestion.Minutes()))
	if !v.Measured {
		basis = l.Sprintf("about %d minutes a question, until this group has a few answered", int(v.PerQuestion.Minutes()))
	}
	if !v.Staff {
		var lines []string
		for _, en := range v.Entries {
			lines = append(lines, patientLine(l, en, v, now))
		}
		if len(lines) == 0 {
			e.Description = head + "\n\n" + l.Sprintf("You have no questions waiting here. Ask one with `/ask condition:%s`.", cond)
			return e
		}
		e.Description = head + "\n\n" + strings.Join(lines, "\n\n")
		e.Footer = &discordgo.MessageEmbedFooter{Text: l.Sprintf("%d waiting in all. Estimates assume %s; clinicians may take longer.", v.Waiting, basis)}
		return e
	}
	lines := []string{head, l.Sprintf("**%d waiting**", v.Waiting)}
	shown := 0
	for _, en := range v.Entries {
		q := en.Question
		mark := fmt.Sprintf("**%d.**", en.Position)
		switch {
		case q.Status == bot.QuestionTaken:
			mark = "🩺"
		case en.Moved:
			mark += " ⏭️"
		}
		who := fmt.Sprintf("<@%s>", q.UserID)
		if q.Anonymous {
			who += " (anon)"
		}
		line := fmt.Sprintf("%s %s <t:%d:R> — %s", mark, who, q.CreatedAt.Unix(), memberText(truncate(strings.Join(strings.Fields(q.Text), " "), 80)))
		if len(strings.Join(lines, "\n"))+len(line) > 3800 {
			break
		}
		lines = append(lines, line)
		shown++
	}
	if rest := len(v.Entries) - shown; rest > 0 {
		lines = append(lines, l.Sprintf("…and %d more.", rest))
	}
	e.Description = strings.Join(lines, "\n")
	e.Footer = &discordgo.MessageEmbedFooter{Text: l.T("🩺 being answered · ⏭️ moved to the next session · (anon) hidden from members. /queue next takes the next one.")}
	return e
}

func patientLine(l bot.Lang, en bot.QueueEntry, v bot.QueueView, now time.Time) string {
	q := en.Question
	what := "“" + memberText(truncate(strings.Join(strings.Fields(q.Text), " "), 60)) + "”"
	if q.Status == bot.QuestionTaken {
		if q.ThreadID != "" {
			return l.Sprintf("%s — a clinician is answering it now in <#%s>.", what, q.ThreadID)
		}
		return l.Sprintf("%s — a clinician is answering it now.", what)
	}
	line := l.Sprintf("%s — you are **#%d** of %d.", what, en.Position, v.Waiting)
	switch {
	case en.Session == nil:
		line += l.T(" It will be answered at the next session, once one is scheduled.")
	case en.Session.Status == bot.SessionOpen && !en.Estimate.After(now.Add(time.Minute)):
		line += l.T(" You're next or nearly: keep an eye on the office-hours channel.")
	case en.Session.Status == bot.SessionOpen:
		line += l.Sprintf(" Likely reached around <t:%d:t> (<t:%d:R>).", en.Estimate.Unix(), en.Estimate.Unix())
	default:
		line += l.Sprintf(" Likely reached around <t:%d:t> in the session of <t:%d:F>.", en.Estimate.Unix(), en.Session.StartsAt.Unix())
	}
	if en.Moved {
		line += l.T(" (A clinician moved it to the next session.)")
	}
	return line
}

// calendar gives the caller a private ICS feed of their sessions, or ends it.
func (b *Bot) calendar(ctx context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	revoke := r.Bool("revoke", false)
	token, err := b.svc.IssueCalendarFeed(ctx, r.Caller, revoke, b.calendarURL != "")
	if err != nil {
		return Reply{}, err
	}
	if revoke {
		return Reply{Content: l.T("Your calendar feed is revoked: its link shows nothing any more. `/officehours calendar` makes a new one.")}, nil
	}
	url := b.calendarURL + "/calendar/" + token + ".ics"
	return Reply{Embeds: []*discordgo.MessageEmbed{{
		Title:       l.T("Your office-hours calendar"),
		Description: l.Sprintf("Add this link to your calendar app as a subscription (Google Calendar: Other calendars → From URL; Apple Calendar: File → New Calendar Subscription; Outlook: Add calendar → From internet):\n\n`%s`\n\nIt lists the sessions you run, with cancellations, and updates by itself. Keep it private: anyone with the link can read it. Asking again gives a new link and ends this one; `/officehours calendar revoke:True` ends it.", url),
		Color:       colorInfo,
	}}}, nil
}
