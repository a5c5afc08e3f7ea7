package discordadapter

import (
	"context"
	"fmt"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

var faqCommand = &discordgo.ApplicationCommand{
	Name:        "faq",
	Description: "Answers clinicians wrote and a second clinician reviewed",
	Contexts:    guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "search",
			Description: "Search a condition's reviewed answers",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "condition", Description: "The condition group", Required: true, Autocomplete: true},
				{Type: discordgo.ApplicationCommandOptionString, Name: "query", Description: "A few words, e.g. insulin travel", Required: true, MaxLength: 200},
			},
		},
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "save",
			Description: "Save an answer for a condition's FAQ; a second clinician reviews it before it is public",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "condition", Description: "The condition group", Required: true, Autocomplete: true},
				{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "The question as a member would ask it, without names", Required: true, MaxLength: 300},
				{Type: discordgo.ApplicationCommandOptionString, Name: "answer", Description: "The answer, for everyone (general information, not personal advice)", Required: true, MaxLength: 1500},
			},
		},
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "remove",
			Description: "Take an FAQ entry down",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "id", Description: "The entry's number", Required: true, MinValue: ptr(1.0)},
			},
		},
	},
}

// faqAudience: everyone searches; clinicians save; staff remove.
var faqAudience = map[string]bot.Audience{"save": bot.Clinicians, "remove": bot.Staff}

// Custom IDs of the review card: faqok:<entry>, faqno:<entry>.
const (
	routeFAQPublish = "faqok"
	routeFAQReject  = "faqno"
)

func (b *Bot) faq(ctx context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	switch r.Subcommand() {
	case "search":
		cond, matches, err := b.svc.SearchFAQ(ctx, r.Caller, r.String("condition"), r.String("query"))
		if err != nil {
			return Reply{}, err
		}
		if len(matches) == 0 {
			return Reply{Content: l.Sprintf("No reviewed answer in the **%s** FAQ matches that. You can ask a clinician with `/ask condition:%s`.", cond.Name, cond.Name)}, nil
		}
		e := &discordgo.MessageEmbed{Title: l.Sprintf("📘 %s FAQ", cond.Name), Color: colorInfo,
			Footer: &discordgo.MessageEmbedFooter{Text: faqFooter.In(l)}}
		for _, m := range matches {
			e.Fields = append(e.Fields, faqField(m.Entry))
		}
		return Reply{Embeds: []*discordgo.MessageEmbed{e}}, nil
	case "save":
		e, err := b.svc.SaveFAQ(ctx, r.Caller, r.String("condition"), r.String("question"), r.String("answer"))
		if err != nil {
			return Reply{}, err
		}
		return Reply{Content: l.Sprintf("Saved as FAQ entry %d. It is in the review channel: another verified clinician publishes it (or not) before members see it.", e.ID)}, nil
	case "remove":
		e, err := b.svc.RemoveFAQ(ctx, r.Caller, bot.FAQID(r.Int("id", 0)))
		if err != nil {
			return Reply{}, err
		}
		return Reply{Content: l.Sprintf("FAQ entry %d (“%s”) is removed: searches and waiting askers no longer see it.", e.ID, oneLine(e.Question, 80))}, nil
	}
	return Reply{}, bot.Errorf(bot.EINVALID, "Unknown subcommand.")
}

var faqFooter = bot.N("Written by a clinician and reviewed by another: general information, not advice for you. For your own situation, /ask a clinician.")

func faqField(e bot.FAQEntry) *discordgo.MessageEmbedField {
	return &discordgo.MessageEmbedField{Name: oneLine(fmt.Sprintf("%d · %s", e.ID, e.Question), 256), Value: truncate(memberText(e.Answer), 1024)}
}

func faqCard(n bot.FAQCard) *discordgo.MessageSend {
	l := n.Lang
	id := strconv.FormatInt(int64(n.Entry.ID), 10)
	return &discordgo.MessageSend{
		Embeds: []*discordgo.MessageEmbed{{
			Title: l.Sprintf("📘 FAQ entry %d for %s — waiting for a second clinician", n.Entry.ID, n.Condition),
			Description: l.Sprintf("**Q:** %s\n**A:** %s\n\nWritten by <@%s>. Another verified clinician publishes it; then `/faq search` finds it and members whose queued question matches it see it while they wait.",
				memberText(n.Entry.Question), memberText(n.Entry.Answer), n.Entry.WrittenBy),
			Color: colorInfo,
		}},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Style: discordgo.SuccessButton, Label: l.T("Publish"), CustomID: routeFAQPublish + ":" + id},
			discordgo.Button{Style: discordgo.DangerButton, Label: l.T("Reject"), CustomID: routeFAQReject + ":" + id},
		}}},
		AllowedMentions: noMentions(),
	}
}

// faqReview handles Publish and Reject on a card.
func (b *Bot) faqReview(publish bool) HandlerFunc {
	return func(ctx context.Context, r *Request) (Reply, error) {
		if len(r.Args) != 1 {
			return Reply{}, bot.Errorf(bot.EINVALID, "This button is out of date.")
		}
		id, err := argID[bot.FAQID](r, 0)
		if err != nil {
			return Reply{}, err
		}
		e, err := b.svc.ReviewFAQ(ctx, r.Caller, id, publish)
		if err != nil {
			return Reply{}, err
		}
		// The card is in the review channel: the server's language.
		l := r.Settings.Lang()
		what := l.Sprintf("❌ Rejected by <@%s>.", r.Caller.UserID)
		if e.Status == bot.FAQPublished {
			what = l.Sprintf("✅ Published by <@%s>.", r.Caller.UserID)
		}
		var embeds []*discordgo.MessageEmbed
		if r.Message != nil {
			embeds = r.Message.Embeds
		}
		return Reply{Content: what, Embeds: embeds, Components: []discordgo.MessageComponent{}}, nil
	}
}

// faqWhileYouWait is the receipt's line for a close match.
func faqWhileYouWait(l bot.Lang, m *bot.FAQMatch) string {
	return l.Sprintf("\n\n📘 **While you wait**, a reviewed answer to a similar question (FAQ %d): **%s**\n%s\n-# Written by a clinician and reviewed by another; general information, not advice for you. Your question stays in the queue.",
		m.Entry.ID, memberText(oneLine(m.Entry.Question, 200)), memberText(truncate(m.Entry.Answer, 900)))
}
