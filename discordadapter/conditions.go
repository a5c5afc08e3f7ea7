package discordadapter

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

func conditionOption(description string) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "condition", Description: description,
		Required: true, Autocomplete: true, MaxLength: 50,
	}
}

var conditionCommand = &discordgo.ApplicationCommand{
	Name:        "condition",
	Description: "Create and manage condition groups (moderators)",
	// Visible to everyone: moderators are known by their role, which
	// default_member_permissions cannot express. The server refuses
	// everyone else.
	Contexts: guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "create",
			Description: "Create a condition group: a category, a role, a peer channel and an office-hours channel",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "name", Description: "2–50 letters, digits, spaces or hyphens, e.g. Long COVID", Required: true, MinLength: ptr(2), MaxLength: 50},
				{Type: discordgo.ApplicationCommandOptionString, Name: "description", Description: "One line about the group", MaxLength: 300},
			},
		},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "List the condition groups and whether any is broken"},
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "archive",
			Description: "Make a group's channels read-only and stop new joins (its data is kept)",
			Options:     []*discordgo.ApplicationCommandOption{conditionOption("The group to archive")},
		},
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "repair",
			Description: "Recreate a group's roles or channels that were deleted by hand",
			Options:     []*discordgo.ApplicationCommandOption{conditionOption("The group to repair")},
		},
	},
}

func (b *Bot) condition(ctx context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	switch r.Subcommand() {
	case "create":
		c, err := b.svc.CreateCondition(ctx, r.Caller, r.String("name"), r.String("description"))
		if err != nil {
			return Reply{}, err
		}
		return Reply{Embeds: []*discordgo.MessageEmbed{{
			Title: l.Sprintf("%s is ready", c.Name), Color: colorOK,
			Description: l.Sprintf("Peer channel <#%s> and office-hours channel <#%s>, visible to members of <@&%s>, moderators and clinicians.\n\n"+
				"Members join with `/join condition:%s`; they'll be asked to accept the guidelines first. "+
				"Peer mentors apply with `/mentor apply`; once approved they get <@&%s> and are pinged in turn for peer questions.",
				c.PeerChannelID, c.OfficeChannelID, c.RoleID, c.Name, c.MentorRoleID),
		}}}, nil
	case "list":
		list, err := b.svc.Conditions(ctx, r.Caller)
		if err != nil {
			return Reply{}, err
		}
		return Reply{Embeds: []*discordgo.MessageEmbed{conditionListEmbed(l, list)}}, nil
	case "archive":
		c, err := b.svc.ArchiveCondition(ctx, r.Caller, r.String("condition"))
		if err != nil {
			return Reply{}, err
		}
		return Reply{Content: l.Sprintf("%s is archived: its channels are read-only and nobody new can join. Everything stored is kept.", c.Name)}, nil
	case "repair":
		h, err := b.svc.RepairCondition(ctx, r.Caller, r.String("condition"))
		if err != nil {
			return Reply{}, err
		}
		if !h.Broken() {
			return Reply{Content: l.Sprintf("Nothing to repair: %s has all its roles and channels.", h.Condition.Name)}, nil
		}
		msg := l.Sprintf("Repaired %s: recreated the %s.", h.Condition.Name, listJoin(l, h.Missing))
		if slices.Contains(h.Missing, "role") || slices.Contains(h.Missing, "peer mentor role") {
			msg += l.T(" Members on record got the new roles back.")
		}
		return Reply{Content: msg}, nil
	}
	return Reply{}, bot.Errorf(bot.EINVALID, "Unknown subcommand.")
}

func conditionListEmbed(l bot.Lang, list []bot.ConditionHealth) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: l.T("Condition groups"), Color: colorInfo}
	if len(list) == 0 {
		e.Description = l.T("There are none yet. Create one with `/condition create name:Diabetes`.")
		return e
	}
	var lines []string
	broken := false
	for _, h := range list {
		c := h.Condition
		line := fmt.Sprintf("**%s** — <#%s> · <#%s>", c.Name, c.PeerChannelID, c.OfficeChannelID)
		switch {
		case len(h.Missing) == 1:
			line = l.Sprintf("⚠️ **%s** — broken: its %s was deleted. Fix: `/condition repair condition:%s`", c.Name, listJoin(l, h.Missing), c.Name)
		case h.Broken():
			line = l.Sprintf("⚠️ **%s** — broken: its %s were deleted. Fix: `/condition repair condition:%s`", c.Name, listJoin(l, h.Missing), c.Name)
		case c.Archived:
			line = l.Sprintf("🗄️ **%s** — archived (read-only)", c.Name)
		}
		broken = broken || h.Broken()
		lines = append(lines, line)
	}
	e.Description = truncate(strings.Join(lines, "\n"), maxEmbedDescription)
	if broken {
		e.Color = colorWarn
	}
	return e
}

// listJoin writes the parts of a condition in l: "a", "a and b", "a, b and c".
func listJoin(l bot.Lang, parts []string) string {
	items := make([]string, len(parts))
	for i, p := range parts {
		items[i] = l.T(p) // the parts are sentences of the catalogue
	}
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return l.Sprintf("%s and %s", strings.Join(items[:len(items)-1], ", "), items[len(items)-1])
}

// maxEmbedDescription is Discord's limit on an embed's description.
const maxEmbedDescription = 4096

// truncate shortens s to at most n characters, marking the cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (b *Bot) conditionChoices(ctx context.Context, r *Request) ([]*discordgo.ApplicationCommandOptionChoice, error) {
	f := r.Focused()
	if f == nil {
		return nil, nil
	}
	typed, _ := f.Value.(string)
	// Archived groups can still be left and repaired; nothing else takes them.
	cmd := r.ApplicationCommandData().Name
	archived := cmd == "leave" || (cmd == "condition" && r.Subcommand() == "repair")
	names, err := b.svc.ConditionNames(ctx, r.GuildID, typed, maxChoices, archived)
	if err != nil {
		return nil, err
	}
	return stringChoices(names), nil
}
