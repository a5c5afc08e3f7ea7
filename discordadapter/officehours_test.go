package discordadapter

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// Every office-hours notice says whom it may ping, and pings only them.
func TestOfficeHoursNoticesMentionOnlyWhomTheyMean(t *testing.T) {
	at := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	many := make([]string, 120)
	for i := range many {
		many[i] = fmt.Sprintf("%d", 1000+i)
	}
	for _, tc := range []struct {
		n     bot.Notice
		users []string
		roles []string
	}{
		{bot.SessionOpened{Condition: "Diabetes", EndsAt: at, Waiting: 3, Posted: 3, Askers: []string{"a", "c"}, Anonymous: 1}, []string{"a", "c"}, nil},
		{bot.SessionOpened{Condition: "Diabetes", EndsAt: at, Waiting: 120, Posted: 25, Askers: many}, many[:maxMentioned], nil},
		{bot.QueueItem{Text: "@everyone what about <@&1>?", UserID: "a", Outcome: bot.OutcomeWaiting}, nil, nil},
		{bot.QuestionTakenNotice{UserID: "a", ClinicianID: "doc"}, []string{"a"}, nil},
		{bot.QuestionTakenNotice{UserID: "b", ClinicianID: "doc", Private: true, Text: "q"}, []string{"b", "doc"}, nil},
		{bot.RunningLate{Condition: "Diabetes", StartsAt: at, ClinicianID: "doc"}, []string{"doc"}, nil},
		{bot.RunningLate{Condition: "Diabetes", StartsAt: at}, nil, nil},
		{bot.LateAlert{Condition: "Diabetes", StartsAt: at, ModeratorRoleID: "mods", ClinicianID: "doc"}, nil, []string{"mods"}},
		{bot.SessionEndNotice{Condition: "Diabetes", Opened: true, Waiting: 2, Askers: []string{"a"}, NextAt: at}, []string{"a"}, nil},
		{bot.SessionCancelNotice{Condition: "Diabetes", StartsAt: at, Waiting: 1, Askers: []string{"a"}}, []string{"a"}, nil},
		{bot.SessionReport{Condition: "Diabetes", StartsAt: at, EndsAt: at, Clinicians: []string{"doc"}}, nil, nil},
	} {
		m := render(tc.n)
		am := m.AllowedMentions
		if am == nil || am.Parse == nil || len(am.Parse) != 0 || am.RepliedUser {
			t.Errorf("%T: allowed mentions %+v", tc.n, am)
			continue
		}
		if !slices.Equal(am.Users, tc.users) || !slices.Equal(am.Roles, tc.roles) {
			t.Errorf("%T: may ping users %v roles %v; want %v %v", tc.n, am.Users, am.Roles, tc.users, tc.roles)
		}
		if len(m.Content) > 2000 {
			t.Errorf("%T: %d characters", tc.n, len(m.Content))
		}
	}
}

// An anonymous question's post and the report never show who asked.
func TestAnonymousAndReportsNameNobody(t *testing.T) {
	item := render(bot.QueueItem{Text: "dizzy", UserID: "4242", Anonymous: true, Outcome: bot.OutcomeWaiting})
	if s := item.Embeds[0].Description; strings.Contains(s, "4242") || !strings.Contains(s, "anonymously") {
		t.Errorf("anonymous item: %s", s)
	}
	items := make([]bot.ReportItem, 200)
	for i := range items {
		items[i] = bot.ReportItem{Position: i + 1, Outcome: bot.OutcomeAnswered, Wait: time.Duration(i) * time.Hour, Excerpt: strings.Repeat("x", 60)}
	}
	e := render(bot.SessionReport{Condition: "Diabetes", Items: items, Answered: 200}).Embeds[0]
	if len(e.Description) > 4096 || !strings.Contains(e.Description, "more.") {
		t.Errorf("report of 200 questions: %d characters", len(e.Description))
	}
}

// The reply to a start in the skipped hour explains what happened.
func TestScheduledReplyExplainsDST(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	first := bot.LocalTime{Year: 2027, Month: 3, Day: 14, Hour: 2, Minute: 30}
	start, res := first.In(ny)
	e := scheduledEmbed(bot.English, bot.ScheduleResult{Schedule: bot.Schedule{First: first, Timezone: "America/New_York", Location: ny,
		Duration: time.Hour, Repeat: bot.RepeatWeekly}, Condition: bot.Condition{Name: "Diabetes"}, Start: start, Resolution: res}, bot.ZoneFromOption)
	for _, want := range []string{fmt.Sprintf("<t:%d:F>", start.Unix()), "does not exist", "03:30", "stays at 02:30"} {
		if !strings.Contains(e.Description, want) {
			t.Errorf("reply lacks %q:\n%s", want, e.Description)
		}
	}
}

// The reply to a schedule says only what is known about its events: a
// permission is named only when Discord refused for want of it.
func TestScheduledReplySaysOnlyWhatIsKnownOfEvents(t *testing.T) {
	start := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	sessions := func(withEvents int) []bot.OfficeSession {
		out := make([]bot.OfficeSession, 3)
		for i := range out {
			out[i].ID = bot.SessionID(i + 1)
			out[i].StartsAt = start.AddDate(0, 0, 7*i)
			if i < withEvents {
				out[i].EventID = fmt.Sprint(100 + i)
			}
		}
		return out
	}
	for _, c := range []struct {
		name    string
		events  int
		failure error
		says    []string
		never   []string
	}{
		{"all created", 3, nil, []string{"A Discord event was created for each (3)"}, []string{"⚠️", "Manage Events"}},
		{"still on the way", 1, nil, []string{"Creating a Discord event for each (1 of 3 done so far)"}, []string{"⚠️", "Manage Events", "did not"}},
		{"Discord failed", 0, errors.New("create the Discord event for office hours: 502"), []string{"⚠️ Discord did not create the Discord events", "keep trying"}, []string{"Manage Events", "502"}},
		{"refused for the permission", 0, bot.Errorf(bot.EUNAVAILABLE, "Discord did not let me create the Discord event for office hours: I need the Manage Events permission."),
			[]string{"⚠️ Discord did not let me", "Manage Events", "The sessions are stored", "(0 of 3 so far)"}, nil},
	} {
		e := scheduledEmbed(bot.English, bot.ScheduleResult{Schedule: bot.Schedule{First: bot.LocalTime{Year: 2026, Month: 12, Day: 1, Hour: 18}, Timezone: "UTC",
			Location: time.UTC, Duration: time.Hour, Repeat: bot.RepeatWeekly}, Condition: bot.Condition{Name: "Diabetes"}, Start: start,
			Sessions: sessions(c.events), EventFailure: c.failure}, bot.ZoneFromOption)
		for _, w := range c.says {
			if !strings.Contains(e.Description, w) {
				t.Errorf("%s: reply lacks %q:\n%s", c.name, w, e.Description)
			}
		}
		for _, w := range c.never {
			if strings.Contains(e.Description, w) {
				t.Errorf("%s: reply says %q:\n%s", c.name, w, e.Description)
			}
		}
	}
}

func TestEventRefusalNamesThePermissionOnlyFor403(t *testing.T) {
	rest := func(status int) error {
		return &discordgo.RESTError{Response: &http.Response{StatusCode: status}, ResponseBody: []byte(`{}`)}
	}
	if msg := bot.ErrorMessage(eventRefusal(rest(http.StatusForbidden), "create the Discord event for office hours")); !strings.Contains(msg, "Manage Events") || strings.Contains(msg, "Nothing was changed") {
		t.Errorf("403: %q", msg)
	}
	for _, status := range []int{http.StatusBadGateway, http.StatusTooManyRequests} {
		if err := eventRefusal(rest(status), "create the Discord event for office hours"); strings.Contains(err.Error(), "Manage Events") {
			t.Errorf("%d: %v", status, err)
		}
	}
}

func TestAnsweredReceiptLinksTheThread(t *testing.T) {
	at := time.Date(2026, 12, 1, 18, 30, 0, 0, time.UTC)
	got := receiptText(bot.QueueReceipt{Condition: "Diabetes", Status: bot.QuestionAnswered, AnsweredAt: at, ThreadID: "777"})
	if !strings.Contains(got, "<#777>") || !strings.Contains(got, fmt.Sprintf("<t:%d:F>", at.Unix())) {
		t.Errorf("answered receipt: %s", got)
	}
	if got := receiptText(bot.QueueReceipt{Condition: "Diabetes", Status: bot.QuestionAnswered, AnsweredAt: at}); strings.Contains(got, "<#") {
		t.Errorf("answered without a thread: %s", got)
	}
}
