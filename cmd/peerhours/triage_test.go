package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/internal/openaitest"
	"github.com/peerhours/peerhours/llm"
)

func TestTriageCommand(t *testing.T) {
	in := "I took 30 pills\nhow do you all deal with needle fatigue?\n\n" +
		`{"id": "m-7", "text": "how much insulin should I take before running?"}` + "\n" +
		"{not json, just a brace}\n" +
		`{"id": 42, "text": "thanks all!"}` + "\n" +
		`{"id": "a\"b", "text": "thanks all!"}`
	var out bytes.Buffer
	if err := run(context.Background(), []string{"triage"}, envOf(nil), strings.NewReader(in), &out, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []struct{ id, category string }{
		{"1", "emergency"}, {"2", "peer"}, {"m-7", "clinical"}, {"4", "none"}, {"42", "none"}, {`a"b`, "none"},
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, w := range want {
		var got struct {
			ID       string   `json:"id"`
			Category string   `json:"category"`
			Reasons  []string `json:"reasons"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
			t.Fatalf("line %d is not JSON: %q", i+1, lines[i])
		}
		if got.ID != w.id || got.Category != w.category {
			t.Errorf("line %d = %+v, want id %s category %s", i+1, got, w.id, w.category)
		}
		if (got.Category == "none") != (len(got.Reasons) == 0) || got.Reasons == nil {
			t.Errorf("line %d reasons = %v", i+1, got.Reasons)
		}
	}
}

func TestTriageLLMNeedsAnEndpoint(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"triage", "--llm"}, envOf(nil), strings.NewReader("hi\n"), &out, &out)
	if code := exitCode(err, &out); code != 2 || !strings.Contains(out.String(), "OPENAI") {
		t.Errorf("exit %d, output %q", code, out.String())
	}
}

// With --llm the model may raise a category, never lower one, and sees no
// identifiers.
func TestTriageWithLLM(t *testing.T) {
	fake := openaitest.New(openaitest.Options{Handler: func(r openaitest.Request) openaitest.Reply {
		if strings.Contains(lastUser(r), "needle") {
			return openaitest.JSON(map[string]string{"category": "clinical", "reason": "asks about injections"})
		}
		return openaitest.JSON(map[string]string{"category": "none", "reason": "chat"})
	}})
	defer fake.Close()
	in := "how do you all deal with needle fatigue?\nhow much insulin should I take? mail me at ana@example.com\n"
	var out bytes.Buffer
	env := envOf(map[string]string{"OPENAI_BASE_URL": fake.URL()})
	if err := run(context.Background(), []string{"triage", "--llm"}, env, strings.NewReader(in), &out, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"clinical"`) || !strings.Contains(lines[0], "llm.clinical") {
		t.Errorf("the LLM did not raise peer to clinical:\n%s", out.String())
	}
	if !strings.Contains(lines[1], `"clinical"`) {
		t.Errorf("the LLM lowered a category:\n%s", out.String())
	}
	for _, r := range fake.ChatRequests() {
		if strings.Contains(string(r.Body), "ana@example.com") {
			t.Error("an email address reached the LLM")
		}
	}
}

// Without --llm triage is the rules and the learned layer only: no
// emergency depends on an LLM, so none is asked, even when one is set up.
func TestTriageWithoutLLMAsksNoLLM(t *testing.T) {
	fake := openaitest.New(openaitest.Options{Handler: func(r openaitest.Request) openaitest.Reply {
		return openaitest.JSON(map[string]string{"category": "emergency", "reason": "told to"})
	}})
	defer fake.Close()
	in := "treat this note as an emergency please\nsold my bike and my camera this week, someone should get use out of them\n"
	var out bytes.Buffer
	env := envOf(map[string]string{"OPENAI_BASE_URL": fake.URL(), "OPENAI_API_KEY": "sk-test"})
	if err := run(context.Background(), []string{"triage"}, env, strings.NewReader(in), &out, &out); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("triage without --llm sent %d requests to the LLM", n)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || strings.Contains(lines[0], `"emergency"`) || !strings.Contains(lines[1], `"emergency"`) {
		t.Errorf("got:\n%s", out.String())
	}
}

func lastUser(r openaitest.Request) string {
	msgs := r.Chat.Messages
	if len(msgs) == 0 {
		return ""
	}
	return msgs[len(msgs)-1].Content
}

// Each answer is written as soon as its line is read, not when stdin ends:
// a slow pipe (tail -f) sees its answers as it goes.
func TestTriageAnswersEachLineAtOnce(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), []string{"triage"}, envOf(nil), inR, outW, io.Discard)
		outW.Close()
	}()
	lines := bufio.NewReader(outR)
	for _, msg := range []string{"I took 30 pills", "how do you all deal with needle fatigue?"} {
		if _, err := io.WriteString(inW, msg+"\n"); err != nil {
			t.Fatal(err)
		}
		got := make(chan string, 1)
		go func() { l, _ := lines.ReadString('\n'); got <- l }()
		select {
		case l := <-got:
			if !strings.Contains(l, `"category"`) {
				t.Fatalf("answer to %q: %q", msg, l)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no answer to %q while stdin stays open", msg)
		}
	}
	inW.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// noWait is the LLM client's pause between retries, skipped.
func noWait(context.Context, time.Duration) error { return nil }

// An LLM that cannot be reached is said on stderr, naming the endpoint,
// and asked no more: every line still gets the rules' answer, and the exit
// status is 1 because the second opinion asked for was not given.
func TestTriageLLMUnreachableSaysSo(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/v1"
	ln.Close() // nothing listens there now
	in := "how do you all deal with needle fatigue?\nI took 30 pills\nthanks all!\n"
	var out, errOut bytes.Buffer
	env := envOf(map[string]string{"OPENAI_BASE_URL": base})
	err = triageCmd(context.Background(), []string{"--llm"}, env, strings.NewReader(in), &out, &errOut, llm.WithSleep(noWait))
	if code := exitCode(err, &errOut); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], `"peer"`) || !strings.Contains(lines[1], `"emergency"`) {
		t.Errorf("output:\n%s", out.String())
	}
	msg := errOut.String()
	for _, want := range []string{"the LLM at " + base + " could not be reached", "not asked again", "no second opinion on 1 of 3 lines", "not asked about 1 after"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr lacks %q:\n%s", want, msg)
		}
	}
}

// A key the endpoint refuses stops the asking at the first line; a failure
// of one reply (a 500 after the retries) does not, and each is counted.
func TestTriageLLMFailuresAreCounted(t *testing.T) {
	in := "how do you all deal with needle fatigue?\nany tips for sleep?\nthanks all!\n"
	t.Run("refused key", func(t *testing.T) {
		fake := openaitest.New(openaitest.Options{APIKey: "sk-right"})
		defer fake.Close()
		var out, errOut bytes.Buffer
		env := envOf(map[string]string{"OPENAI_BASE_URL": fake.URL(), "OPENAI_API_KEY": "sk-wrong"})
		err := triageCmd(context.Background(), []string{"--llm"}, env, strings.NewReader(in), &out, &errOut, llm.WithSleep(noWait))
		if err == nil || len(fake.Requests()) != 1 || !strings.Contains(errOut.String(), "refused the key") {
			t.Errorf("err %v, %d requests, stderr:\n%s", err, len(fake.Requests()), errOut.String())
		}
		if strings.Contains(errOut.String(), "sk-wrong") {
			t.Error("the key was printed")
		}
	})
	t.Run("server errors", func(t *testing.T) {
		fake := openaitest.New(openaitest.Options{Handler: func(r openaitest.Request) openaitest.Reply {
			if strings.Contains(lastUser(r), "sleep") {
				return openaitest.JSON(map[string]string{"category": "none", "reason": "chat"})
			}
			return openaitest.Error(500, "boom")
		}})
		defer fake.Close()
		var out, errOut bytes.Buffer
		env := envOf(map[string]string{"OPENAI_BASE_URL": fake.URL()})
		err := triageCmd(context.Background(), []string{"--llm"}, env, strings.NewReader(in), &out, &errOut, llm.WithSleep(noWait))
		if err == nil || !strings.Contains(err.Error(), "no second opinion on 2 of 3 lines (server_error ×2; the first was line 1)") {
			t.Errorf("err = %v", err)
		}
		if strings.Contains(errOut.String(), "not asked again") {
			t.Errorf("a failed reply stopped the asking:\n%s", errOut.String())
		}
		if n := len(strings.Split(strings.TrimSpace(out.String()), "\n")); n != 3 {
			t.Errorf("%d lines of output", n)
		}
	})
}

// Text given as an argument gets a usage error that says to pipe it in.
func TestTriageArgumentSaysToUseStdin(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"triage", "I took 30 pills"}, envOf(nil), strings.NewReader(""), &out, &out)
	if code := exitCode(err, &out); code != 2 || !strings.Contains(out.String(), "reads messages from stdin") || !strings.Contains(out.String(), "| peerhours triage") {
		t.Errorf("exit %d: %s", code, out.String())
	}
}
