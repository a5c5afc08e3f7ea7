package main

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Issue 15, item 5: when Discord refuses a reconnect for good — here the
// token was reset while the bot was connected, so its RESUME is closed with
// 4004 — the program stops within 10 s with exit status 1 and one line
// saying what to do, instead of waiting forever for its job runner.
func TestFatalCloseAfterResumeExits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := peerhoursBinary(t) // before the world's deadline starts
	h := newWorld(t)
	p := h.startProcess(bin)
	stderrStart := len(h.logs.String())

	h.dc.ResetToken("a-new-token")
	start := time.Now()
	h.dc.DropConnection()

	done := make(chan error, 1)
	go func() { done <- p.wait() }() // after the last line, which this test reads
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10 s after the fatal close\nlogs:\n%s", h.logs)
	}
	t.Logf("exited %v after the drop", time.Since(start).Round(time.Millisecond))
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1\nlogs:\n%s", err, h.logs)
	}
	if rs := h.dc.Resumes(); len(rs) == 0 || rs[len(rs)-1].OK {
		t.Errorf("resumes %+v: want a refused RESUME last", rs)
	}
	var last string
	for _, line := range strings.Split(strings.TrimSpace(h.logs.String()[stderrStart:]), "\n") {
		last = line
	}
	if !strings.HasPrefix(last, "peerhours: ") || !strings.Contains(last, "4004") || !strings.Contains(last, "Reset Token") {
		t.Errorf("last line %q: want one line naming close 4004 and what to do", last)
	}
}

// Issue 15, item 5: the Message Content intent is switched off in the
// portal while the bot runs, and Discord invalidates its session. discordgo
// answers the invalid session with an IDENTIFY that Discord closes with
// 4014 while discordgo is reading events, where the close code used to be
// lost: the bot reported "connected" and reconnected every second, each
// time spending an IDENTIFY. It stops within 10 s, status 1, with the fix.
func TestInvalidSessionThenDisallowedIntentExits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := peerhoursBinary(t)
	h := newWorld(t)
	p := h.startProcess(bin)
	stderrStart := len(h.logs.String())
	identifies := len(h.dc.Identifies())

	h.dc.SetPrivilegedIntents(0)
	h.dc.InvalidateSession(false)

	done := make(chan error, 1)
	go func() { done <- p.wait() }() // after the last line, which this test reads
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10 s after the 4014 (%d identifies since)\nlogs:\n%s", len(h.dc.Identifies())-identifies, h.logs)
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1\nlogs:\n%s", err, h.logs)
	}
	if n := len(h.dc.Identifies()) - identifies; n > 1 {
		t.Errorf("%d identifies after the invalid session, want the one Discord refused", n)
	}
	var last string
	for _, line := range strings.Split(strings.TrimSpace(h.logs.String()[stderrStart:]), "\n") {
		last = line
	}
	if !strings.HasPrefix(last, "peerhours: ") || !strings.Contains(last, "4014") || !strings.Contains(last, "MESSAGE CONTENT") {
		t.Errorf("last line %q: want one line naming close 4014 and what to do", last)
	}
}
