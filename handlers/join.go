package handlers

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
		{Type: discordgo.ApplicationCommandOptionBoolean, Name: "mentor", Description: "True: volunteer as a peer mentor, pinged for peer questions. False: stop being one"},
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

func (b *Bot) join(ctx context.Context, r *Request) (Reply, error) {
	// mentor:False from a mentor steps down; from anyone else it is a
	// plain join.
	if r.Has("mentor") && !r.Bool("mentor", false) {
		c, stopped, err := b.svc.StopMentoring(ctx, r.Caller, r.String("condition"))
		if err != nil {
			return Reply{}, err
		}
		if stopped {
			return Reply{Content: fmt.Sprintf("You're no longer a peer mentor in **%s**, so you won't be pinged for peer questions. You're still a member; `/join condition:%s mentor:True` volunteers again.", c.Name, c.Name)}, nil
		}
	}
	res, err := b.svc.Join(ctx, r.Caller, r.String("condition"), r.Bool("mentor", false))
	if err != nil {
		return Reply{}, err
	}
	return joinReply(res), nil
}

func joinReply(res bot.JoinResult) Reply {
	c := res.Condition
	if res.NeedsConsent {
		mentor := "0"
		if res.Mentor {
			mentor = "1"
		}
		args := fmt.Sprintf("%d:%d:%s", c.ID, res.Version, mentor)
		return Reply{
			Embeds: []*discordgo.MessageEmbed{{Title: "Community guidelines", Description: truncate(res.Guidelines, maxEmbedDescription), Color: colorInfo}},
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Style: discordgo.SuccessButton, Label: "Accept and join " + c.Name, CustomID: routeConsent + ":accept:" + args},
				discordgo.Button{Style: discordgo.SecondaryButton, Label: "Decline", CustomID: routeConsent + ":decline:" + args},
			}}},
		}
	}
	text := fmt.Sprintf("You're in **%s**. Say hello in <#%s>; office hours happen in <#%s>.", c.Name, c.PeerChannelID, c.OfficeChannelID)
	if res.Mentor {
		text += fmt.Sprintf("\nThank you for volunteering as a peer mentor: you'll be pinged as <@&%s> when someone asks a peer question.", c.MentorRoleID)
	}
	return Reply{Content: text}
}

// consent handles Accept and Decline on the guidelines prompt. The reply
// replaces the prompt, so the buttons cannot be pressed twice.
func (b *Bot) consent(ctx context.Context, r *Request) (Reply, error) {
	if len(r.Args) != 4 {
		return Reply{}, bot.Errorf(bot.EINVALID, "This button is out of date. Run `/join` again.")
	}
	condID, err1 := strconv.ParseInt(r.Args[1], 10, 64)
	version, err2 := strconv.Atoi(r.Args[2])
	if err1 != nil || err2 != nil {
		return Reply{}, bot.Errorf(bot.EINVALID, "This button is out of date. Run `/join` again.")
	}
	mentor := r.Args[3] == "1"
	switch r.Args[0] {
	case "accept":
		res, err := b.svc.AcceptGuidelines(ctx, r.Caller, condID, version, mentor)
		if err != nil {
			return Reply{}, err
		}
		return joinReply(res), nil
	case "decline":
		return Reply{Content: "No problem: you have not joined, and nothing was stored. You can run `/join` again any time."}, nil
	}
	return Reply{}, bot.Errorf(bot.EINVALID, "This button is out of date. Run `/join` again.")
}

func (b *Bot) leave(ctx context.Context, r *Request) (Reply, error) {
	c, err := b.svc.Leave(ctx, r.Caller, r.String("condition"))
	if err != nil {
		return Reply{}, err
	}
	return Reply{Content: fmt.Sprintf("You left **%s**. Your questions already in the office-hours queue stay there; `/privacy` shows what is stored about you.", c.Name)}, nil
}
