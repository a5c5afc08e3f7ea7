package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/internal/fakediscord"
	"github.com/peerhours/peerhours/internal/openaitest"
	"github.com/peerhours/peerhours/storage"
)

// withMembersIntent switches the Server Members intent on in the "portal".
func withMembersIntent(o *fakediscord.Options, _ *fakediscord.GuildSpec) {
	o.PrivilegedIntents |= discordgo.IntentGuildMembers
}

// openDB opens the bot's database beside the running bot, as an operator's
// second process would.
func (h *harness) openDB() *storage.DB {
	h.t.Helper()
	db, err := storage.Open(context.Background(), h.env["DATABASE_PATH"])
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	return db
}

// inFiles names the database files (the file and its WAL) that hold b.
func (h *harness) inFiles(b string) []string {
	h.t.Helper()
	var in []string
	for _, p := range []string{h.env["DATABASE_PATH"], h.env["DATABASE_PATH"] + "-wal"} {
		data, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			h.t.Fatal(err)
		}
		if bytes.Contains(data, []byte(b)) {
			in = append(in, p[strings.LastIndex(p, "/")+1:])
		}
	}
	return in
}

// auditVerify runs `peerhours audit verify` on the bot's database.
func (h *harness) auditVerify() (string, error) {
	var out bytes.Buffer
	env := h.env
	err := run(context.Background(), []string{"audit", "verify"}, func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		strings.NewReader(""), &out, io.Discard)
	return out.String(), err
}

func TestPrivacyExportDeleteAndAuditEndToEnd(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.start()
	h.setup()
	_, peer, _, _ := h.createCondition("Diabetes")
	h.join(h.patient, "Diabetes")
	h.join(h.patient2, "Diabetes")

	// The patient consented, so what they write in the condition channel
	// is captured; a clinical question also joins the queue, text and all.
	const canary = "zq-canary-7f3a91-lantern"
	// Handled, not only answered: the text is captured after triage has
	// acted, and the receipt can be out before.
	question := h.postAndWait(peer.ID, h.patient, "how much insulin should I take before running? "+canary)
	h.botMessage(peer.ID, replyTo(question.ID)) // the queue receipt
	h.postAndWait(peer.ID, h.patient, "mornings are hard, "+canary+" again")
	h.postAndWait(peer.ID, h.patient2, "same for me, mornings are the worst")
	db := h.openDB()
	if n, err := db.CountQueued(h.ctx, 1); err != nil || n != 1 {
		t.Fatalf("queued = %d, %v", n, err)
	}
	if len(h.inFiles(canary)) == 0 {
		t.Fatal("the canary is in no database file before deletion: the check after it would prove nothing")
	}

	// /privacy show: counts only, to the caller alone.
	shown := h.command(h.patient, h.general, "privacy", "show")
	if shown.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(text(shown), "2 messages") ||
		!strings.Contains(text(shown), "1 queued") || strings.Contains(text(shown), canary) {
		t.Errorf("/privacy show:\n%s", text(shown))
	}

	// /privacy export: an ephemeral JSON attachment with everything.
	exported := h.command(h.patient, h.general, "privacy", "export")
	if exported.Flags&discordgo.MessageFlagsEphemeral == 0 || len(exported.Attachments) != 1 {
		t.Fatalf("/privacy export: flags %d, %d attachments: %s", exported.Flags, len(exported.Attachments), text(exported))
	}
	_, data, ok := h.dc.Attachment(exported.Attachments[0].ID)
	if !ok {
		t.Fatal("the export's attachment is not stored")
	}
	var x struct {
		UserID   string `json:"user_id"`
		Messages []struct {
			Content string `json:"content"`
		} `json:"messages"`
		Questions []struct {
			Text   string `json:"text"`
			Status string `json:"status"`
		} `json:"questions"`
		Memberships []struct {
			Condition string `json:"condition"`
		} `json:"memberships"`
	}
	if err := json.Unmarshal(data, &x); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	if x.UserID != h.patient || len(x.Messages) != 2 || !strings.Contains(x.Messages[0].Content, canary) ||
		len(x.Questions) != 1 || x.Questions[0].Status != string(bot.QuestionQueued) || len(x.Memberships) != 1 {
		t.Errorf("export:\n%s", data)
	}
	if strings.Contains(string(data), "worst") {
		t.Error("the export holds another member's message")
	}

	// /privacy delete asks first; Cancel erases nothing.
	confirm := h.command(h.patient, h.general, "privacy", "delete")
	if !strings.Contains(text(confirm), "[Erase my data]") {
		t.Fatalf("/privacy delete:\n%s", text(confirm))
	}
	if got := h.click(h.patient, confirm, buttonID(t, confirm, "Cancel")); !strings.Contains(got.Content, "Nothing was erased") {
		t.Errorf("Cancel: %s", got.Content)
	}
	confirm = h.command(h.patient, h.general, "privacy", "delete")
	done := h.click(h.patient, confirm, buttonID(t, confirm, "Erase my data"))
	if !strings.Contains(done.Content, "2 stored messages") || !strings.Contains(done.Content, "1 question") {
		t.Errorf("after erasing:\n%s", done.Content)
	}

	// Neither the database file nor its WAL holds the canary any more.
	if in := h.inFiles(canary); len(in) > 0 {
		t.Errorf("the canary is still in %v after /privacy delete", in)
	}
	if n, err := db.CountQueued(h.ctx, 1); err != nil || n != 0 {
		t.Errorf("queued after deletion = %d, %v", n, err)
	}
	if h.hasRole(h.patient, mustRole(h, "Diabetes")) {
		t.Error("the patient kept the Diabetes role after their consent was erased")
	}
	if p, err := db.PersonalData(h.ctx, h.guild, h.patient2); err != nil || len(p.Messages) != 1 {
		t.Errorf("the other patient's data: %+v, %v", p.Messages, err)
	}
	if strings.Contains(h.logs.String(), canary) {
		t.Error("the logs hold what the patient wrote")
	}

	// An audit row for each step, readable by moderators only.
	entries, err := db.RecentAudit(h.ctx, h.guild, 50)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].ActorID == h.patient {
			steps = append(steps, string(entries[i].Action))
		}
	}
	if got := strings.Join(steps, " "); got != "privacy.show privacy.export privacy.delete" {
		t.Errorf("the patient's audit rows: %s", got)
	}
	if refused := h.command(h.patient, h.general, "audit", "recent"); !strings.Contains(refused.Content, "Only moderators") {
		t.Errorf("/audit recent by a patient: %s", text(refused))
	}
	recent := h.command(h.mod, h.general, "audit", "recent")
	if recent.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(text(recent), "privacy.delete") ||
		strings.Contains(text(recent), canary) {
		t.Errorf("/audit recent:\n%s", text(recent))
	}
	h.checkNoPingByAccident()

	// The chain holds; `peerhours audit verify` says so in one line.
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	out, err := h.auditVerify()
	if err != nil || strings.Count(out, "\n") != 1 || !strings.Contains(out, "audit log ok") {
		t.Fatalf("audit verify: %q, %v", out, err)
	}

	// Someone with the file rewrites who exported: verify fails naming the row.
	var exportRow bot.AuditID
	for _, e := range entries {
		if e.Action == bot.AuditPrivacyExport {
			exportRow = e.ID
		}
	}
	raw, err := sql.Open("sqlite3", "file:"+h.env["DATABASE_PATH"])
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`,
		fmt.Sprintf(`UPDATE audit_log SET actor_id = '%s' WHERE id = %d`, h.patient2, exportRow)} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	_, err = h.auditVerify()
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("broken at row %d:", exportRow)) {
		t.Fatalf("audit verify after tampering with row %d: %v", exportRow, err)
	}
	if code := exitCode(err, io.Discard); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
}

func mustRole(h *harness, name string) string {
	r, ok := h.dc.RoleByName(h.guild, name)
	if !ok {
		h.t.Fatalf("no role %s", name)
	}
	return r.ID
}

// With the Server Members intent on in the portal, peerhours asks for it
// and a member who leaves takes their questions out of the queue at once.
func TestDepartureLeavesTheQueueEndToEnd(t *testing.T) {
	t.Parallel()
	h := newWorld(t, withMembersIntent)
	h.start()
	h.setup()
	_, peer, _, _ := h.createCondition("Asthma")
	h.join(h.patient, "Asthma")
	h.join(h.patient2, "Asthma")
	for _, u := range []string{h.patient, h.patient2} {
		q := h.post(peer.ID, u, "should I change my inhaler dose?")
		h.botMessage(peer.ID, replyTo(q.ID))
	}
	db := h.openDB()
	if n, _ := db.CountQueued(h.ctx, 1); n != 2 {
		t.Fatalf("queued = %d", n)
	}
	if err := h.dc.RemoveMember(h.guild, h.patient); err != nil {
		t.Fatal(err)
	}
	if err := waitUntil(h.ctx, func() bool { n, _ := db.CountQueued(h.ctx, 1); return n == 1 }); err != nil {
		t.Fatalf("the departed member's question stayed in the queue\nlogs:\n%s", h.logs)
	}
	entries, _ := db.RecentAudit(h.ctx, h.guild, 5)
	if len(entries) == 0 || entries[0].Action != bot.AuditMemberLeft || entries[0].Target != "user:"+h.patient {
		t.Errorf("newest audit row: %+v", entries)
	}
}

var metricLine = regexp.MustCompile(`(?m)^([a-z_]+)(\{[^}]*\})? `)

// /metrics shows the series after traffic through the emulator.
func TestMetricsEndToEnd(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.withLLM(openaitest.Options{Default: &openaitest.Reply{Content: `{"category":"none","reason":"ordinary"}`}}, "5s")
	h.env["HTTP_ADDR"] = "127.0.0.1:0"
	h.start()
	h.setup()
	_, peer, _, _ := h.createCondition("Diabetes")
	h.join(h.patient, "Diabetes")
	q := h.post(peer.ID, h.patient, "how much insulin should I take before running?")
	h.botMessage(peer.ID, replyTo(q.ID))
	e := h.post(peer.ID, h.patient, "I took 30 pills")
	h.botMessage(peer.ID, replyTo(e.ID))
	h.command(h.patient, h.general, "privacy", "show")

	addr := regexp.MustCompile(`"addr":"([0-9.:]+)"[^\n]*"http listening"|"http listening"[^\n]*"addr":"([0-9.:]+)"`).FindStringSubmatch(h.logs.String())
	if addr == nil {
		t.Fatalf("no http address in the logs:\n%s", h.logs)
	}
	base := "http://" + addr[1] + addr[2]
	wants := []string{
		`kind="crisis_reply",outcome="done"`,
		`peerhours_emergency_reply_seconds_count 1`,
		`peerhours_gateway_events_total{type="MESSAGE_CREATE"}`,
		`peerhours_gateway_events_total{type="INTERACTION_CREATE"}`,
		`peerhours_triage_decisions_total{category="clinical",source="rules"} 1`,
		`peerhours_triage_decisions_total{category="emergency",source="rules"} 1`,
		`peerhours_queue_depth{condition_id="1"} 1`,
		`peerhours_llm_calls_total{format=`,
		`peerhours_llm_call_seconds_count{outcome="ok"}`,
		`peerhours_discord_requests_total{priority="urgent",status="2xx"}`,
		`peerhours_discord_requests_total{priority="interaction",status="2xx"}`,
		`peerhours_discord_requests_total{priority="normal",status="2xx"}`,
		`peerhours_discord_limiter_wait_seconds_count{priority="urgent"}`,
		`peerhours_discord_rate_limits_total 0`,
		`peerhours_interaction_seconds_count{kind="command",name="privacy"} 1`,
		`peerhours_jobs_total{kind="receipt",outcome="done"} 1`,
		`peerhours_gateway_connected 1`,
		`go_goroutines`,
	}
	var body string
	var missing []string
	// A series is counted a moment after what it counts is visible (the
	// emergency's jobs finish after its reply is posted, an interaction
	// is timed after its reply is sent): wait until all are there.
	if err := waitUntil(h.ctx, func() bool {
		resp, err := http.Get(base + "/metrics")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		body = string(b)
		missing = missing[:0]
		for _, want := range wants {
			if !strings.Contains(body, want) {
				missing = append(missing, want)
			}
		}
		return len(missing) == 0
	}); err != nil {
		for _, m := range missing {
			t.Errorf("/metrics lacks %s", m)
		}
		t.FailNow()
	}
	// Every series docs/operations.md's table lists is there, and nothing else of ours.
	listed := readmeSeries(t)
	exposed := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^# TYPE (peerhours_[a-z_]+) `).FindAllStringSubmatch(body, -1) {
		exposed[m[1]] = true
	}
	for name := range listed {
		if !exposed[name] {
			t.Errorf("docs/operations.md lists %s, /metrics does not have it", name)
		}
	}
	for name := range exposed {
		if !listed[name] {
			t.Errorf("/metrics has %s, docs/operations.md's table does not list it", name)
		}
	}
	// PRODUCT.md's list ("events, triage decisions by category, queue
	// depth, LLM calls, latency and failures, Discord rate-limit waits"),
	// each by the series that carries it.
	for what, series := range map[string]string{
		"events":                   "peerhours_gateway_events_total",
		"triage decisions":         "peerhours_triage_decisions_total",
		"queue depth":              "peerhours_queue_depth",
		"LLM calls":                "peerhours_llm_calls_total",
		"LLM latency":              "peerhours_llm_call_seconds",
		"LLM failures":             "peerhours_llm_calls_total", // outcome="timeout", "rate_limited", …
		"Discord rate-limit waits": "peerhours_discord_rate_limit_wait_seconds_total",
		"limiter waits":            "peerhours_discord_limiter_wait_seconds",
	} {
		if !exposed[series] {
			t.Errorf("PRODUCT.md's %q: no %s", what, series)
		}
	}
	if !strings.Contains(body, `peerhours_triage_decisions_total{category=`) || !strings.Contains(body, `peerhours_llm_calls_total{format="`) ||
		!strings.Contains(body, `,outcome="ok"}`) {
		t.Error("triage decisions are not by category, or LLM calls not by outcome")
	}

	// Labels never carry people: no user or message IDs.
	for _, m := range metricLine.FindAllStringSubmatch(body, -1) {
		for _, id := range []string{h.patient, q.ID, e.ID, h.guild} {
			if strings.Contains(m[2], id) {
				t.Errorf("a metric label carries an ID: %s%s", m[1], m[2])
			}
		}
	}
}

// readmeSeries reads the series docs/operations.md's "Health and metrics" table lists,
// with their prefix.
func readmeSeries(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(b), "Series, all prefixed `peerhours_`")
	table, _, ok2 := strings.Cut(after, "plus the Go runtime")
	if !ok || !ok2 {
		t.Fatal("docs/operations.md has no series table")
	}
	out := map[string]bool{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || !strings.Contains(cells[1], "`") {
			continue
		}
		for _, m := range regexp.MustCompile("`([a-z_]+)[{`]").FindAllStringSubmatch(cells[1], -1) {
			out["peerhours_"+m[1]] = true
		}
	}
	if len(out) < 10 {
		t.Fatalf("read %d series from docs/operations.md: %v", len(out), out)
	}
	return out
}
