package discordadapter

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"

	"github.com/peerhours/peerhours/bot"
)

var privacyCommand = &discordgo.ApplicationCommand{
	Name:        "privacy",
	Description: "See, export or erase what peerhours holds about you",
	Contexts:    guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "show", Description: "What is stored about you, in counts"},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "export", Description: "A JSON file of everything stored about you (only you see it)"},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "delete", Description: "Erase your stored messages, questions, consent and memberships (asks first)"},
		{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "summaries", Description: "Be left out of clinician summaries, or back in",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "include", Description: "False leaves you out (and erases your stored text); true brings you back", Required: true},
			},
		},
	},
}

// The confirmation buttons of /privacy delete carry the user they are for:
// "privacy:delete:<user>" and "privacy:cancel:<user>".
const routePrivacy = "privacy"

func (b *Bot) privacy(ctx context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	switch r.Subcommand() {
	case "show":
		o, err := b.svc.PrivacyOverview(ctx, r.Caller)
		if err != nil {
			return Reply{}, err
		}
		return Reply{Embeds: []*discordgo.MessageEmbed{privacyEmbed(l, o)}}, nil
	case "export":
		data, err := b.svc.PrivacyExport(ctx, r.Caller)
		if err != nil {
			return Reply{}, err
		}
		f, err := exportFile(r.Caller.UserID, data)
		if err != nil {
			return Reply{}, err
		}
		return Reply{
			Content: l.T("Here is everything peerhours stores about you on this server, as JSON. Only you can see this message; the file is not kept anywhere else."),
			Files:   []*discordgo.File{f},
		}, nil
	case "delete":
		return Reply{
			Embeds: []*discordgo.MessageEmbed{{
				Title: l.T("Erase what peerhours stores about you?"),
				Description: strings.Join([]string{
					l.T("This erases, for good:"),
					l.T("• the stored text of your messages in condition channels"),
					l.T("• your questions (they leave the office-hours queue, and its posts stop quoting them)"),
					l.T("• your consent to the guidelines and your condition-group memberships (you'll leave the groups; `/join` again any time)"),
					l.T("• statements in clinician summaries that rest on or repeat your messages, in the stored drafts and in their posts for review"),
					l.T("Nothing you wrote before now is stored again, even if you join again."),
					"",
					l.T("It keeps: anonymous counts of how messages were triaged, emergency alerts (the record of how moderators responded, without text), your choice to be left out of summaries, and the audit log entry saying this deletion happened."),
					"",
					l.T("Your messages on Discord itself are not touched: delete them there if you want them gone."),
				}, "\n"),
				Color: colorDanger,
			}},
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Style: discordgo.DangerButton, Label: l.T("Erase my data"), CustomID: routePrivacy + ":delete:" + r.Caller.UserID},
				discordgo.Button{Style: discordgo.SecondaryButton, Label: l.T("Cancel"), CustomID: routePrivacy + ":cancel:" + r.Caller.UserID},
			}}},
		}, nil
	case "summaries":
		include := r.Bool("include", true)
		res, err := b.svc.SetSummariesIncluded(ctx, r.Caller, include)
		if err != nil {
			return Reply{}, err
		}
		if include {
			return Reply{Content: l.T("You're included in clinician summaries again (names are always removed). Messages you post from now on can be summarised.")}, nil
		}
		lines := []string{l.Sprintf("You're left out of clinician summaries. %s of yours erased; new ones won't be stored. Triage still reads every message, so emergencies are still answered.",
			l.Plural(res.Erased, "stored message was", "stored messages were"))}
		if res.Summaries > 0 {
			lines = append(lines, l.Sprintf("What you wrote was also taken out of %s waiting for review.", l.Plural(res.Summaries, "summary draft", "summary drafts")))
		}
		if !res.Compacted {
			lines = append(lines, stillInLog.In(l))
		}
		return Reply{Content: strings.Join(lines, "\n")}, nil
	}
	return Reply{}, bot.Errorf(bot.EINVALID, "Unknown subcommand.")
}

// stillInLog tells a member their erasure is not finished in the
// database's files yet.
var stillInLog = bot.N("Not quite done: a copy of the erased text is still in the database's write-ahead log, because something else (a backup, most likely) is reading the database. peerhours clears it as soon as that ends, usually within minutes, without you doing anything.")

// privacyButton answers the confirmation of /privacy delete. It replaces
// the confirmation, so it cannot be pressed twice.
func (b *Bot) privacyButton(ctx context.Context, r *Request) (Reply, error) {
	l := r.Lang()
	if len(r.Args) != 2 || r.Args[1] != r.Caller.UserID {
		return Reply{}, bot.Errorf(bot.EFORBIDDEN, "This button is for someone else's data. Run `/privacy delete` yourself.")
	}
	switch r.Args[0] {
	case "cancel":
		return Reply{Content: l.T("Nothing was erased.")}, nil
	case "delete":
		er, err := b.svc.ErasePersonalData(ctx, r.Caller)
		if err != nil {
			return Reply{}, err
		}
		done := l.T("Done. Erased: ")
		if !er.Compacted {
			done = l.T("Erased from the database: ")
		}
		lines := []string{
			done + strings.Join([]string{
				l.Plural(er.Messages, "stored message", "stored messages"),
				l.Plural(er.Questions, "question", "questions"),
				l.Plural(er.Memberships, "group membership", "group memberships"),
				l.Plural(er.Consents, "consent record", "consent records"),
			}, ", ") + ".",
		}
		if er.Summaries > 0 {
			lines = append(lines, l.Sprintf("Statements citing or repeating your messages were removed from %s.", l.Plural(er.Summaries, "summary", "summaries")))
		}
		if !er.Compacted {
			lines = append(lines, stillInLog.In(l))
		}
		if er.Decisions > 0 {
			lines = append(lines, l.Sprintf("%s no longer linked to you.", l.Plural(er.Decisions, "triage decision is", "triage decisions are")))
		}
		return Reply{Content: strings.Join(lines, "\n")}, nil
	}
	return Reply{}, bot.Errorf(bot.EINVALID, "This button is out of date. Run `/privacy delete` again.")
}

func privacyEmbed(l bot.Lang, o bot.PrivacyOverview) *discordgo.MessageEmbed {
	field := func(name, value string) *discordgo.MessageEmbedField {
		return &discordgo.MessageEmbedField{Name: name, Value: value}
	}
	consent := l.T("You have not accepted the guidelines.")
	if o.Consent != nil {
		consent = l.Sprintf("Version %d, accepted <t:%d:f>", o.Consent.Version, o.Consent.AcceptedAt.Unix())
		if o.Consent.Version < o.CurrentVersion {
			consent += l.Sprintf(" (the current version is %d)", o.CurrentVersion)
		}
	}
	groups := l.T("None")
	if len(o.Memberships) > 0 {
		var names []string
		for _, m := range o.Memberships {
			n := m.Condition
			if m.Mentor {
				n += l.T(" (peer mentor)")
			}
			names = append(names, n)
		}
		groups = strings.Join(names, ", ")
	}
	messages := l.Plural(o.Messages, "message", "messages")
	if o.Messages > 0 {
		messages += l.Sprintf(", the oldest from <t:%d:D>; each is deleted %d days after it was written", o.OldestMessage.Unix(), o.RetentionDays)
	}
	summaries := l.T("Included (names removed)")
	if o.OptedOut {
		summaries = l.T("Left out: your messages are not stored or summarised")
	}
	questions := l.T("None")
	if len(o.QuestionsByState) > 0 {
		var parts []string
		for _, st := range sortedKeys(o.QuestionsByState) {
			parts = append(parts, l.Sprintf("%d %s", o.QuestionsByState[st], bot.Msg(st)))
		}
		questions = strings.Join(parts, ", ")
	}
	return &discordgo.MessageEmbed{
		Title: l.T("What peerhours stores about you here"),
		Color: colorInfo,
		Fields: []*discordgo.MessageEmbedField{
			field(l.T("Guidelines consent"), consent),
			field(l.T("Condition groups"), groups),
			field(l.T("Stored message text"), messages),
			field(l.T("Questions"), questions),
			field(l.T("Summaries"), summaries+l.Sprintf("; %s your messages", l.Plural(o.Summaries, "summary cites", "summaries cite"))),
			field(l.T("Triage records"), l.Sprintf("%s, %s", l.Plural(o.Decisions, "decision", "decisions"), l.Plural(o.Alerts, "emergency alert", "emergency alerts"))),
			field(l.T("Audit log"), l.Plural(o.AuditEntries, "entry names you", "entries name you")),
		},
		Footer: &discordgo.MessageEmbedFooter{Text: l.T("/privacy export gives you all of it as a file; /privacy delete erases it.")},
	}
}

func sortedKeys[K ~string](m map[K]int) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// onMemberRemove takes a departing member's questions out of the queue.
// Discord sends GUILD_MEMBER_REMOVE only with the Server Members intent;
// without it the domain's sweep finds departures.
func (b *Bot) onMemberRemove(_ *discordgo.Session, m *discordgo.GuildMemberRemove) {
	if m.Member == nil || m.User == nil || m.GuildID == "" {
		return
	}
	b.pipe.enqueue(work{kind: workMemberLeft, guildID: m.GuildID, userID: m.User.ID, arrived: time.Now()})
}

func (b *Bot) memberLeft(ctx context.Context, guildID, userID string) {
	if err := b.svc.MemberLeft(ctx, guildID, userID); err != nil {
		b.log.Error().Str("guild_id", guildID).Str("user_id", userID).Str("code", bot.ErrorCode(err)).
			Str("error", errorClass(err)).Msg("handling a departure failed")
	}
}

// IsMember asks Discord whether a user is still in a server (no privileged
// intent needed for one member).
func (d *Discord) IsMember(ctx context.Context, guildID, userID string) (bool, error) {
	_, err := d.s.GuildMember(guildID, userID, discordgo.WithContext(ctx))
	switch {
	case err == nil:
		return true, nil
	case isCode(err, discordgo.ErrCodeUnknownMember), isCode(err, discordgo.ErrCodeUnknownUser):
		return false, nil
	}
	return false, refusal(err, "look up a member", "View Channels")
}

var _ bot.MemberLookup = (*Discord)(nil)

// Application flags that say the Server Members intent is switched on in
// the Developer Portal (GATEWAY_GUILD_MEMBERS, or _LIMITED for bots in
// fewer than 100 servers).
const (
	appFlagGuildMembers        = 1 << 14
	appFlagGuildMembersLimited = 1 << 15
)

// RequestMembersIntent adds the privileged Server Members intent to the
// session's IDENTIFY if, and only if, the application has it switched on,
// so that departures arrive as events. Asking for it while it is off would
// make Discord close the gateway (4014). When the application cannot be
// read, peerhours goes on without it: the member sweep covers departures.
// It reports whether the intent was added.
func RequestMembersIntent(s *discordgo.Session, log zerolog.Logger) bool {
	// discordgo's Application takes no context; the session's HTTP client
	// has a 20-second timeout.
	app, err := s.Application("@me")
	if err != nil {
		log.Warn().Str("error", errorClass(err)).Msg("could not read the application's flags; departures are found by the hourly sweep")
		return false
	}
	if app.Flags&(appFlagGuildMembers|appFlagGuildMembersLimited) == 0 {
		log.Info().Msg("Server Members intent is off in the Developer Portal; departures are found by the hourly sweep")
		return false
	}
	s.Identify.Intents |= discordgo.IntentGuildMembers
	log.Info().Msg("Server Members intent is on: departures are handled as they happen")
	return true
}

// maxUpload is what a bot may upload to a server without boosts: 10 MiB
// (Discord answers 413 40005 above it).
const maxUpload = 10 << 20

// exportFile is a /privacy export as a file Discord takes: the JSON as it
// is, or gzipped when it passes the upload limit (a member's stored text
// compresses many times over); when even that is too large, an error
// saying so instead of a refused upload.
func exportFile(userID string, data []byte) (*discordgo.File, error) {
	name := fmt.Sprintf("peerhours-export-%s.json", userID)
	if len(data) <= maxUpload {
		return &discordgo.File{Name: name, ContentType: "application/json", Reader: bytes.NewReader(data)}, nil
	}
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	_, _ = w.Write(data)
	if err := w.Close(); err != nil {
		return nil, err
	}
	if z.Len() > maxUpload {
		return nil, bot.Errorf(bot.EINVALID, "Your export is larger than Discord lets me send as a file (10 MiB, even compressed), so I could not send it. Please tell a moderator, who can ask whoever runs peerhours for it.")
	}
	return &discordgo.File{Name: name + ".gz", ContentType: "application/gzip", Reader: &z}, nil
}
