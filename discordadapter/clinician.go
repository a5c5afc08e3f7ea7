package discordadapter

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

var clinicianCommand = &discordgo.ApplicationCommand{
	Name:        "clinician",
	Description: "Verify clinicians: the clinician role is held only while a verification is current",
	Contexts:    guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "verify",
			Description: "Record a clinician's licence and give them the clinician role until it expires",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "The clinician", Required: true},
				{Type: discordgo.ApplicationCommandOptionString, Name: "licence", Description: "Licence or registration number (kept private: never shown to members)", Required: true, MaxLength: 40},
				{Type: discordgo.ApplicationCommandOptionString, Name: "jurisdiction", Description: "Who issued it, e.g. Ontario or New York (shown to members)", Required: true, MaxLength: 60},
				{Type: discordgo.ApplicationCommandOptionString, Name: "expires", Description: "Last day it is valid, e.g. 2027-03-31", Required: true, MaxLength: 10},
			},
		},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "Verified clinicians, and verifications that ended in the last 30 days"},
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "revoke",
			Description: "End a clinician's verification now and take the clinician role away",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "The clinician", Required: true},
				{Type: discordgo.ApplicationCommandOptionString, Name: "reason", Description: "Why (kept in the record, not told to them)", MaxLength: 300},
			},
		},
	},
}

func (b *Bot) clinician(ctx context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	switch r.Subcommand() {
	case "verify":
		req := bot.VerifyRequest{UserID: r.ID("member"), Licence: r.String("licence"),
			Jurisdiction: r.String("jurisdiction"), Expires: r.String("expires")}
		if data := r.ApplicationCommandData(); data.Resolved != nil && data.Resolved.Users[req.UserID] != nil {
			req.IsBot = data.Resolved.Users[req.UserID].Bot
		}
		res, err := b.svc.VerifyClinician(ctx, r.Caller, req)
		if err != nil {
			return Reply{}, err
		}
		return Reply{Embeds: []*discordgo.MessageEmbed{verifiedEmbed(l, res, r.Settings.ClinicianRoleID)}}, nil
	case "list":
		list, err := b.svc.Clinicians(ctx, r.Caller)
		if err != nil {
			return Reply{}, err
		}
		return Reply{Embeds: []*discordgo.MessageEmbed{cliniciansEmbed(l, list, b.svc.Now().Unix())}}, nil
	case "revoke":
		v, err := b.svc.RevokeClinician(ctx, r.Caller, r.ID("member"), r.String("reason"))
		if err != nil {
			return Reply{}, err
		}
		return Reply{Content: l.Sprintf("Revoked <@%s>'s clinician verification (%s). The clinician role is being removed and they are told privately; they can no longer take office-hours questions.", v.UserID, v.Jurisdiction)}, nil
	}
	return Reply{}, bot.Errorf(bot.EINVALID, "Unknown subcommand.")
}

func verifiedEmbed(l bot.Lang, res bot.VerifyResult, roleID string) *discordgo.MessageEmbed {
	v := res.Verification
	title := l.T("Verified clinician")
	if res.Renewed {
		title = l.T("Clinician verification renewed")
	}
	lines := []string{
		l.Sprintf("<@%s> is a %s until the end of %s (<t:%d:R>).", v.UserID, verifiedLabel(l, v.Jurisdiction), v.ExpiresOn, v.ExpiresAt.Unix()),
		l.Sprintf("Licence %s is on record for verifiers only: members see “verified clinician (%s)”, never the number.", v.MaskedLicence(), v.Jurisdiction),
		l.T("They are reminded privately 30 and 7 days before it expires; on expiry the role is removed and they are told."),
	}
	color := colorOK
	if res.RoleError != "" {
		color = colorWarn
		lines = append(lines, l.Sprintf("⚠️ The verification is recorded, but %s", res.RoleError))
	} else if roleID != "" {
		lines = append(lines, l.Sprintf("They now have <@&%s>.", roleID))
	}
	return &discordgo.MessageEmbed{Title: title, Description: strings.Join(lines, "\n"), Color: color}
}

func cliniciansEmbed(l bot.Lang, list []bot.Verification, now int64) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: l.T("Verified clinicians"), Color: colorInfo,
		Footer: &discordgo.MessageEmbedFooter{Text: l.T("Licence numbers are masked; members never see them. /clinician verify renews, /clinician revoke ends one.")}}
	if len(list) == 0 {
		e.Description = l.T("Nobody is verified yet. `/clinician verify member:@… licence:… jurisdiction:… expires:YYYY-MM-DD` verifies a clinician and gives them the clinician role.")
		return e
	}
	var lines []string
	for _, v := range list {
		state := l.Sprintf("until %s", v.ExpiresOn)
		switch {
		case v.Revoked():
			state = l.Sprintf("❌ revoked <t:%d:R> by <@%s>", v.RevokedAt.Unix(), v.RevokedBy)
		case v.ExpiresAt.Unix() <= now:
			state = l.Sprintf("⌛ expired after %s", v.ExpiresOn)
		}
		lines = append(lines, l.Sprintf("<@%s> — %s — %s — licence %s — verified by <@%s> <t:%d:d>",
			v.UserID, v.Jurisdiction, state, v.MaskedLicence(), v.VerifiedBy, v.VerifiedAt.Unix()))
	}
	e.Description = truncateLines(strings.Join(lines, "\n"), maxEmbedDescription)
	return e
}
