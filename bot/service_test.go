package bot_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
	"github.com/peerhours/peerhours/internal/pgtest"
	"github.com/peerhours/peerhours/storage"
)

// world is a service over a real SQLite file (or PostgreSQL database, see
// storeEnv) and a fake Discord, at a fixed
// time, with a server already set up.
type world struct {
	t     *testing.T
	ctx   context.Context
	db    *storage.DB
	d     *bottest.Discord
	clock *bottest.Clock
	svc   *bot.Service
	mod   bot.Caller
}

const guild = "100000000000000001"

// storeEnv=postgres runs the worlds on PostgreSQL instead of SQLite: the
// domain suite on the second store, as .ci/run does after the usual run.
const storeEnv = "PEERHOURS_TEST_STORE"

func onPostgres() bool { return os.Getenv(storeEnv) == "postgres" }

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	var db *storage.DB
	var err error
	if onPostgres() {
		db, err = storage.OpenPostgres(ctx, pgtest.Database(t))
	} else {
		db, err = storage.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, ctx: ctx, db: db, d: bottest.NewDiscord(),
		clock: bottest.NewClock(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)),
		mod:   bot.Caller{UserID: "mod1", GuildID: guild, RoleIDs: []string{"modrole"}}}
	w.svc = bot.NewService(db, w.d, bot.WithClock(w.clock.Now))
	str := func(s string) *string { return &s }
	if _, err := w.svc.Setup(ctx, bot.Caller{GuildID: guild, ManageServer: true}, bot.SettingsChange{
		ModeratorRoleID: str("modrole"), ClinicianRoleID: str("docrole"),
		ReviewChannelID: str("review"), AlertChannelID: str("alerts"),
	}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) condition(name string) bot.Condition {
	w.t.Helper()
	c, err := w.svc.CreateCondition(w.ctx, w.mod, name, "")
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func TestCreateConditionNeedsRolesAndAlertChannel(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Migrate(ctx)
	svc := bot.NewService(db, bottest.NewDiscord())
	_, err = svc.CreateCondition(ctx, bot.Caller{GuildID: guild, ManageServer: true}, "Asthma", "")
	if bot.ErrorCode(err) != bot.ESETUP {
		t.Fatalf("err = %v, want ESETUP", err)
	}
}

func TestCreateConditionRollsBackWhenDiscordRefuses(t *testing.T) {
	for _, op := range []string{"CreateRole", "CreateChannel"} {
		t.Run(op, func(t *testing.T) {
			w := newWorld(t)
			refused := bot.Errorf(bot.EUNAVAILABLE, "I need Manage Channels")
			if op == "CreateRole" {
				// The second role (the mentor role) fails, after one succeeded.
				w.d.Fail["CreateRole"] = []error{nil, refused}
			} else {
				// The last channel fails, after the roles, category and peer channel.
				w.d.Fail["CreateChannel"] = []error{nil, nil, refused}
			}
			_, err := w.svc.CreateCondition(w.ctx, w.mod, "Asthma", "")
			if err != refused {
				t.Fatalf("err = %v, want Discord's refusal", err)
			}
			if len(w.d.Roles) != 0 || len(w.d.Channels) != 0 {
				t.Errorf("left behind roles %v and channels %v", w.d.Roles, w.d.Channels)
			}
			if list, _ := w.db.Conditions(w.ctx, guild); len(list) != 0 {
				t.Errorf("stored %v", list)
			}
		})
	}
}

func TestCreateConditionAccess(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Long COVID")
	peer := w.d.Channels[c.PeerChannelID]
	office := w.d.Channels[c.OfficeChannelID]
	if peer.Name != "long-covid" || office.Name != "long-covid-office-hours" || peer.ParentID != c.CategoryID {
		t.Errorf("channels %+v / %+v", peer, office)
	}
	want := map[string]bot.Level{c.RoleID: bot.ReadWrite, "modrole": bot.ReadWrite, "docrole": bot.ReadWrite}
	for _, a := range peer.Access {
		if a.Everyone && a.Level != bot.Hidden {
			t.Errorf("@everyone can see the peer channel: %+v", a)
		}
		if lvl, ok := want[a.RoleID]; ok && a.Level != lvl {
			t.Errorf("peer channel: role %s has level %d, want %d", a.RoleID, a.Level, lvl)
		}
	}
	for _, a := range office.Access {
		if a.RoleID == c.RoleID && a.Level != bot.ReadOnly {
			t.Errorf("members can post in the office-hours channel outside sessions: %+v", a)
		}
	}
	if _, err := w.svc.CreateCondition(w.ctx, w.mod, "long covid", ""); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Errorf("duplicate: err = %v", err)
	}
	before := len(w.d.Channels)
	if _, err := w.svc.CreateCondition(w.ctx, w.mod, "Long-COVID", ""); bot.ErrorCode(err) != bot.ECONFLICT || !strings.Contains(bot.ErrorMessage(err), "#long-covid") {
		t.Errorf("same channel name as an existing condition: err = %v", err)
	}
	if len(w.d.Channels) != before {
		t.Error("a refused name made channels")
	}
}

func TestJoinAsksForConsentOnce(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Asthma")
	pat := bot.Caller{UserID: "pat", GuildID: guild}

	res, err := w.svc.Join(w.ctx, pat, "asthma", false)
	if err != nil || !res.NeedsConsent || res.Joined {
		t.Fatalf("first join = %+v, %v; want a consent prompt", res, err)
	}
	if w.d.HasRole("pat", c.RoleID) {
		t.Fatal("role given before consent")
	}
	res, err = w.svc.AcceptGuidelines(w.ctx, pat, c.ID, res.Version, true)
	if err != nil || !res.Joined {
		t.Fatalf("accept = %+v, %v", res, err)
	}
	if !w.d.HasRole("pat", c.RoleID) || !w.d.HasRole("pat", c.MentorRoleID) {
		t.Error("roles not given after accepting")
	}
	other := w.condition("Diabetes")
	res, err = w.svc.Join(w.ctx, pat, "Diabetes", false)
	if err != nil || !res.Joined {
		t.Errorf("second join = %+v, %v; want joined without a prompt", res, err)
	}
	if !w.d.HasRole("pat", other.RoleID) {
		t.Error("no role for the second group")
	}
	pat.RoleIDs = []string{c.RoleID, c.MentorRoleID}
	if _, err := w.svc.Leave(w.ctx, pat, "Asthma"); err != nil {
		t.Fatal(err)
	}
	if w.d.HasRole("pat", c.RoleID) || w.d.HasRole("pat", c.MentorRoleID) {
		t.Error("roles kept after leaving")
	}
}

// A patient who names a group that does not exist is told which groups
// there are, not sent to /condition list, a moderators' command they may
// not run. Archived groups are not offered.
func TestUnknownConditionNamesTheGroups(t *testing.T) {
	w := newWorld(t)
	pat := bot.Caller{UserID: "pat", GuildID: guild}
	_, err := w.svc.Join(w.ctx, pat, "Diabetis", false)
	if bot.ErrorCode(err) != bot.ENOTFOUND || strings.Contains(bot.ErrorMessage(err), "/condition") || !strings.Contains(bot.ErrorMessage(err), "none is open yet") {
		t.Errorf("no groups: %v", err)
	}
	w.condition("Diabetes")
	w.condition("Asthma")
	w.condition("Lupus")
	if _, err := w.svc.ArchiveCondition(w.ctx, w.mod, "Lupus"); err != nil {
		t.Fatal(err)
	}
	for _, try := range []func() error{
		func() error { _, err := w.svc.Join(w.ctx, pat, "Diabetis", false); return err },
		func() error { _, err := w.svc.Leave(w.ctx, pat, "Diabetis"); return err },
		func() error { _, err := w.svc.Ask(w.ctx, pat, "Diabetis", "what dose?", false); return err },
	} {
		err := try()
		msg := bot.ErrorMessage(err)
		if bot.ErrorCode(err) != bot.ENOTFOUND || strings.Contains(msg, "/condition") || !strings.Contains(msg, "The groups are: Asthma, Diabetes.") {
			t.Errorf("unknown group: %v", err)
		}
	}
}

// Consent to an older version of the guidelines is not consent to the
// current one: the next /join asks again, and a prompt still showing the old
// version gets the new one instead of a role.
func TestJoinAsksAgainWhenTheGuidelinesChange(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Asthma")
	pat := bot.Caller{UserID: "pat", GuildID: guild}
	old := bot.Consent{GuildID: guild, UserID: "pat", Version: bot.GuidelinesVersion - 1, AcceptedAt: w.clock.Now().Add(-24 * time.Hour)}
	if err := w.db.SaveConsent(w.ctx, old); err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.Join(w.ctx, pat, "Asthma", false)
	if err != nil || !res.NeedsConsent || res.Version != bot.GuidelinesVersion {
		t.Fatalf("join with consent to version %d = %+v, %v; want a prompt for version %d", old.Version, res, err, bot.GuidelinesVersion)
	}
	res, err = w.svc.AcceptGuidelines(w.ctx, pat, c.ID, old.Version, false)
	if err != nil || !res.NeedsConsent || res.Joined || w.d.HasRole("pat", c.RoleID) {
		t.Fatalf("accepting the old version = %+v, %v; want the new prompt and no role", res, err)
	}
	if got, _ := w.db.Consent(w.ctx, guild, "pat"); got.Version != old.Version {
		t.Errorf("stored consent version = %d, want %d still", got.Version, old.Version)
	}
	if res, err = w.svc.AcceptGuidelines(w.ctx, pat, c.ID, bot.GuidelinesVersion, false); err != nil || !res.Joined {
		t.Fatalf("accepting the current version = %+v, %v", res, err)
	}
	if got, _ := w.db.Consent(w.ctx, guild, "pat"); got.Version != bot.GuidelinesVersion || !got.AcceptedAt.Equal(w.clock.Now()) {
		t.Errorf("stored consent = %+v", got)
	}
}

// A mentor can step down and stay a member; a repair then does not make
// them a mentor again.
func TestStopMentoring(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Asthma")
	pat := bot.Caller{UserID: "pat", GuildID: guild}
	if _, stopped, err := w.svc.StopMentoring(w.ctx, pat, "Asthma"); err != nil || stopped {
		t.Fatalf("a non-member stepping down: stopped %v, %v", stopped, err)
	}
	res, _ := w.svc.Join(w.ctx, pat, "Asthma", true)
	if _, err := w.svc.AcceptGuidelines(w.ctx, pat, c.ID, res.Version, true); err != nil {
		t.Fatal(err)
	}
	pat.RoleIDs = []string{c.RoleID, c.MentorRoleID}
	if _, stopped, err := w.svc.StopMentoring(w.ctx, pat, "Asthma"); err != nil || !stopped {
		t.Fatalf("stepping down: stopped %v, %v", stopped, err)
	}
	if w.d.HasRole("pat", c.MentorRoleID) || !w.d.HasRole("pat", c.RoleID) {
		t.Error("want the mentor role gone and the member role kept")
	}
	if m, err := w.db.Membership(w.ctx, guild, "pat", c.ID); err != nil || m.Mentor {
		t.Errorf("membership after stepping down = %+v, %v", m, err)
	}
	delete(w.d.Roles, c.MentorRoleID)
	if _, err := w.svc.RepairCondition(w.ctx, w.mod, "Asthma"); err != nil {
		t.Fatal(err)
	}
	list, _ := w.svc.Conditions(w.ctx, w.mod)
	if w.d.HasRole("pat", list[0].Condition.MentorRoleID) {
		t.Error("a repair made a former mentor a mentor again")
	}
}

func TestJoinRefusals(t *testing.T) {
	w := newWorld(t)
	w.condition("Asthma")
	pat := bot.Caller{UserID: "pat", GuildID: guild}
	if _, err := w.svc.Join(w.ctx, pat, "Gout", false); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("unknown condition: %v", err)
	}
	if _, err := w.svc.ArchiveCondition(w.ctx, w.mod, "Asthma"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Join(w.ctx, pat, "Asthma", false); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Errorf("archived condition: %v", err)
	}
}

func TestRepairRecreatesDeletedParts(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Asthma")
	pat := bot.Caller{UserID: "pat", GuildID: guild}
	res, _ := w.svc.Join(w.ctx, pat, "Asthma", false)
	w.svc.AcceptGuidelines(w.ctx, pat, c.ID, res.Version, false)

	delete(w.d.Roles, c.RoleID)
	delete(w.d.Channels, c.PeerChannelID)
	list, err := w.svc.Conditions(w.ctx, w.mod)
	if err != nil || len(list) != 1 || !list[0].Broken() {
		t.Fatalf("list = %+v, %v; want one broken condition", list, err)
	}
	h, err := w.svc.RepairCondition(w.ctx, w.mod, "Asthma")
	if err != nil || len(h.Missing) != 2 {
		t.Fatalf("repair = %+v, %v", h, err)
	}
	list, _ = w.svc.Conditions(w.ctx, w.mod)
	if list[0].Broken() {
		t.Errorf("still broken after repair: %v", list[0].Missing)
	}
	if !w.d.HasRole("pat", list[0].Condition.RoleID) {
		t.Error("the member did not get the new role back")
	}
}

var errDisk = errors.New("disk I/O error")

// Discord refusing the role after Accept (the bot's role below the
// condition's): the member is told they are not in yet, that a moderator
// must act, and that their acceptance stands; the next /join asks nothing.
func TestJoinWhenDiscordRefusesTheRole(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Asthma")
	pat := bot.Caller{UserID: "pat", GuildID: guild}
	res, err := w.svc.Join(w.ctx, pat, "Asthma", false)
	if err != nil || !res.NeedsConsent {
		t.Fatalf("first join = %+v, %v", res, err)
	}
	w.d.FailNext("AddMemberRole", bot.Errorf(bot.EUNAVAILABLE, "Discord did not let me give you the role: I need the Manage Roles permission. Nothing was changed."))
	_, err = w.svc.AcceptGuidelines(w.ctx, pat, c.ID, res.Version, false)
	msg := bot.ErrorMessage(err)
	for _, want := range []string{"not in the group yet", "tell a moderator", "above the Asthma roles", "acceptance of the guidelines is kept"} {
		if !strings.Contains(msg, want) {
			t.Errorf("refusal %q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "Nothing was changed") {
		t.Errorf("refusal %q says nothing was changed, but the consent was stored", msg)
	}
	if w.d.HasRole("pat", c.RoleID) {
		t.Error("role given although Discord refused")
	}
	res, err = w.svc.Join(w.ctx, pat, "Asthma", false)
	if err != nil || res.NeedsConsent || !res.Joined {
		t.Errorf("join after the fix = %+v, %v; want joined without a prompt", res, err)
	}
}
