package discordadapter

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

var mentorCommand = &discordgo.ApplicationCommand{
	Name:        "mentor",
	Description: "Peer mentors: vetted members pinged in turn for peer questions",
	Contexts:    guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "apply", Description: "Apply to be a peer mentor of your groups"},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "review", Description: "Applications waiting, and each group's mentors in rotation order"},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "pause", Description: "Step out of the mentor rotation for a while"},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "resume", Description: "Step back into the mentor rotation"},
	},
}

// mentorAudience: members apply and pause themselves; moderators review.
var mentorAudience = map[string]bot.Audience{"review": bot.Moderators}

// Custom IDs of the mentor flow. Each carries what it acts on.
const (
	routeMentorAgree   = "mentoragree" // mentoragree:<guidelines version>, opens the form
	routeMentorForm    = "mentorform"  // mentorform:<guidelines version>, the form's submission
	routeMentorApprove = "mentorok"    // mentorok:<application>
	routeMentorDecline = "mentorno"    // mentorno:<application>, opens the reason modal
	routeMentorReason  = "mentorwhy"   // mentorwhy:<application>, the modal's submission
)

func (b *Bot) mentor(ctx context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	switch r.Subcommand() {
	case "apply":
		intro, err := b.svc.StartMentorApplication(ctx, r.Caller)
		if err != nil {
			return Reply{}, err
		}
		return Reply{
			Embeds: []*discordgo.MessageEmbed{{Title: l.T("Become a peer mentor"), Description: truncate(intro.Guidelines, maxEmbedDescription), Color: colorInfo,
				Footer: &discordgo.MessageEmbedFooter{Text: l.Sprintf("You can apply for: %s", strings.Join(intro.Conditions, ", "))}}},
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Style: discordgo.SuccessButton, Label: l.T("I agree — apply"), CustomID: fmt.Sprintf("%s:%d", routeMentorAgree, intro.Version)},
			}}},
		}, nil
	case "review":
		o, err := b.svc.MentorReview(ctx, r.Caller)
		if err != nil {
			return Reply{}, err
		}
		return mentorReviewReply(l, o), nil
	case "pause", "resume":
		paused := r.Subcommand() == "pause"
		n, err := b.svc.PauseMentoring(ctx, r.Caller, paused)
		if err != nil {
			return Reply{}, err
		}
		if paused {
			return Reply{Content: l.Sprintf("You're paused in %s: no peer question will ping you until `/mentor resume`. Thank you for what you do — take the time you need.", l.Plural(n, "group", "groups"))}, nil
		}
		return Reply{Content: l.Sprintf("Welcome back: you're in the rotation again in %s.", l.Plural(n, "group", "groups"))}, nil
	}
	return Reply{}, bot.Errorf(bot.EINVALID, "Unknown subcommand.")
}

// mentorAgree opens the application form after the guidelines were agreed to.
func (b *Bot) mentorAgree(ctx context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	version, err := argID[int64](r, 0)
	if err != nil {
		return Reply{}, err
	}
	intro, err := b.svc.StartMentorApplication(ctx, r.Caller)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Modal: &Modal{
		CustomID: fmt.Sprintf("%s:%d", routeMentorForm, version),
		Title:    l.T("Apply to be a peer mentor"),
		Components: []discordgo.MessageComponent{
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.TextInput{CustomID: "conditions", Label: l.T("Groups you'd mentor (comma-separated)"), Style: discordgo.TextInputShort,
					Required: true, MaxLength: 200, Value: strings.Join(intro.Conditions, ", ")},
			}},
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.TextInput{CustomID: "experience", Label: l.T("Your lived experience (for moderators only)"), Style: discordgo.TextInputParagraph,
					Required: true, MinLength: 20, MaxLength: 1000, Placeholder: l.T("e.g. type 1 for 12 years, pump user, went through burnout and came out the other side")},
			}},
		},
	}}, nil
}

// mentorForm stores the application.
func (b *Bot) mentorForm(ctx context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	version, err := argID[int64](r, 0)
	if err != nil {
		return Reply{}, err
	}
	a, err := b.svc.ApplyMentor(ctx, r.Caller, bot.MentorApply{Conditions: r.ModalValue("conditions"),
		Experience: r.ModalValue("experience"), Version: int(version)})
	if err != nil {
		return Reply{}, err
	}
	return Reply{Content: l.Sprintf("Thank you! Your application (%s) is with the moderators. You'll be told privately when they decide.",
		l.Plural(len(a.ConditionIDs), "group", "groups"))}, nil
}

func (b *Bot) mentorApprove(ctx context.Context, r *Request) (Reply, error) {
	id, err := argID[bot.MentorApplicationID](r, 0)
	if err != nil {
		return Reply{}, err
	}
	card, err := b.svc.DecideMentor(ctx, r.Caller, id, true, "")
	if err != nil {
		return Reply{}, err
	}
	return cardReply(card), nil
}

// mentorDecline asks for the reason. A modal cannot be deferred, so this
// answers at once, without I/O.
func (b *Bot) mentorDecline(_ context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	if err := r.Settings.Admit(r.Caller, bot.Moderators); err != nil {
		return Reply{}, err // the same rule DecideMentor applies to the reason
	}
	id, err := argID[bot.MentorApplicationID](r, 0)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Modal: &Modal{
		CustomID: fmt.Sprintf("%s:%d", routeMentorReason, id),
		Title:    l.T("Decline this application"),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{CustomID: "reason", Label: l.T("Why? (the applicant is told)"), Style: discordgo.TextInputParagraph,
				Required: true, MinLength: 3, MaxLength: 500, Placeholder: l.T("e.g. please take part in the group for a few weeks first")},
		}}},
	}}, nil
}

func (b *Bot) mentorReason(ctx context.Context, r *Request) (Reply, error) {
	id, err := argID[bot.MentorApplicationID](r, 0)
	if err != nil {
		return Reply{}, err
	}
	card, err := b.svc.DecideMentor(ctx, r.Caller, id, false, r.ModalValue("reason"))
	if err != nil {
		return Reply{}, err
	}
	return cardReply(card), nil
}

func cardReply(card bot.MentorApplicationCard) Reply {
	m := applicationCard(card)
	return Reply{Content: m.Content, Embeds: m.Embeds, Components: m.Components}
}

// applicationCard lays out an application for the moderators: who, for
// which groups, in their own words (quoted, links made inert), and Approve
// and Decline until one of them decides. Nobody is pinged.
func applicationCard(n bot.MentorApplicationCard) *discordgo.MessageSend {
	l, a := n.Lang, n.Application
	var b strings.Builder
	b.WriteString(l.Sprintf("<@%s> applied <t:%d:R> to mentor **%s**.\n", a.UserID, a.SubmittedAt.Unix(), strings.Join(n.Conditions, ", ")))
	b.WriteString(l.Sprintf("They agreed to the mentor guidelines (version %d).\n\n**In their words**\n%s", a.GuidelinesVersion, quote(inert(a.Experience))))
	e := &discordgo.MessageEmbed{Title: l.T("🤝 Peer mentor application"), Color: colorInfo}
	m := &discordgo.MessageSend{AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{}}
	switch a.Status {
	case bot.ApplicationApproved:
		e.Color = colorOK
		b.WriteString(l.Sprintf("\n\n✅ Approved by <@%s> <t:%d:R>. They are in the rotation now.", a.DecidedBy, a.DecidedAt.Unix()))
	case bot.ApplicationDeclined:
		e.Color = colorWarn
		b.WriteString(l.Sprintf("\n\n❌ Declined by <@%s> <t:%d:R>: %s", a.DecidedBy, a.DecidedAt.Unix(), truncate(inert(a.Reason), 500)))
	default:
		e.Footer = &discordgo.MessageEmbedFooter{Text: l.T("Moderators decide; the applicant is told privately either way.")}
		m.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Style: discordgo.SuccessButton, Label: l.T("Approve"), CustomID: fmt.Sprintf("%s:%d", routeMentorApprove, a.ID)},
			discordgo.Button{Style: discordgo.SecondaryButton, Label: l.T("Decline"), CustomID: fmt.Sprintf("%s:%d", routeMentorDecline, a.ID)},
		}}}
	}
	e.Description = truncate(b.String(), maxEmbedDescription)
	m.Embeds = []*discordgo.MessageEmbed{e}
	return m
}

// mentorReviewReply lists, in l, the applications waiting (each with its
// buttons, up to five) and each group's mentors in rotation order.
func mentorReviewReply(l bot.Lang, o bot.MentorOverview) Reply {
	e := &discordgo.MessageEmbed{Title: l.T("Peer mentors"), Color: colorInfo}
	var lines []string
	if len(o.Pending) == 0 {
		lines = append(lines, l.T("No application is waiting."))
	}
	var rows []discordgo.MessageComponent
	for i, p := range o.Pending {
		a := p.Application
		lines = append(lines, l.Sprintf("**Application %d** — <@%s> for %s, <t:%d:R>: %s", a.ID, a.UserID, strings.Join(p.Conditions, ", "),
			a.SubmittedAt.Unix(), truncate(oneLine(inert(a.Experience), 200), 200)))
		if i < 5 {
			rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Style: discordgo.SuccessButton, Label: l.Sprintf("Approve %d", a.ID), CustomID: fmt.Sprintf("%s:%d", routeMentorApprove, a.ID)},
				discordgo.Button{Style: discordgo.SecondaryButton, Label: l.Sprintf("Decline %d", a.ID), CustomID: fmt.Sprintf("%s:%d", routeMentorDecline, a.ID)},
			}})
		}
	}
	for _, g := range o.Groups {
		var who []string
		for _, m := range g.Mentors {
			pings := l.Plural(m.Pings, "ping", "pings")
			if m.Paused() {
				who = append(who, l.Sprintf("<@%s> (%s, paused)", m.UserID, pings))
			} else {
				who = append(who, fmt.Sprintf("<@%s> (%s)", m.UserID, pings))
			}
		}
		lines = append(lines, l.Sprintf("**%s** — next up first: %s", g.Condition, strings.Join(who, ", ")))
	}
	if len(o.Groups) == 0 {
		lines = append(lines, l.T("No approved mentors yet."))
	}
	e.Description = truncateLines(strings.Join(lines, "\n"), maxEmbedDescription)
	return Reply{Embeds: []*discordgo.MessageEmbed{e}, Components: rows}
}

func mentorDecisionText(n bot.MentorDecisionNotice) string {
	l := n.Lang
	if n.Approved {
		t := l.Sprintf("🤝 Welcome aboard: you're now a peer mentor for **%s**. When someone asks a peer question there, you'll be pinged in turn with the other mentors; `/mentor pause` steps back whenever you need to.",
			strings.Join(n.Conditions, ", "))
		if n.MentorChannelID != "" {
			t += l.Sprintf(" Mentors and moderators talk in <#%s>.", n.MentorChannelID)
		}
		return t
	}
	return l.Sprintf("Thank you for applying to be a peer mentor. The moderators declined this time: %s\nYou can apply again later with `/mentor apply`.", truncate(inert(n.Reason), 500))
}

// inert makes links and mentions in member text unclickable and
// unpingable where the bot quotes it: "https://x" becomes "https[:]//x",
// masked links lose their brackets, invites and @ lose their power.
func inert(s string) string {
	r := strings.NewReplacer("://", "[:]//", "](", "] (", "discord.gg/", "discord[.]gg/", "@", "@\u200b", "<", "‹", ">", "›")
	return r.Replace(s)
}

// oneLine squeezes text onto one line, at most n characters.
func oneLine(s string, n int) string {
	return truncate(strings.Join(strings.Fields(s), " "), n)
}
