package fakediscord

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// raw sends a request to the emulator as a bot would, without discordgo's
// types in the way, and returns the status and decoded body.
func raw(t *testing.T, srv *Server, method, path, body string) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL()+"/api/v9"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bot "+srv.Token())
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(bytes.TrimSpace(b)) > 0 && b[0] == '{' {
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s %s: body %q: %v", method, path, b, err)
		}
	}
	return resp.StatusCode, out
}

// errorAt walks Discord's nested errors object to the codes at path.
func errorAt(body map[string]any, path ...string) []string {
	node, _ := body["errors"].(map[string]any)
	for _, p := range path {
		node, _ = node[p].(map[string]any)
	}
	var codes []string
	list, _ := node["_errors"].([]any)
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			codes = append(codes, m["code"].(string))
		}
	}
	return codes
}

// Every request is checked against Discord's OpenAPI description: a body,
// a query or a path that does not conform is refused with 50035 and
// Discord's errors object, before any handler runs; Discord's conventions
// (int-parseable strings for integers, permissions as strings) pass.
func TestRequestsAreCheckedAgainstDiscordsSpec(t *testing.T) {
	spec := RepoSpec(t.Logf)
	if spec == nil {
		t.Skip("internal/discordspec/openapi.json is absent")
	}
	w := newWorld(t, Options{Spec: spec}, discordgo.PermissionManageRoles|discordgo.PermissionManageChannels)
	g, ch := w.guild.ID, w.general.ID

	for _, tc := range []struct {
		name, method, path, body string
		at                       []string
		code                     string
	}{
		// A colour past 0xFFFFFF: only the description knows this limit.
		{"role colour over the maximum", "POST", "/guilds/" + g + "/roles", `{"name":"x","color":16777216}`, []string{"color"}, "NUMBER_TYPE_MAX"},
		{"allowed_mentions.parse not a list", "POST", "/channels/" + ch + "/messages", `{"content":"x","allowed_mentions":{"parse":"users"}}`, []string{"allowed_mentions", "parse"}, ""},
		{"snowflake path parameter", "POST", "/channels/not-an-id/messages", `{"content":"x","allowed_mentions":{"parse":[]}}`, []string{"channel_id"}, "NUMBER_TYPE_COERCE"},
		{"query over its maximum", "GET", "/channels/" + ch + "/messages?limit=500", "", []string{"limit"}, "NUMBER_TYPE_MAX"},
		{"select placeholder too long", "POST", "/channels/" + ch + "/messages",
			`{"content":"x","allowed_mentions":{"parse":[]},"components":[{"type":1,"components":[{"type":3,"custom_id":"s","placeholder":"` + strings.Repeat("p", 151) + `","options":[{"label":"a","value":"a"}]}]}]}`,
			[]string{"components", "0", "components", "0", "placeholder"}, "BASE_TYPE_MAX_LENGTH"},
		{"link button URL too long", "POST", "/channels/" + ch + "/messages",
			`{"content":"x","allowed_mentions":{"parse":[]},"components":[{"type":1,"components":[{"type":2,"style":5,"label":"l","url":"https://example.com/` + strings.Repeat("u", 500) + `"}]}]}`,
			[]string{"components", "0", "components", "0", "url"}, "BASE_TYPE_MAX_LENGTH"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := raw(t, w.srv, tc.method, tc.path, tc.body)
			if status != 400 || body["code"] != float64(CodeInvalidFormBody) {
				t.Fatalf("%d %v, want 400 with code 50035", status, body)
			}
			codes := errorAt(body, tc.at...)
			if len(codes) == 0 || (tc.code != "" && !containsString(codes, tc.code)) {
				t.Errorf("errors %v: want %s at %v", body["errors"], tc.code, tc.at)
			}
			calls := w.srv.Calls()
			if last := calls[len(calls)-1]; !last.SpecViolation {
				t.Errorf("the call is not marked as a spec violation: %+v", last)
			}
		})
	}

	// Discord's conventions: permissions as strings, integers as strings.
	if status, body := raw(t, w.srv, "POST", "/guilds/"+g+"/roles", `{"name":"strings","permissions":"0","color":"255"}`); status != 200 {
		t.Errorf("a role with permissions and colour as strings: %d %v", status, body)
	}
	if status, body := raw(t, w.srv, "POST", "/guilds/"+g+"/channels", `{"name":"typed","type":0,"permission_overwrites":[{"id":"`+g+`","type":0,"allow":"0","deny":"1024"}]}`); status != 201 && status != 200 {
		t.Errorf("a channel with overwrites as strings: %d %v", status, body)
	}
	// A string that is not a number is still refused where an integer goes.
	if status, body := raw(t, w.srv, "POST", "/guilds/"+g+"/roles", `{"name":"x","permissions":"lots"}`); status != 400 || body["code"] != float64(CodeInvalidFormBody) {
		t.Errorf("permissions \"lots\": %d %v, want 50035", status, body)
	}
}
