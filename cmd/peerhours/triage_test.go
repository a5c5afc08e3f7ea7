package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/internal/openaitest"
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
