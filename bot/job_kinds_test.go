package bot

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Every job kind declared in the package (a constant named job… with a
// string value) has a row in jobKinds, and the table has no other rows;
// only the emergency jobs are critical (TestEveryJobKindHasARetryPolicy
// checks what that means).
func TestEveryJobKindIsInTheTable(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	declared := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if !strings.HasPrefix(name.Name, "job") || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						declared[v] = true
					}
				}
			}
		}
	}
	table := jobKinds()
	for kind := range declared {
		if table[kind].run == nil {
			t.Errorf("job kind %q has no row in jobKinds", kind)
		}
	}
	for kind, k := range table {
		if !declared[kind] {
			t.Errorf("jobKinds has %q, which no constant declares", kind)
		}
		if want := kind == string(jobCrisisReply) || kind == string(jobAlert) || kind == string(jobRealert); k.retry.critical != want {
			t.Errorf("%q critical = %v, want %v", kind, k.retry.critical, want)
		}
	}
	if len(declared) < 40 {
		t.Errorf("found %d job kinds; the parse missed some", len(declared))
	}
}

// A job whose reference cannot be read fails with EINVALID, which ends it,
// instead of running on a zero ID.
func TestJobWithABadReferenceIsInvalid(t *testing.T) {
	s := &Service{jobKinds: jobKinds()}
	for _, j := range []Job{
		{Kind: string(jobOHItem), Ref: 1, RefText: ""},
		{Kind: string(jobOHEventState), Ref: 1, RefText: "x"},
		{Kind: string(jobClinRemind), Ref: 1, RefText: ""},
		{Kind: string(jobBackstopLink), RefText: "1:2:3"},
		{Kind: "no_such_kind"},
	} {
		if err := s.doJob(context.Background(), j); ErrorCode(err) != EINVALID {
			t.Errorf("%+v: %v, want EINVALID", j, err)
		}
	}
}

// The constructors store jobs as the versions before them did: the keys
// dedupe jobs already in a database across an upgrade, and the references
// are read back by the same kind.
func TestJobConstructorsKeepTheStoredForm(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		got  Job
		want Job
	}{
		{jobCrisisReply.job(7, "es", at), Job{Kind: "crisis_reply", Key: "crisis_reply:7", Ref: 7, RefText: "es", DueAt: at}},
		{jobAlert.job(7, at, "ask", 12), Job{Kind: "alert", Key: "alert:7:ask:12", Ref: 7, DueAt: at}},
		{jobOHItem.job(3, 4, at, OutcomeTaken), Job{Kind: "oh_item", Key: "oh_item:3:4:taken", Ref: 4, RefText: "3", DueAt: at}},
		{jobOHEventState.job(3, EventActive, at), Job{Kind: "oh_event_state", Key: "oh_event_state:3:1", Ref: 3, RefText: "1", DueAt: at}},
		{jobClinRemind.job(5, 30, at), Job{Kind: "clin_remind", Key: "clin_remind:5:30", Ref: 5, RefText: "30", DueAt: at}},
		{jobPeerQuiet.job("m1", at, 9), Job{Kind: "peer_quiet", Key: "peer_quiet:m1:9", RefText: "m1", DueAt: at}},
		{jobDigest.job(Digest{ConditionID: 2, At: "09:00"}, at), Job{Kind: "digest", Key: "digest:2:" + strconv.FormatInt(at.Unix(), 10), Ref: 2, RefText: "09:00", DueAt: at}},
		{jobRetention.job(at, at.Unix()), Job{Kind: "retention", Key: "retention:" + strconv.FormatInt(at.Unix(), 10), DueAt: at}},
		{jobBackstopLink.job(BackstopFiring{GuildID: "g", ChannelID: "c", MessageID: "m", UserID: "u", AlertChannelID: "ac", AlertMessageID: "am"}, at),
			Job{Kind: "backstop_link", Key: "backstop_link:m", RefText: "g:c::m:u:ac:am", DueAt: at}},
	} {
		if tt.got != tt.want {
			t.Errorf("got  %+v\nwant %+v", tt.got, tt.want)
		}
	}
}

// Every kind in the table has a retry policy; a critical kind never gives
// up, whatever the error, and waits at most a minute between tries; the
// others stop when their error says retrying cannot help.
func TestEveryJobKindHasARetryPolicy(t *testing.T) {
	for kind, k := range jobKinds() {
		p := k.retry
		if p.maxBackoff <= 0 {
			t.Errorf("%q has no retry policy: %+v", kind, p)
			continue
		}
		for _, code := range []string{"", EUNAVAILABLE, ENOTFOUND, EINVALID, EFORBIDDEN} {
			for _, attempts := range []int{1, 20, 1000, 1 << 20} {
				gaveUp := p.givesUp(attempts, code)
				if p.critical && gaveUp {
					t.Errorf("%q is critical but gives up after %d attempts failing with %q", kind, attempts, code)
				}
				if !p.critical && (code == ENOTFOUND || code == EINVALID) && !gaveUp {
					t.Errorf("%q retries a job failing with %q, which retrying cannot help", kind, code)
				}
				if p.maxAttempts == 0 && (code == "" || code == EUNAVAILABLE) && gaveUp {
					t.Errorf("%q gives up after %d attempts failing with %q; its policy says never", kind, attempts, code)
				}
			}
		}
		if p.critical && (p.maxAttempts != 0 || p.backoff(1<<20) > time.Minute) {
			t.Errorf("%q is critical: want no attempt limit and at most a minute between tries, have %+v", kind, p)
		}
	}
}

// The policies retry for about as long as their names say.
func TestRetryPoliciesSpanWhatTheySay(t *testing.T) {
	for _, tt := range []struct {
		name        string
		p           retryPolicy
		least, most time.Duration
		lastWait    time.Duration
	}{
		{"forADay", forADay, 23 * time.Hour, 24 * time.Hour, 5 * time.Minute},
		{"forAnHour", forAnHour, 55 * time.Minute, time.Hour, 5 * time.Minute},
		{"forHalfAnHour", forHalfAnHour, 25 * time.Minute, 30 * time.Minute, 5 * time.Minute},
		{"forAFewMinutes", forAFewMinutes, 9 * time.Minute, 10 * time.Minute, time.Minute},
	} {
		if got := tt.p.span(); got < tt.least || got > tt.most {
			t.Errorf("%s spans %v (%d attempts), want %v to %v", tt.name, got, tt.p.maxAttempts, tt.least, tt.most)
		}
		if got := tt.p.backoff(tt.p.maxAttempts); got != tt.lastWait {
			t.Errorf("%s waits %v between its last attempts, want %v", tt.name, got, tt.lastWait)
		}
	}
	// The waits double from two seconds up to the cap.
	for n, want := range map[int]time.Duration{1: 2 * time.Second, 2: 4 * time.Second, 5: 32 * time.Second, 6: time.Minute, 60: time.Minute} {
		if got := emergency.backoff(n); got != want {
			t.Errorf("emergency backoff after attempt %d = %v, want %v", n, got, want)
		}
	}
}
