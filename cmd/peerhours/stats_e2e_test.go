package main

import (
	"bytes"
	"encoding/csv"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// lastItem is the newest queue post in a channel that contains text.
func (h *harness) lastItem(channelID, containing string) *discordgo.Message {
	h.t.Helper()
	items := h.items(channelID)
	for i := len(items) - 1; i >= 0; i-- {
		if strings.Contains(text(items[i]), containing) {
			return items[i]
		}
	}
	h.t.Fatalf("no queue item with %q", containing)
	return nil
}

// attachment returns a reply's attachment by file-name suffix.
func (h *harness) attachment(m *discordgo.Message, suffix string) []byte {
	h.t.Helper()
	for _, a := range m.Attachments {
		if strings.HasSuffix(a.Filename, suffix) {
			_, data, ok := h.dc.Attachment(a.ID)
			if !ok {
				h.t.Fatalf("attachment %s not stored", a.Filename)
			}
			return data
		}
	}
	h.t.Fatalf("no %s attachment in %s", suffix, text(m))
	return nil
}

// /stats against a scripted history on the test clock, through the real
// program: every figure is known to the minute, and the reply must show
// exactly those, with a PNG chart that decodes and a CSV of the same
// figures. "Was this helpful?" is asked once in the answer's thread and
// takes the asker's click only; the session report carries the figures.
//
// The script (minutes after the start):
//
//	0   Alice asks Q1 (Diabetes); Alice asks an Asthma question
//	10  Bob asks Q2
//	20  Alice asks Q3
//	30  Morgan opens Diabetes office hours by hand; no clinician comes
//	50  Morgan ends them: a no-show, Q1–Q3 roll over (3)
//	60  two emergencies in #diabetes (Bob, Alice)
//	63  Morgan acknowledges one (3 min); 67 the other (7 min)
//	120 Dr. Lee opens office hours, takes Q1 (waited 120 min)
//	130 marks Q1 answered (130 min), takes Q2 (waited 120 min)
//	150 marks Q2 answered (140 min), ends: Q3 rolls over (1)
//	    Alice finds Q1 helpful, Bob finds Q2 not really helpful
func TestStatsEndToEnd(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.withBotClock()
	h.start()
	h.setup()
	_, peer, office, _ := h.createCondition("Diabetes")
	h.createCondition("Asthma")
	h.join(h.patient, "Diabetes")
	h.join(h.patient2, "Diabetes")
	h.join(h.patient, "Asthma")
	h.verify(h.doc, "Ontario", h.clock.Now().AddDate(1, 0, 0))
	start := h.clock.Now()
	ask := func(user, condition, question string) {
		t.Helper()
		if got := text(h.command(user, h.general, "ask", "", opt("condition", condition), opt("question", question))); !strings.Contains(got, "office-hours queue") {
			t.Fatalf("/ask: %s", got)
		}
	}
	until := func(minutes int) { h.advance(start.Add(time.Duration(minutes) * time.Minute).Sub(h.clock.Now())) }

	ask(h.patient, "Diabetes", "What should I ask about my HbA1c result?")
	ask(h.patient, "Asthma", "Is my inhaler technique something to check at a visit?")
	until(10)
	ask(h.patient2, "Diabetes", "What does my latest lab result mean?")
	until(20)
	ask(h.patient, "Diabetes", "Should my cholesterol test be repeated?")

	until(30)
	if got := text(h.command(h.mod, h.general, "officehours", "start", opt("condition", "Diabetes"))); !strings.Contains(got, "are open") {
		t.Fatalf("/officehours start: %s", got)
	}
	until(50)
	if got := text(h.command(h.mod, h.general, "officehours", "end", opt("condition", "Diabetes"))); !strings.Contains(got, "closed") {
		t.Fatalf("/officehours end: %s", got)
	}

	until(60)
	h.post(peer.ID, h.patient2, "I have crushing chest pain and my left arm is numb")
	h.post(peer.ID, h.patient, "I took 30 pills")
	var alerts []*discordgo.Message
	if err := h.dc.WaitFor(h.ctx, func() bool {
		alerts = nil
		for _, m := range h.botMessages(h.alerts) {
			if strings.Contains(text(m), "[Acknowledge]") {
				alerts = append(alerts, m)
			}
		}
		return len(alerts) == 2
	}); err != nil {
		t.Fatalf("%d alerts", len(alerts))
	}
	until(63)
	h.click(h.mod, alerts[0], buttonID(t, alerts[0], "Acknowledge"))
	until(67)
	h.click(h.mod, alerts[1], buttonID(t, alerts[1], "Acknowledge"))

	until(120)
	if got := text(h.command(h.doc, h.general, "officehours", "start", opt("condition", "Diabetes"))); !strings.Contains(got, "are open") {
		t.Fatalf("/officehours start: %s", got)
	}
	if err := h.dc.WaitFor(h.ctx, func() bool { return len(h.items(office.ID)) == 6 }); err != nil {
		t.Fatalf("%d queue posts", len(h.items(office.ID)))
	}
	if got := text(h.command(h.doc, h.general, "queue", "next", opt("condition", "Diabetes"))); !strings.Contains(got, "You took question") || !strings.Contains(got, "HbA1c") {
		t.Fatalf("/queue next: %s", got)
	}
	until(130)
	q1 := h.lastItem(office.ID, "HbA1c")
	h.click(h.doc, q1, buttonID(t, q1, "Answered"))
	if got := text(h.command(h.doc, h.general, "queue", "next", opt("condition", "Diabetes"))); !strings.Contains(got, "lab result") {
		t.Fatalf("/queue next: %s", got)
	}
	until(150)
	q2 := h.lastItem(office.ID, "lab result")
	h.click(h.doc, q2, buttonID(t, q2, "Answered"))
	if got := text(h.command(h.doc, h.general, "officehours", "end", opt("condition", "Diabetes"))); !strings.Contains(got, "closed") {
		t.Fatalf("/officehours end: %s", got)
	}

	// "Was this helpful?" in each answer's thread, for the asker only.
	prompt := func(askerID string) *discordgo.Message {
		t.Helper()
		var found *discordgo.Message
		if err := h.dc.WaitFor(h.ctx, func() bool {
			for _, th := range h.dc.Threads(office.ID) {
				for _, m := range h.botMessages(th.ID) {
					if strings.Contains(m.Content, "Was this helpful?") && mentioned(m, askerID) {
						found = m
						return true
					}
				}
			}
			return false
		}); err != nil {
			t.Fatalf("no helpful prompt for %s", askerID)
		}
		if len(found.Mentions) != 1 {
			t.Errorf("the prompt mentions %v", found.Mentions)
		}
		return found
	}
	alicePrompt, bobPrompt := prompt(h.patient), prompt(h.patient2)
	if got := text(h.click(h.patient2, alicePrompt, buttonID(t, alicePrompt, "Yes"))); !strings.Contains(got, "Only the person who asked") {
		t.Errorf("Bob answered Alice's prompt: %s", got)
	}
	if got := text(h.click(h.patient, alicePrompt, buttonID(t, alicePrompt, "Yes"))); !strings.Contains(got, "Thank you") || strings.Contains(got, "[Yes]") {
		t.Errorf("Alice's answer: %s", got)
	}
	thanked := text(h.click(h.patient2, bobPrompt, buttonID(t, bobPrompt, "Not really")))
	if !strings.Contains(thanked, "Thank you") || strings.Contains(thanked, "Not really") {
		t.Errorf("Bob's answer shows what he chose: %s", thanked)
	}

	// Only moderators and clinicians see /stats.
	if got := text(h.command(h.patient, h.general, "stats", "", opt("condition", "Diabetes"))); !strings.Contains(got, "Only") {
		t.Errorf("a patient ran /stats: %s", got)
	}
	reply := h.command(h.doc, h.general, "stats", "", opt("condition", "Diabetes"), opt("period", "7d"))
	got := text(reply)
	if reply.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Error("/stats is not private")
	}
	for _, want := range []string{
		"Diabetes — the last 7 days",
		"Questions asked: 3",
		"Answered: 2 of 3 (66%)",
		"Time to a clinician's answer: median 2 h 10 min · p90 2 h 20 min",
		"Queue wait: median 2 h 0 min · p90 2 h 0 min",
		"Sessions: 2 held · 1 no-show",
		"Rolled over: 4 to a later session",
		"Helpful: 50% (1 of 2 said yes)",
		"Emergencies: 2 · acknowledged in median 3 min · p90 7 min",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("/stats lacks %q:\n%s", want, got)
		}
	}
	chart := h.attachment(reply, ".png")
	if !bytes.HasPrefix(chart, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("the chart is not a PNG: % x", chart[:min(8, len(chart))])
	}
	if img, err := png.Decode(bytes.NewReader(chart)); err != nil || img.Bounds().Dx() < 400 {
		t.Errorf("the chart does not decode: %v", err)
	}
	rows, err := csv.NewReader(bytes.NewReader(h.attachment(reply, ".csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+7+1 {
		t.Fatalf("CSV has %d rows", len(rows))
	}
	total := map[string]string{}
	for i, col := range rows[0] {
		total[col] = rows[len(rows)-1][i]
	}
	for col, want := range map[string]string{"row": "total", "condition": "Diabetes", "asked": "3", "answered": "2",
		"answer_median_s": "7800", "answer_p90_s": "8400", "wait_median_s": "7200", "wait_p90_s": "7200",
		"sessions": "2", "no_shows": "1", "rollovers": "4", "helpful_yes": "1", "helpful_no": "1",
		"emergencies": "2", "unacknowledged": "0", "ack_median_s": "180", "ack_p90_s": "420"} {
		if total[col] != want {
			t.Errorf("CSV total %s = %q, want %q", col, total[col], want)
		}
	}

	// The whole server counts the Asthma question too.
	if all := text(h.command(h.mod, h.general, "stats", "")); !strings.Contains(all, "All condition groups — the last 30 days") || !strings.Contains(all, "Questions asked: 4") {
		t.Errorf("/stats for the server:\n%s", all)
	}
	// The second session's report carries the figures.
	report := h.botMessage(h.review, func(m *discordgo.Message) bool {
		return len(m.Embeds) > 0 && strings.Contains(m.Embeds[0].Title, "Session report") && strings.Contains(text(m), "2 answered")
	})
	if r := text(report); !strings.Contains(r, "Sessions: 2 held · 1 no-show") || !strings.Contains(r, "Rolled over: 4 to a later session") {
		t.Errorf("the session report lacks the figures:\n%s", r)
	}
	h.checkNoPingByAccident()
}
