package discordadapter

import (
	"context"
	"fmt"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

var joinCommand = &discordgo.ApplicationCommand{
	Name:        "join",
	Description: "Join a condition group",
	Contexts:    guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		conditionOption("The group to join"),
	},
}

var leaveCommand = &discordgo.ApplicationCommand{
	Name:        "leave",
	Description: "Leave a condition group",
	Contexts:    guildOnly,
	Options:     []*discordgo.ApplicationCommandOption{conditionOption("The group to leave")},
}

// Consent buttons carry the condition, the guidelines version shown and the
// mentor choice, so they work after a restart: "consent:accept:7:1:0".
const (
	routeConsent = "consent"
)

// join joins a condition group. Peer mentors are vetted: they apply with
// /mentor apply, so joining never makes anyone a mentor.
func (b *Bot) join(ctx context.Context, r *Request) (Reply, error) {
	res, err := b.svc.Join(ctx, r.Caller, r.String("condition"), false)
	if err != nil {
		return Reply{}, err
	}
	return joinReply(r.Lang(), res), nil
}

func joinReply(l bot.Lang, res bot.JoinResult) Reply {
	c := res.Condition
	if res.NeedsConsent {
		mentor := "0"
		if res.Mentor {
			mentor = "1"
		}
		args := fmt.Sprintf("%d:%d:%s", c.ID, res.Version, mentor)
		return Reply{
			Embeds: []*discordgo.MessageEmbed{{Title: l.T("Community guidelines"), Description: truncate(res.Guidelines, maxEmbedDescription), Color: colorInfo}},
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Style: discordgo.SuccessButton, Label: l.Sprintf("Accept and join %s", c.Name), CustomID: routeConsent + ":accept:" + args},
				discordgo.Button{Style: discordgo.SecondaryButton, Label: l.T("Decline"), CustomID: routeConsent + ":decline:" + args},
			}}},
		}
	}
	text := l.Sprintf("You're in **%s**. Say hello in <#%s>; office hours happen in <#%s>. Would you like to help others as a peer mentor? `/mentor apply`.", c.Name, c.PeerChannelID, c.OfficeChannelID)
	return Reply{Content: text}
}

// consent handles Accept and Decline on the guidelines prompt. The reply
// replaces the prompt, so the buttons cannot be pressed twice.
func (b *Bot) consent(ctx context.Context, r *Request) (Reply, error) {
	if len(r.Args) != 4 {
		return Reply{}, bot.Errorf(bot.EINVALID, "This button is out of date. Run `/join` again.")
	}
	condID, err1 := argID[bot.ConditionID](r, 1)
	version, err2 := strconv.Atoi(r.Args[2])
	if err1 != nil || err2 != nil {
		return Reply{}, bot.Errorf(bot.EINVALID, "This button is out of date. Run `/join` again.")
	}
	// Prompts from before mentors were vetted carry a mentor choice; it
	// no longer makes anyone a mentor (/mentor apply does).
	mentor := false
	switch r.Args[0] {
	case "accept":
		res, err := b.svc.AcceptGuidelines(ctx, r.Caller, condID, version, mentor)
		if err != nil {
			return Reply{}, err
		}
		return joinReply(r.Lang(), res), nil
	case "decline":
		return Reply{Content: r.Lang().T("No problem: you have not joined, and nothing was stored. You can run `/join` again any time.")}, nil
	}
	return Reply{}, bot.Errorf(bot.EINVALID, "This button is out of date. Run `/join` again.")
}

func (b *Bot) leave(ctx context.Context, r *Request) (Reply, error) {
	c, err := b.svc.Leave(ctx, r.Caller, r.String("condition"))
	if err != nil {
		return Reply{}, err
	}
	return Reply{Content: r.Lang().Sprintf("You left **%s**. Your questions already in the office-hours queue stay there; `/privacy` shows what is stored about you.", c.Name)}, nil
}
