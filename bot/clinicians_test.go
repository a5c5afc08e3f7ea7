package bot_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// verified verifies clinicians through the service, as a moderator, until
// a date far ahead, and gives the fake the clinician role to hand out.
func (w *world) verified(clinicians ...bot.Caller) {
	w.t.Helper()
	w.d.Roles["docrole"] = bot.RoleSpec{Name: "Clinicians"}
	for _, c := range clinicians {
		if _, err := w.svc.VerifyClinician(w.ctx, w.mod, bot.VerifyRequest{UserID: c.UserID, Licence: "CPSO-12345",
			Jurisdiction: "Ontario", Expires: "2030-12-31"}); err != nil {
			w.t.Fatal(err)
		}
	}
}

func TestVerifyClinicianRefusals(t *testing.T) {
	w := newWorld(t)
	w.d.Roles["docrole"] = bot.RoleSpec{Name: "Clinicians"}
	verifier := bot.Caller{UserID: "v1", GuildID: guild, RoleIDs: []string{"verifiers"}}
	ok := bot.VerifyRequest{UserID: "doc9", Licence: "CPSO 12345", Jurisdiction: "Ontario", Expires: "2027-03-31"}
	with := func(f func(*bot.VerifyRequest)) bot.VerifyRequest { r := ok; f(&r); return r }
	for _, tc := range []struct {
		name   string
		caller bot.Caller
		req    bot.VerifyRequest
		code   string
		says   string
	}{
		{"a patient", bot.Caller{UserID: "p1", GuildID: guild}, ok, bot.EFORBIDDEN, "Only moderators"},
		{"a clinician", doc, ok, bot.EFORBIDDEN, "Only moderators"},
		{"a verifier role before it is set", verifier, ok, bot.EFORBIDDEN, "verifier role"},
		{"oneself", w.mod, with(func(r *bot.VerifyRequest) { r.UserID = w.mod.UserID }), bot.EFORBIDDEN, "can't verify yourself"},
		{"a bot", w.mod, with(func(r *bot.VerifyRequest) { r.IsBot = true }), bot.EINVALID, "bot"},
		{"no licence", w.mod, with(func(r *bot.VerifyRequest) { r.Licence = " " }), bot.EINVALID, "3 to 40"},
		{"a licence with markup", w.mod, with(func(r *bot.VerifyRequest) { r.Licence = "<@123>" }), bot.EINVALID, "letters, digits"},
		{"a jurisdiction with a link", w.mod, with(func(r *bot.VerifyRequest) { r.Jurisdiction = "https://x.example" }), bot.EINVALID, "jurisdiction may contain"},
		{"a date in words", w.mod, with(func(r *bot.VerifyRequest) { r.Expires = "next year" }), bot.EINVALID, "not a date"},
		{"an expired licence", w.mod, with(func(r *bot.VerifyRequest) { r.Expires = "2026-11-25" }), bot.EINVALID, "already passed"},
		{"a date decades away", w.mod, with(func(r *bot.VerifyRequest) { r.Expires = "2099-01-01" }), bot.EINVALID, "ten years"},
	} {
		_, err := w.svc.VerifyClinician(w.ctx, tc.caller, tc.req)
		if bot.ErrorCode(err) != tc.code || !strings.Contains(bot.ErrorMessage(err), tc.says) {
			t.Errorf("%s: %v, want %s saying %q", tc.name, err, tc.code, tc.says)
		}
		if strings.Contains(bot.ErrorMessage(err), "12345") {
			t.Errorf("%s: the refusal repeats the licence number: %v", tc.name, err)
		}
	}
	if w.d.HasRole("doc9", "docrole") {
		t.Error("a refused verification gave the role")
	}
	// Once /setup names a verifier role, its members may verify.
	str := func(s string) *string { return &s }
	if _, err := w.svc.Setup(w.ctx, bot.Caller{GuildID: guild, ManageServer: true}, bot.SettingsChange{VerifierRoleID: str("verifiers")}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.VerifyClinician(w.ctx, verifier, ok); err != nil {
		t.Fatalf("a verifier: %v", err)
	}
	if !w.d.HasRole("doc9", "docrole") {
		t.Error("the verifier's verification gave no role")
	}
}

// A verification gives the role, reminds the clinician 30 and 7 days before
// it ends, and at the end takes the role away and tells them; the licence
// number appears in nothing sent and nothing audited.
func TestVerificationLifecycle(t *testing.T) {
	w := newWorld(t)
	w.d.Roles["docrole"] = bot.RoleSpec{Name: "Clinicians"}
	str := func(s string) *string { return &s }
	if _, err := w.svc.Setup(w.ctx, bot.Caller{GuildID: guild, ManageServer: true}, bot.SettingsChange{Timezone: str("America/Toronto")}); err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.VerifyClinician(w.ctx, w.mod, bot.VerifyRequest{UserID: "doc9", Licence: "CPSO-98765",
		Jurisdiction: "Ontario", Expires: "2027-03-31"})
	if err != nil {
		t.Fatal(err)
	}
	toronto, _ := time.LoadLocation("America/Toronto")
	end := time.Date(2027, 4, 1, 0, 0, 0, 0, toronto)
	v := res.Verification
	if !v.ExpiresAt.Equal(end) || res.Renewed || res.RoleError != "" || v.MaskedLicence() != "•••765" {
		t.Fatalf("verification = %+v, %+v", v, res)
	}
	if !w.d.HasRole("doc9", "docrole") {
		t.Fatal("no clinician role after verification")
	}
	if got := w.svc.VerifiedAs(w.ctx, guild, "doc9"); got != "Ontario" {
		t.Errorf("VerifiedAs = %q", got)
	}

	w.until(end.Add(-30*24*time.Hour - time.Minute))
	if len(w.d.DMsTo("doc9")) != 0 {
		t.Fatal("reminded early")
	}
	w.until(end.Add(-30 * 24 * time.Hour))
	w.until(end.Add(-7 * 24 * time.Hour))
	dms := w.d.DMsTo("doc9")
	if len(dms) != 2 {
		t.Fatalf("%d reminders, want 2", len(dms))
	}
	for i, days := range []int{30, 7} {
		n := dms[i].(bot.ClinicianNotice)
		if n.Kind != bot.VerificationReminder || n.DaysLeft != days || n.Jurisdiction != "Ontario" {
			t.Errorf("reminder %d = %+v", i, n)
		}
	}
	w.until(end.Add(-time.Second))
	if !w.d.HasRole("doc9", "docrole") {
		t.Fatal("the role went before the end of the last valid day")
	}
	w.until(end)
	if w.d.HasRole("doc9", "docrole") {
		t.Fatal("the role stayed after the verification expired")
	}
	dms = w.d.DMsTo("doc9")
	if len(dms) != 3 || dms[2].(bot.ClinicianNotice).Kind != bot.VerificationExpired {
		t.Fatalf("after expiry: %+v", dms)
	}
	if got := w.svc.VerifiedAs(w.ctx, guild, "doc9"); got != "" {
		t.Errorf("VerifiedAs after expiry = %q", got)
	}
	w.until(end.Add(time.Hour)) // nothing twice
	if len(w.d.DMsTo("doc9")) != 3 {
		t.Error("the expiry was told twice")
	}
	actions := w.auditActions()
	if !slices.Contains(actions, string(bot.AuditClinVerified)) || !slices.Contains(actions, string(bot.AuditClinExpired)) {
		t.Errorf("audit = %v", actions)
	}
	entries, _ := w.db.RecentAudit(w.ctx, guild, 100)
	for _, e := range entries {
		if strings.Contains(e.Detail, "98765") || strings.Contains(e.Target, "98765") {
			t.Errorf("the audit log holds the licence number: %+v", e)
		}
	}
}

// Renewing before the end replaces the old verification: its expiry does
// nothing and only the new one's reminders go out. Revoking ends it at once.
func TestVerificationRenewAndRevoke(t *testing.T) {
	w := newWorld(t)
	w.d.Roles["docrole"] = bot.RoleSpec{Name: "Clinicians"}
	first, err := w.svc.VerifyClinician(w.ctx, w.mod, bot.VerifyRequest{UserID: "doc9", Licence: "A-111", Jurisdiction: "Ontario", Expires: "2026-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	second, err := w.svc.VerifyClinician(w.ctx, w.mod, bot.VerifyRequest{UserID: "doc9", Licence: "A-111", Jurisdiction: "Ontario", Expires: "2028-12-31"})
	if err != nil || !second.Renewed {
		t.Fatalf("renewal: %+v, %v", second, err)
	}
	w.until(first.Verification.ExpiresAt.Add(time.Hour))
	if !w.d.HasRole("doc9", "docrole") || w.svc.VerifiedAs(w.ctx, guild, "doc9") != "Ontario" {
		t.Fatal("the replaced verification's expiry took the role")
	}
	for _, n := range w.d.DMsTo("doc9") {
		t.Errorf("told about a replaced verification: %+v", n)
	}
	if _, err := w.svc.RevokeClinician(w.ctx, doc, "doc9", ""); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("a clinician revoked: %v", err)
	}
	if _, err := w.svc.RevokeClinician(w.ctx, w.mod, "doc9", "licence suspended"); err != nil {
		t.Fatal(err)
	}
	w.run()
	if w.d.HasRole("doc9", "docrole") {
		t.Error("the role stayed after revocation")
	}
	if dms := w.d.DMsTo("doc9"); len(dms) != 1 || dms[0].(bot.ClinicianNotice).Kind != bot.VerificationRevoked {
		t.Errorf("after revocation: %+v", dms)
	}
	if _, err := w.svc.RevokeClinician(w.ctx, w.mod, "doc9", ""); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("revoked twice: %v", err)
	}
	list, err := w.svc.Clinicians(w.ctx, w.mod)
	if err != nil || len(list) != 1 || !list[0].Revoked() {
		t.Errorf("list = %+v, %v", list, err)
	}
}

// A clinician who takes no direct messages is told in the review channel,
// mentioned.
func TestPrivateNoticeFallsBackToReviewChannel(t *testing.T) {
	w := newWorld(t)
	w.d.Roles["docrole"] = bot.RoleSpec{Name: "Clinicians"}
	w.d.Private.Closed = map[string]bool{"doc9": true}
	w.d.Private.Archived, w.d.Private.Locked = map[string]bool{}, map[string]bool{}
	res, err := w.svc.VerifyClinician(w.ctx, w.mod, bot.VerifyRequest{UserID: "doc9", Licence: "A-111", Jurisdiction: "Ontario", Expires: "2026-12-10"})
	if err != nil {
		t.Fatal(err)
	}
	w.until(res.Verification.ExpiresAt.Add(-7 * 24 * time.Hour))
	w.until(res.Verification.ExpiresAt)
	var fallback []bot.PrivateFallback
	for _, p := range w.d.Posts {
		if f, ok := p.Notice.(bot.PrivateFallback); ok {
			fallback = append(fallback, f)
		}
	}
	// Expires in 14 days: the 7-day reminder, then the expiry.
	if len(fallback) != 2 || fallback[0].ChannelID != "review" || fallback[0].UserID != "doc9" ||
		fallback[1].Notice.(bot.ClinicianNotice).Kind != bot.VerificationExpired {
		t.Errorf("fallback posts = %+v", fallback)
	}
}

// Only a verified clinician takes and answers questions, whatever roles
// they hold; moderators may still move questions on.
func TestUnverifiedClinicianCannotTakeQuestions(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	q := w.ask(c, "p1", "What should I ask about my HbA1c?", false)
	st, err := w.svc.StartSession(w.ctx, w.mod, "Diabetes")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.NextQuestion(w.ctx, doc, "Diabetes"); bot.ErrorCode(err) != bot.EFORBIDDEN || !strings.Contains(bot.ErrorMessage(err), "verified clinician") {
		t.Errorf("/queue next unverified: %v", err)
	}
	if _, err := w.svc.TakeQuestion(w.ctx, doc, st.Session.ID, q.ID); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("Take unverified: %v", err)
	}
	if _, err := w.svc.AnswerQuestion(w.ctx, w.mod, st.Session.ID, q.ID); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("Answered by an unverified moderator: %v", err)
	}
	if _, err := w.svc.MoveQuestion(w.ctx, w.mod, st.Session.ID, q.ID); err != nil {
		t.Errorf("Move by a moderator: %v", err)
	}
	w.verified(doc)
	if _, err := w.svc.NextQuestion(w.ctx, doc, "Diabetes"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("/queue next verified (the only question was moved): %v", err)
	}
	if _, err := w.svc.TakeQuestion(w.ctx, doc, st.Session.ID, q.ID); err != nil {
		t.Errorf("Take verified: %v", err)
	}
	w.run()
	var taken []bot.QuestionTakenNotice
	for _, p := range w.d.Posts {
		if n, ok := p.Notice.(bot.QuestionTakenNotice); ok {
			taken = append(taken, n)
		}
	}
	if len(taken) != 1 || taken[0].Verified != "Ontario" {
		t.Errorf("thread ping = %+v", taken)
	}
}
