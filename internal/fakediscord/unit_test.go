package fakediscord

import (
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

func TestSnowflakesAreMonotonicAndRealistic(t *testing.T) {
	g := &snowflakes{}
	fixed := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := ""
	for i := range 10000 {
		now := fixed
		if i%3 == 0 {
			now = fixed.Add(-time.Hour) // a clock going back must not matter
		}
		id := g.next(now)
		if n := len(id); n < 18 || n > 19 {
			t.Fatalf("id %s has %d digits", id, n)
		}
		if prev != "" && !snowflakeLess(prev, id) {
			t.Fatalf("%s after %s", id, prev)
		}
		prev = id
	}
	early := (&snowflakes{}).next(time.Date(2015, 1, 2, 0, 0, 0, 0, time.UTC))
	if len(early) < 18 {
		t.Errorf("an ID near the epoch has %d digits", len(early))
	}
	id := (&snowflakes{}).next(fixed)
	if ts, ok := snowflakeTime(id); !ok || !ts.Equal(fixed) {
		t.Errorf("timestamp of %s = %v", id, ts)
	}
	if ts, _ := discordgo.SnowflakeTimestamp(id); !ts.Equal(fixed) {
		t.Errorf("discordgo reads %v", ts)
	}
}

func TestChannelPermissions(t *testing.T) {
	srv := newServer(t, Options{})
	g := must[*discordgo.Guild](t)(srv.AddGuild(GuildSpec{BotPermissions: discordgo.PermissionViewChannel}))
	staff := must[*discordgo.Role](t)(srv.AddRole(g.ID, RoleSpec{Name: "staff", Permissions: discordgo.PermissionManageMessages}))
	admin := must[*discordgo.Role](t)(srv.AddRole(g.ID, RoleSpec{Name: "admin", Permissions: discordgo.PermissionAdministrator}))
	alice := must[*discordgo.Member](t)(srv.AddMember(g.ID, MemberSpec{Username: "alice", Roles: []string{staff.ID}}))
	bob := must[*discordgo.Member](t)(srv.AddMember(g.ID, MemberSpec{Username: "bob"}))
	root := must[*discordgo.Member](t)(srv.AddMember(g.ID, MemberSpec{Username: "root", Roles: []string{admin.ID}}))
	ch := must[*discordgo.Channel](t)(srv.AddChannel(g.ID, ChannelSpec{Name: "office-hours", Overwrites: []*discordgo.PermissionOverwrite{
		{ID: g.ID, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionSendMessages},
		{ID: staff.ID, Type: discordgo.PermissionOverwriteTypeRole, Allow: discordgo.PermissionSendMessages},
		{ID: bob.User.ID, Type: discordgo.PermissionOverwriteTypeMember, Deny: discordgo.PermissionViewChannel},
	}}))
	tests := []struct {
		name       string
		user       string
		channel    string
		want, deny int64
	}{
		{"member role overwrite allows", alice.User.ID, ch.ID, discordgo.PermissionSendMessages | discordgo.PermissionManageMessages, 0},
		{"everyone overwrite denies", srv.BotUserID(), ch.ID, discordgo.PermissionViewChannel, discordgo.PermissionSendMessages},
		{"member overwrite hides the channel", bob.User.ID, ch.ID, 0, allPermissions},
		{"administrator ignores overwrites", root.User.ID, ch.ID, allPermissions, 0},
		{"owner has everything", g.OwnerID, ch.ID, allPermissions, 0},
		{"guild level", bob.User.ID, "", discordgo.PermissionViewChannel | discordgo.PermissionSendMessages, discordgo.PermissionManageMessages},
	}
	for _, tt := range tests {
		got := srv.Permissions(g.ID, tt.user, tt.channel)
		if got&tt.want != tt.want || got&tt.deny != 0 {
			t.Errorf("%s: got %b, want %b set and %b clear", tt.name, got, tt.want, tt.deny)
		}
	}
	// A timed-out member can only read.
	if err := srv.TimeoutMember(g.ID, alice.User.ID, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if p := srv.Permissions(g.ID, alice.User.ID, ch.ID); p&discordgo.PermissionSendMessages != 0 {
		t.Errorf("timed-out member can send: %b", p)
	}
	if _, err := srv.PostMessage(UserMessage{ChannelID: ch.ID, AuthorID: bob.User.ID, Content: "hi"}); err == nil {
		t.Error("bob posted in a channel he cannot see")
	}
}

func TestChannelNames(t *testing.T) {
	for in, want := range map[string]string{
		"Diabetes Office Hours!": "diabetes-office-hours",
		"long  COVID":            "long-covid",
		"a - b":                  "a-b",
		"Ünïcode ok":             "ünïcode-ok",
	} {
		if got := normalizeChannelName(in, discordgo.ChannelTypeGuildText); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
	if got := normalizeChannelName("Diabetes", discordgo.ChannelTypeGuildCategory); got != "Diabetes" {
		t.Errorf("category name changed to %q", got)
	}
}

func TestRouterPrefersLiteralSegments(t *testing.T) {
	srv := newServer(t, Options{})
	rt, params, _ := srv.routes.match("PATCH", "/webhooks/1/tok/messages/@original")
	if rt == nil || rt.name != "PATCH /webhooks/{app}/{token}/messages/@original" {
		t.Fatalf("matched %+v", rt)
	}
	if params["app"] != "1" || params["token"] != "tok" {
		t.Errorf("params = %v", params)
	}
	if rt, _, known := srv.routes.match("PUT", "/users/@me"); rt != nil || !known {
		t.Errorf("wrong method: route %v, known %v", rt, known)
	}
}

func TestCloseStopsEverything(t *testing.T) {
	srv, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A raw websocket client that never answers, and a request held up by
	// injected latency.
	conn, _, err := websocket.DefaultDialer.Dial(srv.GatewayURL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := srv.SetLatency("GET /gateway", time.Hour); err != nil {
		t.Fatal(err)
	}
	reqDone := make(chan struct{})
	go func() {
		defer close(reqDone)
		resp, err := http.Get(srv.URL() + "/api/v9/gateway")
		if err == nil {
			resp.Body.Close()
		}
	}()
	ctx := testCtx(t)
	if err := srv.WaitFor(ctx, func() bool { return len(srv.Connections()) == 1 }); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() {
		srv.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-ctx.Done():
		t.Fatal("Close did not return")
	}
	<-reqDone
	// Close waits for every goroutine running the emulator's code, so none
	// may be left once it has returned.
	buf := make([]byte, 1<<20)
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "fakediscord.(*") && !strings.Contains(g, "fakediscord.Test") {
			t.Errorf("goroutine left after Close:\n%s", g)
		}
	}
}
