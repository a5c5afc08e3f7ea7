package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/discordadapter"
	"github.com/peerhours/peerhours/internal/fakediscord"
	"github.com/peerhours/peerhours/storage"
)

func TestMissingTokenExitsWithStatus2(t *testing.T) {
	var stderr bytes.Buffer
	err := run(context.Background(), nil, envOf(nil), nil, &stderr, &stderr)
	if code := exitCode(err, &stderr); code != 2 {
		t.Errorf("exit code = %d, want 2", code)
	}
	out := stderr.String()
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, "DISCORD_TOKEN") || !strings.Contains(out, "peerhours sandbox") {
		t.Errorf("stderr = %q, want one line naming DISCORD_TOKEN and suggesting the sandbox", out)
	}
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	var stderr bytes.Buffer
	if code := exitCode(run(context.Background(), []string{"frobnicate"}, envOf(nil), nil, &stderr, &stderr), &stderr); code != 2 {
		t.Errorf("exit code = %d, want 2", code)
	}
}

func TestMigrateAndVersion(t *testing.T) {
	var out bytes.Buffer
	env := envOf(map[string]string{"DATABASE_PATH": filepath.Join(t.TempDir(), "m.db")})
	if err := run(context.Background(), []string{"migrate"}, env, nil, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "schema version") {
		t.Errorf("migrate printed %q", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"version"}, env, nil, &out, &out); err != nil || !strings.HasPrefix(out.String(), "peerhours ") {
		t.Errorf("version printed %q, %v", out.String(), err)
	}
}

// The foundation, end to end: the real run against the emulator registers
// its commands, answers /help inside Discord's window, keeps a patient's
// words out of the logs, and shuts down cleanly.
func TestRunEndToEnd(t *testing.T) {
	// Not parallel: it counts the process's goroutines.
	h := newWorld(t)
	before := runtime.NumGoroutine() // the test's and the idle emulator's
	h.env["HTTP_ADDR"] = "127.0.0.1:0"
	h.start()

	// Ready once connected: /readyz and /healthz answer 200.
	m := regexp.MustCompile(`"addr":"([0-9.:]+)"[^\n]*"http listening"`).FindStringSubmatch(h.logs.String())
	if m == nil {
		t.Fatalf("no http address in the logs:\n%s", h.logs)
	}
	client := &http.Client{Transport: &http.Transport{}}
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := client.Get("http://" + m[1] + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", path, resp.StatusCode)
		}
	}

	cmds := h.dc.Commands(h.guild)
	names := map[string]bool{}
	for _, c := range cmds {
		names[c.Name] = true
	}
	for _, want := range []string{"help", "setup", "condition", "join", "leave", "ask"} {
		if !names[want] {
			t.Errorf("command %q not registered (got %v)", want, names)
		}
	}

	i, err := h.dc.RunCommand(fakediscord.SlashCommand{ChannelID: h.general, UserID: h.patient, Name: "help"})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := i.WaitResponse(h.ctx)
	if err != nil {
		t.Fatalf("/help got no response: %v", err)
	}
	if resp.Data == nil || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("/help reply is not ephemeral: %+v", resp)
	}
	reply, _ := i.WaitReply(h.ctx)
	help := text(reply)
	if !strings.Contains(help, "/join") || strings.Contains(help, "/condition") || strings.Contains(help, "/setup") {
		t.Errorf("/help for a patient lists the wrong commands:\n%s", help)
	}
	h.setup()
	modHelp := text(h.command(h.mod, h.general, "help", ""))
	if !strings.Contains(modHelp, "/condition create") || strings.Contains(modHelp, "/setup") {
		t.Errorf("/help for a moderator:\n%s", modHelp)
	}

	// A canary message reaches the bot through the gateway and must not be
	// logged. Another command after it proves the message was processed.
	const canary = "canary-7f3a my sugar was 40 and I'm shaking"
	posted, err := h.dc.PostMessage(fakediscord.UserMessage{ChannelID: h.general, AuthorID: h.patient, Content: canary})
	if err != nil {
		t.Fatal(err)
	}
	if err := waitUntil(h.ctx, func() bool { return strings.Contains(h.logs.String(), posted.ID) }); err != nil {
		t.Errorf("the bot never logged the canary message's ID: %v", err)
	}

	if err := h.stop(); err != nil {
		t.Errorf("run returned %v after cancellation, want nil", err)
	}
	logs := h.logs.String()
	for _, secret := range []string{"canary-7f3a", "shaking", h.dc.Token(), "alice", "Alice"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs contain %q", secret)
		}
	}
	if !strings.Contains(logs, `"interaction_id"`) {
		t.Error("interaction log lines carry no interaction_id")
	}
	h.checkNoPingByAccident()

	// Nothing of the program keeps running: once it has returned, and this
	// test's HTTP client has closed its connection, the count is back where
	// it was before the bot started. That includes the emulator's side of
	// the bot's kept-alive REST connections, which the bot closes as it
	// stops (how many it opened depends on the machine's load). A goroutine
	// ends a moment after its connection closes and nothing announces it,
	// hence the polling; a leaked one never ends, so the test's deadline
	// costs a passing run nothing.
	client.CloseIdleConnections()
	if err := waitUntil(h.ctx, func() bool { return runtime.NumGoroutine() <= before }); err != nil {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		t.Errorf("%d goroutines before, %d after shutdown:\n%s", before, runtime.NumGoroutine(), buf[:n])
	}
}

// waitUntil checks cond every 10 ms until it holds or ctx ends. It is for
// facts no event announces, such as goroutines having exited, a log line
// or a row in the database. Its deadline is the test's (the harness's
// ctx): a bound on how long a broken test hangs, never a measure of speed.
func waitUntil(ctx context.Context, cond func() bool) error {
	for !cond() {
		t := time.NewTimer(10 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("timed out: %w", ctx.Err())
		case <-t.C:
		}
	}
	return nil
}

func TestFatalGatewayClosesStopTheProgram(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opt  worldOption
		env  map[string]string
		code int
		fix  string
	}{
		{name: "bad token", env: map[string]string{"DISCORD_TOKEN": "not-the-token"}, code: 4004, fix: "Reset Token"},
		{name: "message content intent off", opt: withoutMessageContent, code: 4014, fix: "MESSAGE CONTENT INTENT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []worldOption
			if tc.opt != nil {
				opts = append(opts, tc.opt)
			}
			h := newWorld(t, opts...)
			for k, v := range tc.env {
				h.env[k] = v
			}
			// Discord's refusal ends run by itself; the test's budget only
			// stops a run that would go on reconnecting.
			var stderr bytes.Buffer
			err := run(h.ctx, []string{"run"}, envOf(h.env), nil, &stderr, h.logs)
			var fatal *discordadapter.FatalError
			if !errors.As(err, &fatal) || fatal.Code != tc.code {
				t.Fatalf("run returned %v, want a fatal error with code %d", err, tc.code)
			}
			if code := exitCode(err, &stderr); code != 1 || !strings.Contains(stderr.String(), tc.fix) {
				t.Errorf("exit %d, stderr %q; want 1 and a fix mentioning %q", code, stderr.String(), tc.fix)
			}
		})
	}
}

// The same as a process: the built binary, pointed at the emulator with
// DISCORD_API_URL, connects, registers, answers /help, and exits 0 within
// 10 s of SIGTERM.
func TestBinaryAgainstEmulator(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	// Not parallel: it holds /help to Discord's window in real time.
	bin := peerhoursBinary(t)
	// Without a token: status 2 and one line naming DISCORD_TOKEN.
	noToken := exec.Command(bin)
	noToken.Dir = t.TempDir()
	noToken.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err := noToken.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || strings.Count(string(out), "\n") != 1 || !strings.Contains(string(out), "DISCORD_TOKEN") {
		t.Errorf("without DISCORD_TOKEN: %v, output %q; want status 2 and one line naming DISCORD_TOKEN", err, out)
	}

	h := newWorld(t)
	cmd := exec.Command(bin, "run")
	cmd.Dir = t.TempDir() // no .env there
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range h.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stderr = h.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	if _, err := h.dc.WaitCall(h.ctx, func(c fakediscord.Call) bool {
		return strings.HasSuffix(c.Route, "/commands") && c.Method == "PUT" && c.Status == 200
	}); err != nil {
		t.Fatalf("no commands registered: %v\n%s", err, h.logs)
	}
	// Discord's window is for the first answer: a deferral counts, and the
	// dispatcher sends one after 1 s even on a machine too loaded to
	// finish the handler sooner.
	start := time.Now()
	i, err := h.dc.RunCommand(fakediscord.SlashCommand{ChannelID: h.general, UserID: h.patient, Name: "help"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := i.WaitResponse(h.ctx); err != nil {
		t.Fatalf("/help got no answer: %v", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("/help was first answered after %v, want within 3 s", took)
	}
	if reply, err := i.WaitReply(h.ctx); err != nil || !strings.Contains(text(reply), "/join") {
		t.Errorf("/help said %v, %v", reply, err)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, h.logs)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still running 10 s after SIGTERM")
	}
}

// Without DISCORD_GUILD_IDS the commands are registered globally, by a bulk
// overwrite on every start that leaves the same commands with the same IDs.
func TestCommandsRegisteredGloballyOnEveryStart(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.env["DISCORD_GUILD_IDS"] = ""
	var ids []map[string]string
	for round := range 2 {
		seen := len(h.dc.Calls())
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- run(ctx, []string{"run"}, envOf(h.env), strings.NewReader(""), io.Discard, h.logs) }()
		_, err := h.dc.WaitCall(h.ctx, func(c fakediscord.Call) bool {
			return c.Seq > seen && c.Route == "PUT /applications/{app}/commands" && c.Status == 200
		})
		if err != nil {
			cancel()
			t.Fatalf("start %d: no global registration: %v\n%s", round+1, err, h.logs)
		}
		// The global commands work in the server.
		if reply, err := mustRun(h, fakediscord.SlashCommand{ChannelID: h.general, UserID: h.patient, Name: "help"}).WaitReply(h.ctx); err != nil || !strings.Contains(text(reply), "/join") {
			t.Errorf("start %d: /help said %v, %v", round+1, reply, err)
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("start %d: run returned %v", round+1, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("start %d: still running 10 s after cancellation", round+1)
		}
		got := map[string]string{}
		for _, c := range h.dc.Commands("") {
			got[c.Name] = c.ID
		}
		ids = append(ids, got)
	}
	if len(ids[0]) == 0 || !maps.Equal(ids[0], ids[1]) {
		t.Errorf("global commands after the first start %v, after the second %v; want the same, with the same IDs", ids[0], ids[1])
	}
	if cmds := h.dc.Commands(h.guild); len(cmds) != 0 {
		t.Errorf("%d commands registered in the server as well", len(cmds))
	}
	for _, c := range h.dc.Calls() {
		if strings.HasPrefix(c.Route, "POST /applications/") || strings.HasPrefix(c.Route, "DELETE /applications/") {
			t.Errorf("registration used %s instead of a bulk overwrite", c.Route)
		}
	}
}

func mustRun(h *harness, sc fakediscord.SlashCommand) *fakediscord.Interaction {
	h.t.Helper()
	i, err := h.dc.RunCommand(sc)
	if err != nil {
		h.t.Fatal(err)
	}
	return i
}

// Stopped while Discord has its command registration on the wire, run
// exits cleanly (nil, exit status 0), as when stopped while connecting:
// the bulk overwrite is idempotent and is made again at the next start.
func TestStopDuringCommandRegistrationIsACleanExit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, guilds, route string }{
		{"globally", "", "PUT /applications/{app}/commands"},
		{"per server", "guild", "PUT /applications/{app}/guilds/{g}/commands"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newWorld(t)
			if tc.guilds == "" {
				h.env["DISCORD_GUILD_IDS"] = ""
			}
			// Discord holds the registration until the bot gives up on it.
			if err := h.dc.SetLatency(tc.route, time.Hour); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- run(ctx, []string{"run"}, envOf(h.env), nil, io.Discard, h.logs) }()
			if err := h.dc.WaitFor(h.ctx, func() bool { return h.dc.Held(tc.route) == 1 }); err != nil {
				t.Fatalf("the registration never reached Discord: %v\n%s", err, h.logs)
			}
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("run returned %v, want nil", err)
				}
			case <-time.After(10 * time.Second): // the shutdown budget (README)
				t.Fatal("still running 10 s after cancellation")
			}
		})
	}
}

// A copy of a database in use made with cp and without its -wal file holds
// no tables: audit verify and migrate say so instead of "schema version 0"
// and a migration that makes a new, empty database of someone's copy.
func TestAuditVerifyAndMigrateSpotACopyWithoutItsWAL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db, err := storage.Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(live) // the -wal file holds the schema still
	if err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(dir, "copy.db")
	if err := os.WriteFile(copied, b, 0o600); err != nil {
		t.Fatal(err)
	}
	env := envOf(map[string]string{"DATABASE_PATH": copied})
	for _, args := range [][]string{{"audit", "verify"}, {"migrate"}} {
		var out bytes.Buffer
		err := run(ctx, args, env, nil, &out, &out)
		if err == nil || !strings.Contains(err.Error(), "without its write-ahead log") || !strings.Contains(err.Error(), ".backup") || strings.Contains(err.Error(), "schema version 0") {
			t.Errorf("%s on a copy without its WAL: %v\n%s", args[0], err, out.String())
		}
	}
	if after, _ := os.ReadFile(copied); !bytes.Equal(after, b) {
		t.Error("the copy was changed")
	}

	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"audit", "verify"}, envOf(map[string]string{"DATABASE_PATH": empty}), nil, &out, &out); err == nil || !strings.Contains(err.Error(), "empty file") {
		t.Errorf("audit verify of an empty file: %v", err)
	}
	// migrate makes a new database of an empty file, and says it is new
	if err := run(ctx, []string{"migrate"}, envOf(map[string]string{"DATABASE_PATH": empty}), nil, &out, &out); err != nil || !strings.Contains(out.String(), "a new database (the file was empty)") {
		t.Errorf("migrate of an empty file: %v\n%s", err, out.String())
	}
}

// audit verify fails, saying why, when the audit log's triggers were
// dropped, though every row still verifies.
func TestAuditVerifyNamesDroppedTriggers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	env := envOf(map[string]string{"DATABASE_PATH": path})
	var out bytes.Buffer
	if err := run(ctx, []string{"migrate"}, env, nil, &out, &out); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `DROP TRIGGER audit_log_no_delete`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	err = run(ctx, []string{"audit", "verify"}, env, nil, &out, &out)
	if code := exitCode(err, &out); code != 1 || !strings.Contains(out.String(), "trigger audit_log_no_delete is missing") || !strings.Contains(out.String(), "the chain itself verified (0 rows") {
		t.Errorf("exit %d:\n%s", code, out.String())
	}
}
