package discordadapter

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

var summarizeCommand = &discordgo.ApplicationCommand{
	Name:        "summarize",
	Description: "Draft a redacted, cited summary of a channel or thread for clinicians to review",
	Contexts:    guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		{
			Type: discordgo.ApplicationCommandOptionChannel, Name: "channel",
			Description: "The condition channel or thread (default: this one)",
			ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText,
				discordgo.ChannelTypeGuildPublicThread, discordgo.ChannelTypeGuildPrivateThread},
		},
		{Type: discordgo.ApplicationCommandOptionString, Name: "since", Description: "How far back: 24h, 7d, 2w or a date like 2026-11-20 (default 7d)", MaxLength: 20},
		{Type: discordgo.ApplicationCommandOptionInteger, Name: "last", Description: "Only the newest N messages", MinValue: ptr(1.0), MaxValue: bot.MaxSummaryMessages},
		{Type: discordgo.ApplicationCommandOptionString, Name: "focus", Description: "What to look at, e.g. \"medication side effects\"", MaxLength: 200},
	},
}

var digestCommand = &discordgo.ApplicationCommand{
	Name:        "digest",
	Description: "A daily summary of a condition's channel for review, at a time of day (moderators)",
	Contexts:    guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		conditionOption("The condition group"),
		{Type: discordgo.ApplicationCommandOptionString, Name: "time", Description: "Time of day in the server's time zone, e.g. 08:00, or off", Required: true, MaxLength: 5},
	},
}

// summarize drafts a summary; it takes long enough to be deferred.
func (b *Bot) summarize(ctx context.Context, r *Request) (Reply, error) {
	channel := r.ID("channel")
	if channel == "" {
		channel = r.ChannelID
	}
	res, err := b.svc.Summarize(ctx, r.Caller, bot.SummaryRequest{
		ChannelID: channel, ParentID: b.threadParent(ctx, channel),
		Since: r.String("since"), Last: int(r.Int("last", 0)), Focus: r.String("focus"),
	})
	if err != nil {
		return Reply{}, err
	}
	l := r.Lang()
	where := l.T("in the review channel")
	if res.ReviewURL != "" {
		where = res.ReviewURL
	}
	if res.Existing {
		return Reply{Content: l.Sprintf("Nothing changed since this summary was drafted, so here it is again (%s): %s",
			statusWord(l, res.Summary.Status), where)}, nil
	}
	messages, members := l.Plural(res.Summary.Sources, "message", "messages"), l.Plural(res.Summary.Authors, "member", "members")
	if res.Summary.Kind == bot.SummaryExtractive {
		return Reply{Content: l.Sprintf("📝 Summary of %s from %s drafted (extractive summary: %s; names and contact details removed). It is waiting for review: %s",
			messages, members, fallbackText(l, res.Summary.Fallback), where)}, nil
	}
	return Reply{Content: l.Sprintf("📝 Summary of %s from %s drafted (LLM draft, checked in code; names and contact details removed). It is waiting for review: %s",
		messages, members, where)}, nil
}

// digest switches a condition's daily digest on, moves it, or stops it.
func (b *Bot) digest(ctx context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	res, err := b.svc.SetDigest(ctx, r.Caller, r.String("condition"), r.String("time"))
	if err != nil {
		return Reply{}, err
	}
	if res.At == "" {
		return Reply{Content: l.Sprintf("The daily digest of %s is off.", res.Condition)}, nil
	}
	return Reply{Content: l.Sprintf("Every day at %s (%s) the last 24 hours of %s are summarised for review. The next one: <t:%d:F>.",
		res.At, res.Timezone, res.Condition, res.Next.Unix())}, nil
}

// summaryDecision records Approve or Needs follow-up and updates the post.
func (b *Bot) summaryDecision(status bot.ReviewStatus) HandlerFunc {
	return func(ctx context.Context, r *Request) (Reply, error) {
		id, err := argID[bot.SummaryID](r, 0)
		if err != nil {
			return Reply{}, err
		}
		n, err := b.svc.ReviewSummary(ctx, r.Caller, id, status, "")
		if err != nil {
			return Reply{}, err
		}
		return reviewReply(n), nil
	}
}

// summaryReject asks for the reason. A modal cannot be deferred, so this
// answers at once, without I/O.
func (b *Bot) summaryReject(_ context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	if err := r.Settings.Admit(r.Caller, bot.Staff); err != nil {
		return Reply{}, err // the same rule ReviewSummary applies to the reason
	}
	id, err := argID[bot.SummaryID](r, 0)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Modal: &Modal{
		CustomID: fmt.Sprintf("%s:%d", routeSummaryReason, id),
		Title:    l.T("Reject this summary draft"),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{CustomID: "reason", Label: l.T("Why is it rejected?"), Style: discordgo.TextInputParagraph,
				Required: true, MinLength: 3, MaxLength: 500, Placeholder: l.T("e.g. it misreads the question about insulin timing")},
		}}},
	}}, nil
}

// summaryReason records a rejection with the reason from the modal.
func (b *Bot) summaryReason(ctx context.Context, r *Request) (Reply, error) {
	id, err := argID[bot.SummaryID](r, 0)
	if err != nil {
		return Reply{}, err
	}
	n, err := b.svc.ReviewSummary(ctx, r.Caller, id, bot.ReviewRejected, r.ModalValue("reason"))
	if err != nil {
		return Reply{}, err
	}
	return reviewReply(n), nil
}

func reviewReply(n bot.SummaryReview) Reply {
	m := renderReview(n)
	return Reply{Content: m.Content, Embeds: m.Embeds, Components: m.Components}
}
