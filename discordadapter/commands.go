package discordadapter

import (
	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// commands is the whole slash-command table, top to bottom. Each entry is
// Discord's definition and who may use it; the handlers live in files named
// after the command.
func (b *Bot) commands() []*Command {
	return []*Command{
		{Def: helpCommand, Audience: bot.Everyone, Handle: b.help},
		{Def: setupCommand, Audience: bot.ServerAdmins, Handle: b.setup, Autocomplete: b.timezoneChoices},
		{Def: conditionCommand, Audience: bot.Moderators, Handle: b.condition, Autocomplete: b.conditionChoices},
		{Def: joinCommand, Audience: bot.Everyone, Handle: b.join, Autocomplete: b.conditionChoices},
		{Def: leaveCommand, Audience: bot.Everyone, Handle: b.leave, Autocomplete: b.conditionChoices},
		{Def: askCommand, Audience: bot.Everyone, Handle: b.ask, Autocomplete: b.conditionChoices},
		{Def: menuOfficeHours, Audience: bot.Staff, Handle: b.override(bot.ActionOfficeHours)},
		{Def: menuPeers, Audience: bot.Staff, Handle: b.override(bot.ActionPeers)},
		{Def: menuUrgent, Audience: bot.Staff, Handle: b.override(bot.ActionUrgent)},
		{Def: menuWorried, Audience: bot.Everyone, Handle: b.worried},
		{Def: summarizeCommand, Audience: bot.Staff, Handle: b.summarize},
		{Def: digestCommand, Audience: bot.Moderators, Handle: b.digest, Autocomplete: b.conditionChoices},
		{Def: privacyCommand, Audience: bot.Everyone, Handle: b.privacy},
		{Def: auditCommand, Audience: bot.Moderators, Handle: b.audit},
		{Def: officehoursCommand, Audience: bot.Moderators, SubAudience: officehoursAudience, Handle: b.officehours, Autocomplete: b.officehoursChoices},
		{Def: queueCommand, Audience: bot.Everyone, SubAudience: queueAudience, Handle: b.queue, Autocomplete: b.conditionChoices},
		{Def: clinicianCommand, Audience: bot.Verifiers, Handle: b.clinician},
		{Def: mentorCommand, Audience: bot.Everyone, SubAudience: mentorAudience, Handle: b.mentor},
		{Def: faqCommand, Audience: bot.Everyone, SubAudience: faqAudience, Handle: b.faq, Autocomplete: b.conditionChoices},
		{Def: statsCommand, Audience: bot.Staff, Handle: b.stats, Autocomplete: b.conditionChoices},
	}
}

// components routes buttons, selects and modals by custom-ID prefix.
func (b *Bot) components() []*Component {
	return []*Component{
		{Prefix: routeConsent, Audience: bot.Everyone, Updates: true, Handle: b.consent},
		{Prefix: routeAck, Audience: bot.Staff, Updates: true, Handle: b.acknowledge},
		{Prefix: routeOutcome, Audience: bot.Staff, Updates: true, Handle: b.outcome},
		{Prefix: routeWithdraw, Audience: bot.Everyone, Updates: true, Handle: b.withdraw},
		{Prefix: routeOffer, Audience: bot.Everyone, Updates: true, Handle: b.offer},
		{Prefix: routeSummaryApprove, Audience: bot.Staff, Updates: true, Handle: b.summaryDecision(bot.ReviewApproved)},
		{Prefix: routeSummaryFollowUp, Audience: bot.Staff, Updates: true, Handle: b.summaryDecision(bot.ReviewFollowUp)},
		{Prefix: routeSummaryReject, Audience: bot.Staff, Updates: true, Handle: b.summaryReject},
		{Prefix: routeSummaryReason, Audience: bot.Staff, Updates: true, Handle: b.summaryReason},
		{Prefix: routePrivacy, Audience: bot.Everyone, Updates: true, Handle: b.privacyButton},
		{Prefix: routeTake, Audience: bot.Clinicians, Handle: b.takeButton},
		{Prefix: routeAnswered, Audience: bot.Clinicians, Handle: b.answeredButton},
		{Prefix: routeMove, Audience: bot.Clinicians, Handle: b.moveButton},
		{Prefix: routeResolved, Audience: bot.Everyone, Updates: true, Handle: b.resolve},
		{Prefix: routeFAQPublish, Audience: bot.Clinicians, Updates: true, Handle: b.faqReview(true)},
		{Prefix: routeFAQReject, Audience: bot.Clinicians, Updates: true, Handle: b.faqReview(false)},
		{Prefix: routeHelpful, Audience: bot.Everyone, Updates: true, Handle: b.helpful},
		{Prefix: routeMentorAgree, Audience: bot.Everyone, Handle: b.mentorAgree},
		{Prefix: routeMentorForm, Audience: bot.Everyone, Updates: true, Handle: b.mentorForm},
		{Prefix: routeMentorApprove, Audience: bot.Moderators, Updates: true, Handle: b.mentorApprove},
		{Prefix: routeMentorDecline, Audience: bot.Moderators, Handle: b.mentorDecline},
		{Prefix: routeMentorReason, Audience: bot.Moderators, Updates: true, Handle: b.mentorReason},
	}
}

var helpCommand = &discordgo.ApplicationCommand{
	Name:        "help",
	Description: "What peerhours does, and the commands you can use",
	Contexts:    guildOnly,
}

// guildOnly keeps commands out of DMs: everything peerhours does belongs to
// a server.
var guildOnly = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}

// Rule is who one route is for, as the tables above say. Help lists and
// autocomplete suggests by it; the domain (bot.Service) enforces it, and
// TestEveryRouteRefusedByTheDomain checks that the two agree.
type Rule struct {
	Command  *discordgo.ApplicationCommand // nil for a component
	Sub      string                        // the subcommand, for commands that have them
	Prefix   string                        // a component's custom-ID prefix
	Audience bot.Audience
}

// Rules lists the rule of every slash command (per subcommand), message
// command and component.
func Rules() []Rule {
	b := &Bot{}
	var out []Rule
	for _, c := range b.commands() {
		subs := 0
		for _, o := range c.Def.Options {
			if o.Type == discordgo.ApplicationCommandOptionSubCommand {
				out = append(out, Rule{Command: c.Def, Sub: o.Name, Audience: c.audience(o.Name)})
				subs++
			}
		}
		if subs == 0 {
			out = append(out, Rule{Command: c.Def, Audience: c.Audience})
		}
	}
	for _, c := range b.components() {
		out = append(out, Rule{Prefix: c.Prefix, Audience: c.Audience})
	}
	return out
}
