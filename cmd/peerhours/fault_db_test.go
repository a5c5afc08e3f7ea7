package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// errorLinesAbout counts the error-level log lines naming id.
func (h *harness) errorLinesAbout(id string) int {
	n := 0
	for _, line := range strings.Split(h.logs.String(), "\n") {
		if strings.Contains(line, `"level":"error"`) && strings.Contains(line, id) {
			n++
		}
	}
	return n
}

// dbFault runs the same story against a database that fails: an emergency
// arrives while writes fail; its crisis reply goes out anyway and the
// failure is logged once; when the database takes writes again the alert
// that pages a moderator goes out (the crisis reply is not sent again),
// and the bot goes on as before.
func dbFault(t *testing.T, h *harness, fail, recover func()) {
	h.start()
	h.setup()
	_, peer, _, roleID := h.createCondition("Diabetes")
	users := h.patients(3, roleID)
	before := h.post(peer.ID, users[0], textClinical)
	h.botMessage(peer.ID, replyTo(before.ID))

	fail()
	e := h.post(peer.ID, users[1], textEmergency)
	start := time.Now()
	crisis := h.botMessage(peer.ID, replyTo(e.ID))
	took := time.Since(start)
	t.Logf("crisis reply %v after the emergency, with the database failing", took.Round(time.Millisecond))
	// The promise is 2 s, and the bot waits at most emergencyStoreBudget
	// (1 s) for the database before replying without it; cmd/peerload
	// measures the promise (docs/benchmarks.md). Here the bound is what a reply
	// that waited for the database would take: its writers' 5 s busy
	// timeout. Between 1 s and 5 s there is only the test machine's load.
	if took >= 5*time.Second {
		t.Errorf("the crisis reply took %v: it waited for the database (5 s busy timeout)", took)
	}
	if !strings.Contains(crisis.Content, "988") {
		t.Errorf("crisis reply: %s", crisis.Content)
	}
	if err := waitUntil(h.ctx, func() bool { return h.errorLinesAbout(e.ID) > 0 }); err != nil {
		t.Errorf("the failure was not logged")
	}

	recover()
	h.botMessage(h.alerts, func(m *discordgo.Message) bool { return strings.Contains(text(m), e.ID) })
	after := h.post(peer.ID, users[2], textClinical)
	h.botMessage(peer.ID, replyTo(after.ID))
	if n := h.repliesTo(peer.ID, e.ID); n != 1 {
		t.Errorf("%d crisis replies", n)
	}
	if n := h.alertsFor(e.ID); n != 1 {
		t.Errorf("%d alerts", n)
	}
	if n := h.errorLinesAbout(e.ID); n != 1 {
		t.Errorf("the failure was logged %d times, want once", n)
	}
	integrityOK(t, h.env["DATABASE_PATH"])
}

// The database file is locked by another process (a backup tool, an
// operator's sqlite3 shell in a write transaction).
func TestFaultDatabaseLocked(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	var release func()
	dbFault(t, h, func() { release = h.holdWriteLock() }, func() { release() })
}

// The disk is full: the database lives on a 4 MiB tmpfs, filled up with a
// file, then the file is removed ("space returns"). Needs root (mount);
// skipped elsewhere.
func TestFaultDiskFull(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=4m"); err != nil {
		t.Skipf("cannot mount a small tmpfs here (%v); run as root", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	h := newWorld(t)
	h.env["DATABASE_PATH"] = filepath.Join(dir, "peerhours.db")
	filler := filepath.Join(dir, "filler")
	dbFault(t, h, func() {
		f, err := os.Create(filler)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		chunk := make([]byte, 64*1024)
		for {
			if _, err := f.Write(chunk); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatal(err)
				}
				break
			}
		}
		// The last few bytes, too.
		for {
			if _, err := f.Write(chunk[:512]); err != nil {
				break
			}
		}
	}, func() {
		if err := os.Remove(filler); err != nil {
			t.Fatal(err)
		}
	})
}
