package sandbox

import (
	"strings"
	"testing"
	"time"
)

// fakeNames resolves mentions for the markdown tests: user 1 is the viewer,
// channel 5 is hidden from them.
type fakeNames struct{}

func (fakeNames) userName(id string) (string, bool) {
	switch id {
	case "11111":
		return "Alice", true
	case "22222":
		return "Bob <script>", true
	}
	return "", false
}

func (fakeNames) roleName(id string) (string, bool) {
	if id == "33333" {
		return "Diabetes Peer Mentor", true
	}
	return "", false
}

func (fakeNames) channelLink(id string) (string, string, bool) {
	switch id {
	case "44444":
		return "diabetes", "/as/alice/c/44444", true
	case "55555":
		return "alerts", "", true
	}
	return "", "", false
}

func (fakeNames) mentionsViewer(userID, roleID string) bool {
	return userID == "11111" || roleID == "33333"
}

func (fakeNames) messageLink(guildID, channelID, messageID string) (string, bool) {
	if guildID != "99999" || channelID == "55555" {
		return "", false
	}
	return "/as/alice/c/" + channelID + "#m-" + messageID, true
}

func TestMarkdown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain <b>text</b> & more", "plain &lt;b&gt;text&lt;/b&gt; &amp; more"},
		{"**bold** and *it* and __under__ and ~~gone~~", "<strong>bold</strong> and <em>it</em> and <u>under</u> and <s>gone</s>"},
		{"snake_case_name stays", "snake_case_name stays"},
		{"2 * 3 * 4", "2 * 3 * 4"},
		{"`<@11111>` is code", "<code>&lt;@11111&gt;</code> is code"},
		{"```\nline <1>\nline 2\n```", "<pre><code>line &lt;1&gt;\nline 2</code></pre>"},
		{"hi <@11111>!", `hi <span class="mention me">@Alice</span>!`},
		{"<@!22222>", `<span class="mention">@Bob &lt;script&gt;</span>`},
		{"<@99>", "&lt;@99&gt;"},
		{"<@77777>", `<span class="mention">@unknown-user</span>`},
		{"<@&33333> help", `<span class="mention me">@Diabetes Peer Mentor</span> help`},
		{"see <#44444>", `see <a class="mention" href="/as/alice/c/44444">#diabetes</a>`},
		{"see <#55555>", `<span class="mention" title="You cannot see this channel">#alerts</span>`},
		{"**<@11111> joined**", `<strong><span class="mention me">@Alice</span> joined</strong>`},
		{"[Jump](https://discord.com/channels/99999/44444/66666)", `<a href="/as/alice/c/44444#m-66666">Jump</a>`},
		{"[Jump](https://discord.com/channels/99999/55555/66666)", `<span title="You cannot see this channel">Jump</span>`},
		// <url> suppresses the preview in Discord; the brackets are not text
		{"see <https://example.org> now", `see <a href="https://example.org" target="_blank" rel="noopener noreferrer">https://example.org<span class="visually-hidden"> (opens in a new tab)</span></a> now`},
		{"see <https://example.org", `see &lt;<a href="https://example.org" target="_blank" rel="noopener noreferrer">https://example.org<span class="visually-hidden"> (opens in a new tab)</span></a>`},
		{"go to https://example.org/a?b=1&c=2.", `<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">https://example.org/a?b=1&amp;c=2<span class="visually-hidden"> (opens in a new tab)</span></a>.`},
		{"[x](javascript:alert(1))", "[x](javascript:alert(1))"},
		{"waiting: https://discord.com/channels/99999/44444/66666", `waiting: <a href="/as/alice/c/44444#m-66666"><span class="mention">#diabetes › message</span></a>`},
		{"> quoted\n> twice\nafter", "<blockquote>quoted<br>twice</blockquote>after"},
		{"# Title\n-# small print", `<strong class="h1">Title</strong><small class="subtext">small print</small>`},
		{"- one\n- **two**", "<ul><li>one</li><li><strong>two</strong></li></ul>"},
		{"• a — [1](https://discord.com/channels/99999/44444/1)", `<ul><li>a — <a href="/as/alice/c/44444#m-1">1</a></li></ul>`},
		{"<:blob:123456789012345678> hi", ":blob: hi"},
		{"||secret||", `<span class="spoiler">secret</span>`},
		{"a\nb", "a<br>b"},
	} {
		got := string(markdown(tc.in, fakeNames{}, time.UTC))
		if !strings.Contains(got, tc.want) {
			t.Errorf("markdown(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestTimestamps(t *testing.T) {
	got := string(markdown("at <t:1764160200:F> (<t:1764160200:R>)", fakeNames{}, time.UTC))
	for _, want := range []string{
		`<time class="ts" datetime="2025-11-26T12:30:00Z" data-style="F">Wednesday, 26 November 2025 12:30 UTC</time>`,
		`data-style="R">`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("got %s\nwant %s", got, want)
		}
	}
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{10 * time.Second, "in a few seconds"},
		{-30 * time.Minute, "30 minutes ago"},
		{3 * time.Hour, "in 3 hours"},
		{-30 * time.Hour, "a day ago"},
		{5 * 24 * time.Hour, "in 5 days"},
	} {
		if got := relative(now.Add(tc.d), now); got != tc.want {
			t.Errorf("relative(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"↩️ This question was withdrawn from the **Diabetes** office-hours queue.", "↩️ This question was withdrawn from the Diabetes office-hours queue."},
		{"<@11111> your turn in <#44444> at <t:1764160200:t>", "@Alice your turn in #diabetes at 12:30"},
		{"# Title\ntext `code` and <@22222>", "Title text code and @Bob <script>"},
		{"- one\n- two\n-# small print", "one two small print"},
	} {
		got := strings.Join(strings.Fields(plainText(tc.in, fakeNames{}, time.UTC)), " ")
		if got != tc.want {
			t.Errorf("plainText(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"**a** <@11111> `x` ```y```", "[a](https://discord.com/channels/99999/44444/1)", "> q\n- l", "<t:1:R>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := string(markdown(s, fakeNames{}, time.UTC))
		// Nothing a person types becomes a tag of its own.
		if strings.Contains(out, "<script") || strings.Contains(out, "<img") || strings.Contains(out, "javascript:") && strings.Contains(out, "href=\"javascript") {
			t.Errorf("markdown(%q) = %s", s, out)
		}
		if strings.ContainsAny(out, "\ue000\ue001") && !strings.ContainsAny(s, "\ue000\ue001") {
			t.Errorf("a placeholder leaked: markdown(%q) = %q", s, out)
		}
	})
}
