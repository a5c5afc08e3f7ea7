package discordadapter

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// render is renderNotice for tests that render a notice they know.
func render(n bot.Notice) *discordgo.MessageSend {
	m, err := renderNotice(n)
	if err != nil {
		panic(err)
	}
	return m
}

// everyNotice is one value of each notice type in package bot.
// TestEveryNoticeRenders checks against bot's source that none is missing.
func everyNotice() []bot.Notice {
	at := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	return []bot.Notice{
		bot.CrisisReply{ChannelID: "c", ReplyTo: "m"},
		bot.EmergencyAlert{ChannelID: "c", ModeratorRoleID: "mods", UserID: "u", OpenedAt: at},
		bot.QueueReceipt{ChannelID: "c", ReplyTo: "m", UserID: "u", QuestionID: 1, Condition: "Diabetes", Status: bot.QuestionQueued},
		bot.NoSessionNotice{ChannelID: "c", Condition: "Diabetes", Waiting: 2},
		bot.PeerWelcome{ThreadID: "t", MentorIDs: []string{"mentor"}, Condition: "Diabetes", SourceMessageID: "m", AskerID: "u"},
		bot.PeerFollowup{ThreadID: "t", UserID: "u", SourceMessageID: "m"},
		bot.SessionOpened{ChannelID: "c", Condition: "Diabetes", EndsAt: at},
		bot.QueueItem{ChannelID: "c", Position: 1, Text: "a question", UserID: "u", AskedAt: at, Outcome: bot.OutcomeWaiting},
		bot.QuestionTakenNotice{ThreadID: "t", UserID: "u", ClinicianID: "doc", Text: "a question", Private: true},
		bot.RunningLate{ChannelID: "c", Condition: "Diabetes", StartsAt: at},
		bot.LateAlert{ChannelID: "c", Condition: "Diabetes", StartsAt: at},
		bot.SessionEndNotice{ChannelID: "c", Condition: "Diabetes"},
		bot.SessionCancelNotice{ChannelID: "c", Condition: "Diabetes", StartsAt: at},
		bot.SessionReport{ChannelID: "c", Condition: "Diabetes"},
		bot.SummaryReview{ChannelID: "c"},
		bot.ClinicianNotice{UserID: "doc", Kind: bot.VerificationReminder, Jurisdiction: "UK GMC", ExpiresOn: "2026-12-31", ExpiresAt: at, DaysLeft: 30},
		bot.MentorApplicationCard{ChannelID: "c", Application: bot.MentorApplication{ID: 1, UserID: "u"}, Conditions: []string{"Diabetes"}},
		bot.MentorDecisionNotice{UserID: "u", Approved: true, Conditions: []string{"Diabetes"}},
		bot.MentorWelcome{ChannelID: "c", UserID: "u", Conditions: []string{"Diabetes"}},
		bot.PeerNudge{ThreadID: "t", MentorIDs: []string{"mentor"}, Condition: "Diabetes"},
		bot.PeerClosed{ThreadID: "t", Reason: "resolved", AskerID: "u"},
		bot.PrivateFallback{ChannelID: "c", UserID: "u", Notice: bot.MentorDecisionNotice{UserID: "u", Conditions: []string{"Diabetes"}}},
		bot.FAQCard{ChannelID: "c", Entry: bot.FAQEntry{ID: 1, Question: "Can I travel with insulin?", Answer: "Yes; carry it in hand luggage.", WrittenBy: "doc"}, Condition: "Diabetes"},
		bot.HelpfulPrompt{ChannelID: "t", QuestionID: 1, UserID: "u", Condition: "Diabetes"},
		bot.SessionReminder{ClinicianID: "doc", Condition: "Diabetes", OfficeChannelID: "c", StartsAt: at, EndsAt: at.Add(time.Hour), Waiting: 2, Before: 15 * time.Minute},
		bot.BackstopNote{ChannelID: "c", ReplyTo: "m", MessageURL: "https://discord.com/channels/g/c/m"},
	}
}

// Every kind of notice the domain can send renders to a message with
// something in it and allowed_mentions set; a kind the adapter does not
// know is an error, never a "…" posted in someone's channel.
func TestEveryNoticeRenders(t *testing.T) {
	var covered []string
	for _, n := range everyNotice() {
		name := strings.TrimPrefix(typeName(n), "bot.")
		covered = append(covered, name)
		m, err := renderNotice(n)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if m.Content == "" && len(m.Embeds) == 0 || m.Content == "…" {
			t.Errorf("%s renders empty: %+v", name, m)
		}
		if m.AllowedMentions == nil {
			t.Errorf("%s has no allowed_mentions", name)
		}
	}
	for _, name := range noticeTypes(t) {
		if !slices.Contains(covered, name) {
			t.Errorf("bot.%s is a notice (it has Channel() string) missing from everyNotice", name)
		}
	}
	_, err := renderNotice(strangeNotice{})
	if !errors.Is(err, ErrUnknownNotice) {
		t.Errorf("an unknown notice: %v", err)
	}
}

type strangeNotice struct{}

func (strangeNotice) Channel() string { return "c" }

func typeName(v any) string { return fmt.Sprintf("%T", v) }

// noticeTypes lists the types in package bot's source with a method
// Channel() string: the notices.
func noticeTypes(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir("../bot")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join("../bot", e.Name()), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Name.Name != "Channel" || len(fd.Type.Params.List) != 0 {
				continue
			}
			if id, ok := fd.Recv.List[0].Type.(*ast.Ident); ok {
				out = append(out, id.Name)
			}
		}
	}
	if len(out) < 10 {
		t.Fatalf("found only %v: the source scan is broken", out)
	}
	return out
}
