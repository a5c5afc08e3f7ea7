package discordadapter

import (
	"context"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// routeHelpful is the asker's answer to "Was this helpful?":
// helpful:<question>:<yes|no>.
const routeHelpful = "helpful"

func helpfulPrompt(n bot.HelpfulPrompt) *discordgo.MessageSend {
	id := strconv.FormatInt(int64(n.QuestionID), 10)
	return &discordgo.MessageSend{
		Content: n.Lang.Sprintf("<@%s> Your question has been marked answered. **Was this helpful?** Only you can answer, and only the numbers reach the team: nobody sees what you chose.", n.UserID),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Style: discordgo.SuccessButton, Label: n.Lang.T("Yes"), CustomID: routeHelpful + ":" + id + ":yes"},
			discordgo.Button{Style: discordgo.SecondaryButton, Label: n.Lang.T("Not really"), CustomID: routeHelpful + ":" + id + ":no"},
		}}},
		AllowedMentions: MentionUsers(n.UserID),
	}
}

// helpful records the asker's answer; the prompt loses its buttons and
// thanks them the same way whichever they chose.
func (b *Bot) helpful(ctx context.Context, r *Request) (Reply, error) {
	if len(r.Args) != 2 {
		return Reply{}, bot.Errorf(bot.EINVALID, "This button is out of date.")
	}
	id, err := argID[bot.QuestionID](r, 0)
	if err != nil {
		return Reply{}, err
	}
	h := map[string]bot.Helpfulness{"yes": bot.HelpfulYes, "no": bot.HelpfulNo}[r.Args[1]]
	if r.Args[1] != "yes" && r.Args[1] != "no" {
		h = bot.HelpfulUnanswered
	}
	if err := b.svc.GiveFeedback(ctx, r.Caller, id, h); err != nil {
		return Reply{}, err
	}
	// The prompt is public: the server's language.
	return Reply{Content: r.Settings.Lang().Sprintf("<@%s> Thank you: your answer went to the team as a number, without your name.", r.Caller.UserID),
		Components: []discordgo.MessageComponent{}}, nil
}
