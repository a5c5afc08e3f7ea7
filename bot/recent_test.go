package bot_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
	"github.com/peerhours/peerhours/bot/triage"
)

// seenClassifier records what triage was given, and calls "I'm done" an
// emergency when it follows "nothing helps anymore" (as the learned layer
// is meant to), so the tests see exactly what context reaches triage.
type seenClassifier struct {
	mu   sync.Mutex
	seen map[string][]string // text → earlier, the last time
}

func (f *seenClassifier) classify(text string, earlier []string) triage.Decision {
	f.mu.Lock()
	f.seen[text] = slices.Clone(earlier)
	f.mu.Unlock()
	if text == "I'm done" && slices.Contains(earlier, "nothing helps anymore") {
		return triage.Decision{Category: triage.Emergency, Reasons: []string{triage.ReasonContextSelfHarm}}
	}
	return triage.Classify(text)
}

func (f *seenClassifier) earlier(text string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seen[text]
}

// logLines is a Logger that keeps everything logged, to check that no
// message text reaches a log.
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) add(level, msg string, kv ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprint(level, msg, kv))
}
func (l *logLines) Info(msg string, kv ...any)  { l.add("info", msg, kv...) }
func (l *logLines) Warn(msg string, kv ...any)  { l.add("warn", msg, kv...) }
func (l *logLines) Error(msg string, kv ...any) { l.add("error", msg, kv...) }

func contextWorld(t *testing.T) (*world, *seenClassifier, *logLines) {
	w := newWorld(t)
	f := &seenClassifier{seen: map[string][]string{}}
	logs := &logLines{}
	w.svc = bot.NewService(w.db, w.d, bot.WithClock(w.clock.Now), bot.WithClassifier(f.classify), bot.WithLogger(logs))
	return w, f, logs
}

// say posts a message as it arrives from the gateway: Classify first, as
// the handler does, then HandleMessage.
func (w *world) say(channel, parent, user, text string) bot.Message {
	w.t.Helper()
	msgSeq++
	m := bot.Message{ID: fmt.Sprintf("c%d", msgSeq), GuildID: guild, ChannelID: channel, ParentID: parent, AuthorID: user,
		Content: text, CreatedAt: w.clock.Now()}
	d := w.svc.Classify(m)
	m.Rules = &d
	if err := w.svc.HandleMessage(w.ctx, m); err != nil {
		w.t.Fatal(err)
	}
	return m
}

// Triage reads a message after the same person's messages in the same
// channel and its threads within the last hour: not other people's, not
// other channels', not older ones, not the message itself.
func TestTriageReadsThePersonsRecentMessages(t *testing.T) {
	w, f, logs := contextWorld(t)
	c := w.condition("Diabetes")
	other := w.condition("Asthma")
	ch := c.PeerChannelID

	w.say(ch, "", "pat", "rough week")
	w.clock.Advance(10 * time.Minute)
	w.say(ch, "", "bob", "hang in there")
	w.say(other.PeerChannelID, "", "pat", "asthma is fine at least")
	w.say("thread1", ch, "pat", "nothing helps anymore") // in a thread of the channel
	w.clock.Advance(5 * time.Minute)
	done := w.say(ch, "", "pat", "I'm done")
	if got := f.earlier("I'm done"); !slices.Equal(got, []string{"rough week", "nothing helps anymore"}) {
		t.Errorf("triage read %q before it", got)
	}
	replies := bottest.Notices[bot.CrisisReply](w.d)
	if len(replies) != 1 || replies[0].ReplyTo != done.ID || replies[0].Risk != bot.RiskSelfHarm {
		t.Fatalf("crisis replies = %+v", replies)
	}
	if rec, _ := w.db.Decision(w.ctx, done.ID); !slices.Contains(rec.Reasons, triage.ReasonContextSelfHarm) {
		t.Errorf("decision = %+v", rec)
	}

	// Someone else saying it alone is not an emergency.
	w.say(ch, "", "bob", "I'm done")
	if got := f.earlier("I'm done"); !slices.Equal(got, []string{"hang in there"}) {
		t.Errorf("bob's context = %q", got)
	}
	if n := len(bottest.Notices[bot.CrisisReply](w.d)); n != 1 {
		t.Errorf("%d crisis replies", n)
	}
	// An hour later the earlier messages no longer count.
	w.clock.Advance(61 * time.Minute)
	w.say(ch, "", "pat", "back again")
	if got := f.earlier("back again"); len(got) != 0 {
		t.Errorf("an hour later triage still read %q", got)
	}
	for _, l := range logs.lines {
		for _, text := range []string{"nothing helps", "rough week", "I'm done"} {
			if strings.Contains(l, text) {
				t.Errorf("a log line holds message text: %s", l)
			}
		}
	}
}

// A message deleted on Discord, and everything of a person who runs
// /privacy delete, is forgotten at once; an edit replaces the text read.
func TestRecentMessagesAreForgotten(t *testing.T) {
	w, f, _ := contextWorld(t)
	c := w.condition("Diabetes")
	ch := c.PeerChannelID
	a := w.say(ch, "", "pat", "first thing")
	w.say(ch, "", "pat", "second thing")
	if err := w.svc.HandleDelete(w.ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	w.say(ch, "", "pat", "third thing")
	if got := f.earlier("third thing"); !slices.Equal(got, []string{"second thing"}) {
		t.Errorf("after a deletion triage read %q", got)
	}
	edited := bot.Message{ID: "e1", GuildID: guild, ChannelID: ch, AuthorID: "pat", Content: "draft", CreatedAt: w.clock.Now()}
	if err := w.svc.HandleMessage(w.ctx, edited); err != nil {
		t.Fatal(err)
	}
	edited.Content = "final words"
	if err := w.svc.HandleEdit(w.ctx, edited); err != nil {
		t.Fatal(err)
	}
	w.say(ch, "", "pat", "fourth thing")
	if got := f.earlier("fourth thing"); !slices.Contains(got, "final words") || slices.Contains(got, "draft") {
		t.Errorf("after an edit triage read %q", got)
	}

	pat := w.joined(c, "pat")
	if _, err := w.svc.ErasePersonalData(w.ctx, pat); err != nil {
		t.Fatal(err)
	}
	w.say(ch, "", "pat", "after erasing")
	if got := f.earlier("after erasing"); len(got) != 0 {
		t.Errorf("after /privacy delete triage read %q", got)
	}
}

// A redelivered message is not its own context, and the last few messages
// only are kept, each clipped.
func TestRecentMessagesAreBounded(t *testing.T) {
	w, f, _ := contextWorld(t)
	c := w.condition("Diabetes")
	ch := c.PeerChannelID
	for i := range 6 {
		w.say(ch, "", "pat", fmt.Sprintf("message %d", i))
	}
	long := strings.Repeat("é", 3000)
	w.say(ch, "", "pat", long)
	m := w.say(ch, "", "pat", "last")
	got := f.earlier("last")
	if len(got) != 4 || got[0] != "message 3" || len(got[3]) > 1000 || !strings.HasSuffix(long, got[3]) {
		t.Errorf("kept %d messages: %q…", len(got), got[0])
	}
	if err := w.svc.HandleMessage(w.ctx, m); err != nil { // redelivered
		t.Fatal(err)
	}
	if got := w.svc.Classify(m); got.Category != triage.None {
		t.Errorf("redelivery: %v", got)
	}
	if got := f.earlier("last"); slices.Contains(got, "last") {
		t.Errorf("a message was read as its own context: %q", got)
	}
}

// /ask reads the question after what the asker said in the condition's
// channel within the hour.
func TestAskReadsTheAskersRecentMessages(t *testing.T) {
	w, f, _ := contextWorld(t)
	c := w.condition("Diabetes")
	pat := w.joined(c, "pat")
	w.say(c.PeerChannelID, "", "pat", "nothing helps anymore")
	res, err := w.svc.Ask(w.ctx, pat, "Diabetes", "I'm done", false)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Emergency || !slices.Equal(f.earlier("I'm done"), []string{"nothing helps anymore"}) {
		t.Errorf("/ask after context: %+v, read %q", res, f.earlier("I'm done"))
	}
}
