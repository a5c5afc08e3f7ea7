package bot_test

import (
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
)

// alertEdits returns the edits of one post, in order.
func (w *world) alertEdits(messageID string) []bot.EmergencyAlert {
	var out []bot.EmergencyAlert
	for _, e := range w.d.Edits {
		if n, ok := e.Notice.(bot.EmergencyAlert); ok && e.ID == messageID {
			out = append(out, n)
		}
	}
	return out
}

// postID is the fake Discord's ID of the n-th alert post.
func (w *world) alertPostIDs() []string {
	var out []string
	for _, p := range w.d.Posts {
		if _, ok := p.Notice.(bot.EmergencyAlert); ok {
			out = append(out, p.ID)
		}
	}
	return out
}

// The first alert names the moderator role to ping; the re-alert names it
// again and escalates: to the server's owner when no escalation role is
// set, to the escalation role when one is.
func TestAlertPingsModeratorsAndRealertEscalates(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.post(c, "pat", "I took 30 pills")
	alerts := bottest.Notices[bot.EmergencyAlert](w.d)
	if len(alerts) != 1 || alerts[0].ModeratorRoleID != "modrole" || alerts[0].Realert || alerts[0].EscalationUserID != "" {
		t.Fatalf("first alert = %+v", alerts)
	}
	w.clock.Advance(5 * time.Minute)
	w.svc.RunDueJobs(w.ctx)
	alerts = bottest.Notices[bot.EmergencyAlert](w.d)
	if len(alerts) != 2 || !alerts[1].Realert || alerts[1].ModeratorRoleID != "modrole" ||
		alerts[1].EscalationRoleID != "" || alerts[1].EscalationUserID != "owner" {
		t.Fatalf("re-alert without an escalation role = %+v", alerts[1:])
	}

	esc := "leads"
	if _, err := w.svc.Setup(w.ctx, bot.Caller{GuildID: guild, ManageServer: true}, bot.SettingsChange{EscalationRoleID: &esc}); err != nil {
		t.Fatal(err)
	}
	w.post(c, "pat2", "chest pain and my left arm is numb")
	w.clock.Advance(5 * time.Minute)
	w.svc.RunDueJobs(w.ctx)
	alerts = bottest.Notices[bot.EmergencyAlert](w.d)
	if len(alerts) != 4 || !alerts[3].Realert || alerts[3].EscalationRoleID != "leads" || alerts[3].EscalationUserID != "" {
		t.Fatalf("re-alert with an escalation role = %+v", alerts[2:])
	}
	everyone := guild
	if _, err := w.svc.Setup(w.ctx, bot.Caller{GuildID: guild, ManageServer: true}, bot.SettingsChange{EscalationRoleID: &everyone}); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("@everyone as the escalation role: %v", err)
	}
}

// The owner cannot be found: the re-alert still goes out, pinging the
// moderator role.
func TestRealertWithoutOwnerStillPingsModerators(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.post(c, "pat", "I took 30 pills")
	w.d.FailNext("GuildOwner", bot.Errorf(bot.EUNAVAILABLE, "Discord is away"))
	w.clock.Advance(5 * time.Minute)
	w.svc.RunDueJobs(w.ctx)
	alerts := bottest.Notices[bot.EmergencyAlert](w.d)
	if len(alerts) != 2 || !alerts[1].Realert || alerts[1].ModeratorRoleID != "modrole" {
		t.Fatalf("alerts = %+v", alerts)
	}
}

// Acknowledging either post of an alert marks every post: the first and
// the re-alert both show who acknowledged and when.
func TestAcknowledgingMarksEveryPostOfTheAlert(t *testing.T) {
	for _, clickRealert := range []bool{false, true} {
		w := newWorld(t)
		c := w.condition("Diabetes")
		w.post(c, "pat", "I took 30 pills")
		w.clock.Advance(5 * time.Minute)
		w.svc.RunDueJobs(w.ctx)
		posts := w.alertPostIDs()
		alerts := bottest.Notices[bot.EmergencyAlert](w.d)
		if len(posts) != 2 || !alerts[1].Realert {
			t.Fatalf("want the alert and its re-alert, got %+v", alerts)
		}
		w.clock.Advance(time.Minute)
		doc := bot.Caller{UserID: "doc1", GuildID: guild, RoleIDs: []string{"docrole"}}
		n, err := w.svc.Acknowledge(w.ctx, doc, alerts[0].AlertID)
		if err != nil {
			t.Fatal(err)
		}
		if n.AlertMessageID != posts[0] || n.RealertMessageID != posts[1] {
			t.Errorf("clickRealert=%v: the notice names posts %q and %q, want %v", clickRealert, n.AlertMessageID, n.RealertMessageID, posts)
		}
		for i, id := range posts {
			edits := w.alertEdits(id)
			if len(edits) == 0 {
				t.Errorf("post %d was not edited", i)
				continue
			}
			last := edits[len(edits)-1]
			if last.AcknowledgedBy != "doc1" || !last.AcknowledgedAt.Equal(w.clock.Now().UTC()) || last.Realert != (i == 1) {
				t.Errorf("post %d shows %+v", i, last)
			}
		}
	}
}

// A re-alert posted while an acknowledgement was being stored (the two
// crossed) is marked acknowledged too.
func TestRealertCrossingAnAcknowledgementIsMarked(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.post(c, "pat", "I took 30 pills")
	w.clock.Advance(5 * time.Minute)
	alert := bottest.Notices[bot.EmergencyAlert](w.d)[0]
	w.d.BeforePost = func(n bot.Notice) {
		if a, ok := n.(bot.EmergencyAlert); ok && a.Realert {
			if err := w.db.AcknowledgeAlert(w.ctx, alert.AlertID, "doc1", w.clock.Now()); err != nil {
				t.Error(err)
			}
		}
	}
	w.svc.RunDueJobs(w.ctx)
	posts := w.alertPostIDs()
	if len(posts) != 2 {
		t.Fatalf("posts = %v", posts)
	}
	edits := w.alertEdits(posts[1])
	if len(edits) != 1 || edits[0].AcknowledgedBy != "doc1" || !edits[0].Realert {
		t.Errorf("the crossing re-alert shows %+v", edits)
	}
}

// Refreshes queued while Discord was away do not each edit the alert: the
// first retry shows every message since, and the rest have nothing new.
// A message after that edits it again.
func TestAlertRefreshesWithNothingNewAreNotSent(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.post(c, "pat", "I took 30 pills")
	if n := len(bottest.Notices[bot.EmergencyAlert](w.d)); n != 1 {
		t.Fatalf("%d alerts posted", n)
	}
	down := bot.Errorf(bot.EUNAVAILABLE, "Discord is down")
	w.d.Fail["Edit"] = []error{down, down, down, down, down}
	for _, text := range []string{"I took more of them", "I want to die", "I can't feel my hands"} {
		w.post(c, "pat", text)
	}
	if len(w.d.Edits) != 0 || len(w.d.Fail["Edit"]) != 2 {
		t.Fatalf("while Discord is down: %d edits, %d refreshes tried; want 0 and 3", len(w.d.Edits), 5-len(w.d.Fail["Edit"]))
	}
	delete(w.d.Fail, "Edit")
	w.clock.Advance(time.Minute)
	w.svc.RunDueJobs(w.ctx)
	if len(w.d.Edits) != 1 {
		t.Fatalf("%d edits after the outage, want 1: %+v", len(w.d.Edits), w.d.Edits)
	}
	stored, err := w.db.Alert(w.ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := w.d.Edits[0].Notice.(bot.EmergencyAlert); !ok || a.Messages != stored.Messages || a.Messages != 4 {
		t.Fatalf("the edit shows %+v, want the alert's %d messages", w.d.Edits[0].Notice, stored.Messages)
	}
	w.post(c, "pat", "still here")
	if len(w.d.Edits) != 2 {
		t.Fatalf("a new message: %d edits, want 2", len(w.d.Edits))
	}
}
