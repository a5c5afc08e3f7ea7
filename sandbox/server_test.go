package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/fakediscord"
)

// The page over the emulator with a small bot of the test's own, through
// plain HTTP: what a browser without JavaScript does. The real bot's flows
// in a real browser are cmd/peerhours' TestSandboxInBrowser.

type fixture struct {
	t     *testing.T
	clock *clock
	dc    *fakediscord.Server
	world *World
	web   *httptest.Server
	http  *http.Client
}

func noPings() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// testBot answers the commands the page must be able to drive: options of
// every kind, autocomplete, a select menu, a button opening a modal, and a
// message-menu command.
func testBot(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	reply := func(typ discordgo.InteractionResponseType, d *discordgo.InteractionResponseData) {
		if d != nil && d.AllowedMentions == nil && (typ == discordgo.InteractionResponseChannelMessageWithSource || typ == discordgo.InteractionResponseUpdateMessage) {
			d.AllowedMentions = noPings()
		}
		_ = s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: typ, Data: d})
	}
	switch ic.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		typed := ic.ApplicationCommandData().Options[0].StringValue()
		var choices []*discordgo.ApplicationCommandOptionChoice
		for _, f := range []string{"apple", "apricot", "banana"} {
			if strings.HasPrefix(f, typed) {
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: strings.ToUpper(f[:1]) + f[1:], Value: f})
			}
		}
		reply(discordgo.InteractionApplicationCommandAutocompleteResult, &discordgo.InteractionResponseData{Choices: choices})
	case discordgo.InteractionApplicationCommand:
		d := ic.ApplicationCommandData()
		switch d.Name {
		case "echo":
			var parts []string
			for _, o := range d.Options {
				parts = append(parts, fmt.Sprintf("%s=%v(%T)", o.Name, o.Value, o.Value))
			}
			if ic.Locale != discordgo.EnglishUS {
				parts = append(parts, "locale="+string(ic.Locale)+" guild_locale="+string(*ic.GuildLocale))
			}
			reply(discordgo.InteractionResponseChannelMessageWithSource, &discordgo.InteractionResponseData{Content: strings.Join(parts, " ")})
		case "pick":
			one := 1
			reply(discordgo.InteractionResponseChannelMessageWithSource, &discordgo.InteractionResponseData{
				Content: "Pick one", Flags: discordgo.MessageFlagsEphemeral,
				Components: []discordgo.MessageComponent{
					discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
						CustomID: "flavour", Placeholder: "Choose a flavour", MinValues: &one, MaxValues: 1,
						Options: []discordgo.SelectMenuOption{{Label: "Apple", Value: "a"}, {Label: "Banana", Value: "b"}},
					}}},
					discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "Open form", CustomID: "form", Style: discordgo.PrimaryButton}}},
				},
			})
		case "Quote":
			reply(discordgo.InteractionResponseChannelMessageWithSource, &discordgo.InteractionResponseData{Content: "quoted " + d.TargetID, Flags: discordgo.MessageFlagsEphemeral})
		}
	case discordgo.InteractionMessageComponent:
		d := ic.MessageComponentData()
		switch d.CustomID {
		case "flavour":
			reply(discordgo.InteractionResponseUpdateMessage, &discordgo.InteractionResponseData{Content: "You chose " + d.Values[0], Components: []discordgo.MessageComponent{}})
		case "form":
			reply(discordgo.InteractionResponseModal, &discordgo.InteractionResponseData{CustomID: "why", Title: "Tell us why",
				Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
					discordgo.TextInput{CustomID: "reason", Label: "Why?", Style: discordgo.TextInputParagraph, Required: true, MinLength: 3, MaxLength: 100},
				}}}})
		}
	case discordgo.InteractionModalSubmit:
		d := ic.ModalSubmitData()
		row := d.Components[0].(*discordgo.ActionsRow)
		reply(discordgo.InteractionResponseChannelMessageWithSource, &discordgo.InteractionResponseData{
			Content: "Because: " + row.Components[0].(*discordgo.TextInput).Value, Flags: discordgo.MessageFlagsEphemeral})
	}
}

// clock is the emulator's: it stands still unless a test moves it, so a
// loaded machine cannot push an interaction past Discord's 3-second window
// (the emulator enforces it on this clock).
type clock struct {
	base  time.Time
	ahead atomic.Int64
}

func (c *clock) now() time.Time          { return c.base.Add(time.Duration(c.ahead.Load())) }
func (c *clock) advance(d time.Duration) { c.ahead.Add(int64(d)) }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clk := &clock{base: time.Now()}
	dc, err := fakediscord.New(fakediscord.Options{PrivilegedIntents: discordgo.IntentMessageContent, Now: clk.now, Spec: fakediscord.RepoSpec(t.Logf)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dc.Close() })
	w, err := BuildWorld(dc)
	if err != nil {
		t.Fatal(err)
	}
	s, err := discordgo.New("Bot " + dc.Token())
	if err != nil {
		t.Fatal(err)
	}
	s.Client = dc.HTTPClient()
	s.ShouldReconnectOnError = false
	s.LogLevel = -1
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentMessageContent
	s.AddHandler(testBot)
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	minCount, maxCount := 1.0, 5.0
	if _, err := s.ApplicationCommandBulkOverwrite(dc.ApplicationID(), w.GuildID, []*discordgo.ApplicationCommand{
		{Name: "echo", Description: "Say back what was typed", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "text", Description: "Some text", Required: true, Autocomplete: true},
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "count", Description: "How many", MinValue: &minCount, MaxValue: maxCount},
			{Type: discordgo.ApplicationCommandOptionBoolean, Name: "loud", Description: "Shout"},
			{Type: discordgo.ApplicationCommandOptionUser, Name: "who", Description: "Someone"},
			{Type: discordgo.ApplicationCommandOptionChannel, Name: "where", Description: "A channel", ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText}},
		}},
		{Name: "pick", Description: "Choose from a menu"},
		{Name: "silent", Description: "Never answered"},
		{Name: "Quote", Type: discordgo.MessageApplicationCommand},
	}); err != nil {
		t.Fatal(err)
	}
	page, err := New(Options{Emulator: dc, World: w, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(page)
	t.Cleanup(web.Close)
	return &fixture{t: t, clock: clk, dc: dc, world: w, web: web, http: &http.Client{
		Timeout:       2 * time.Minute, // a bound on a broken test: the page waits for the bot
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (f *fixture) who(key string) Persona {
	p, ok := f.world.Persona(key)
	if !ok {
		f.t.Fatalf("no persona %s", key)
	}
	return p
}

// get fetches a page and returns its status and body.
func (f *fixture) get(path string) (int, string) {
	f.t.Helper()
	resp, err := f.http.Get(f.web.URL + path)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// post submits a form and returns the status and where it redirects to.
func (f *fixture) post(path string, form url.Values) (int, string, string) {
	f.t.Helper()
	resp, err := f.http.PostForm(f.web.URL+path, form)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func (f *fixture) chat(persona, channelID string) string {
	f.t.Helper()
	code, body := f.get(channelURL(persona, channelID))
	if code != 200 {
		f.t.Fatalf("GET %s as %s: %d", channelID, persona, code)
	}
	return body
}

func (f *fixture) lastMessage(channelID string) *discordgo.Message {
	msgs := f.dc.Messages(channelID)
	if len(msgs) == 0 {
		f.t.Fatal("no messages")
	}
	return msgs[len(msgs)-1]
}

func TestChannelsFollowPermissions(t *testing.T) {
	f := newFixture(t)
	alice := f.chat("alice", f.world.General)
	if strings.Contains(alice, "/c/"+f.world.Alerts) {
		t.Error("Alice, a patient, is offered #alerts")
	}
	if morgan := f.chat("morgan", f.world.General); !strings.Contains(morgan, "/c/"+f.world.Alerts) {
		t.Error("Morgan, a moderator, is not offered #alerts")
	}
	code, _, _ := f.post("/as/alice/c/"+f.world.Alerts+"/send", url.Values{"content": {"hi"}})
	if code != http.StatusSeeOther {
		t.Fatalf("post: %d", code)
	}
	if len(f.dc.Messages(f.world.Alerts)) != 0 {
		t.Error("Alice posted in #alerts")
	}
	if code, body := f.get(channelURL("alice", f.world.Alerts)); code != http.StatusSeeOther {
		t.Errorf("GET #alerts as Alice: %d\n%s", code, body)
	}
	if code, _ := f.get("/as/nobody/"); code != http.StatusNotFound {
		t.Errorf("an unknown persona: %d", code)
	}
}

func TestSendAndCommandOptions(t *testing.T) {
	f := newFixture(t)
	general := f.world.General
	code, to, _ := f.post("/as/alice/c/"+general+"/send", url.Values{"content": {"hello **all**"}})
	if code != http.StatusSeeOther || !strings.HasSuffix(to, "#composer") {
		t.Fatalf("send: %d → %s", code, to)
	}
	if m := f.lastMessage(general); m.Content != "hello **all**" || m.Author.ID != f.who("alice").UserID {
		t.Errorf("posted %q by %s", m.Content, m.Author.Username)
	}
	if !strings.Contains(f.chat("bob", general), "hello <strong>all</strong>") {
		t.Error("Bob does not see Alice's message, in markdown")
	}

	// Typing a command's name opens its form.
	_, to, _ = f.post("/as/alice/c/"+general+"/send", url.Values{"content": {"/echo"}})
	if !strings.Contains(to, "cmd=echo") {
		t.Fatalf("/echo in the message box went to %s", to)
	}
	_, form := f.get(to)
	for _, want := range []string{`<label for="opt-text">text <span class="req">(required)</span>`, `list="opt-text-list"`, `type="number" id="opt-count"`, `min="1"`, `max="5"`, `<select id="opt-who"`, `>Bob</option>`, `<select id="opt-where"`, `>#general</option>`} {
		if !strings.Contains(form, want) {
			t.Errorf("the /echo form lacks %s", want)
		}
	}
	if strings.Contains(form, ">#alerts</option>") {
		t.Error("the channel picker offers Alice a channel she cannot see")
	}

	// Typed as the client types them.
	bob := f.who("bob")
	code, to, _ = f.post("/as/alice/c/"+general+"/run", url.Values{"cmd": {"echo"}, "opt.text": {"apple"}, "opt.count": {"3"}, "opt.loud": {"true"}, "opt.who": {bob.UserID}, "opt.where": {general}})
	if code != http.StatusSeeOther {
		t.Fatalf("run: %d", code)
	}
	reply := f.lastMessage(general)
	want := fmt.Sprintf("text=apple(string) count=3(float64) loud=true(bool) who=%s(string) where=%s(string)", bob.UserID, general)
	if reply.Content != want {
		t.Errorf("the bot got %q\nwant %q", reply.Content, want)
	}
	if !strings.HasSuffix(to, "#m-"+reply.ID) {
		t.Errorf("after the command the page goes to %s, want the reply", to)
	}
	if page := f.chat("bob", general); !strings.Contains(page, "<b>Alice</b> used <code>/echo</code>") {
		t.Error("the reply does not say who used the command")
	}

	// What the client refuses, the page says, keeping what was typed.
	code, _, body := f.post("/as/alice/c/"+general+"/run", url.Values{"cmd": {"echo"}, "opt.count": {"9"}, "opt.text": {"x"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "Count must be between 1 and 5.") || !strings.Contains(body, `value="9"`) {
		t.Errorf("an out-of-range count: %d\n%s", code, body)
	}
	code, _, body = f.post("/as/alice/c/"+general+"/run", url.Values{"cmd": {"echo"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Text is required.") {
		t.Errorf("a missing required option: %d", code)
	}
}

// A message over Discord's 2,000 characters is refused with the limit, and
// the text goes back into the message box instead of being lost; the box
// says the limit before anything is sent.
func TestTooLongMessageKeepsItsText(t *testing.T) {
	f := newFixture(t)
	general := f.world.General
	if page := f.chat("alice", general); !strings.Contains(page, "up to 2,000 characters") {
		t.Error("the message box does not say the limit before sending")
	}
	long := strings.Repeat("é", 1990) + " and <then> some more"
	code, to, _ := f.post("/as/alice/c/"+general+"/send", url.Values{"content": {long}})
	if code != http.StatusSeeOther {
		t.Fatalf("send: %d", code)
	}
	if n := len(f.dc.Messages(general)); n != 0 {
		t.Fatalf("%d messages posted", n)
	}
	_, page := f.get(to)
	if !strings.Contains(page, "Discord allows 2,000 characters in a message, and this one has 2,011") {
		t.Error("the page does not say why the message was not sent")
	}
	if !strings.Contains(page, ">"+strings.Repeat("é", 1990)+" and &lt;then&gt; some more</textarea>") {
		t.Error("the text that was not sent is not back in the message box")
	}
	// shown once: the next visit has an empty box
	if page := f.chat("alice", general); strings.Contains(page, strings.Repeat("é", 100)) {
		t.Error("the draft stays in the box after it was shown")
	}
	// another persona's box stays empty
	_, to, _ = f.post("/as/alice/c/"+general+"/send", url.Values{"content": {long}})
	if page := f.chat("bob", general); strings.Contains(page, strings.Repeat("é", 100)) {
		t.Error("Bob's message box shows Alice's draft")
	}
	if _, page := f.get(to); !strings.Contains(page, strings.Repeat("é", 100)) {
		t.Error("the draft was lost when someone else loaded the channel")
	}
}

// Text typed after a command's name fills its form, as the Discord client
// takes it: "/echo apple" fills the first required option, name:value
// pairs fill theirs.
func TestTypedCommandOptions(t *testing.T) {
	f := newFixture(t)
	general := f.world.General
	for _, c := range []struct {
		typed string
		want  []string
	}{
		{"/echo apple pie", []string{`id="opt-text"`, `value="apple pie"`}},
		{"/echo count:3 text:two words", []string{`value="two words"`, `value="3"`}},
		{"/ECHO", []string{`id="opt-text"`}},
	} {
		_, to, _ := f.post("/as/alice/c/"+general+"/send", url.Values{"content": {c.typed}})
		if !strings.Contains(to, "cmd=echo") {
			t.Fatalf("%s went to %s", c.typed, to)
		}
		_, form := f.get(to)
		for _, w := range c.want {
			if !strings.Contains(form, w) {
				t.Errorf("%s: the form lacks %s", c.typed, w)
			}
		}
	}
}

func TestAutocomplete(t *testing.T) {
	f := newFixture(t)
	code, body := f.get("/as/alice/c/" + f.world.General + "/autocomplete?cmd=echo&focus=text&opt.text=ap&opt.count=99")
	var got []struct{ Name, Value string }
	if err := json.Unmarshal([]byte(body), &got); err != nil || code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	if len(got) != 2 || got[0].Value != "apple" || got[0].Name != "Apple" || got[1].Value != "apricot" {
		t.Errorf("choices = %+v", got)
	}
}

func TestSelectMenuModalAndEphemeral(t *testing.T) {
	f := newFixture(t)
	general := f.world.General
	f.post("/as/alice/c/"+general+"/run", url.Values{"cmd": {"pick"}})
	menu := f.lastMessage(general)
	if menu.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatal("the menu is not ephemeral")
	}
	alice := f.chat("alice", general)
	for _, want := range []string{`<label for="sel-` + menu.ID + `-flavour">Choose a flavour</label>`, `<option value="b">Banana</option>`, "Only you can see this", `value="form"`} {
		if !strings.Contains(alice, want) {
			t.Errorf("Alice's page lacks %s", want)
		}
	}
	if strings.Contains(f.chat("bob", general), "Choose a flavour") {
		t.Error("Bob sees Alice's ephemeral menu")
	}
	// Bob cannot use it either, even by posting the form himself.
	f.post("/as/bob/c/"+general+"/m/"+menu.ID+"/component", url.Values{"custom_id": {"flavour"}, "kind": {"select"}, "values": {"b"}})
	if m, _ := f.dc.Message(general, menu.ID); m.Content != "Pick one" {
		t.Error("Bob used Alice's ephemeral menu")
	}

	f.post("/as/alice/c/"+general+"/m/"+menu.ID+"/component", url.Values{"custom_id": {"flavour"}, "kind": {"select"}, "values": {"b"}})
	if m, _ := f.dc.Message(general, menu.ID); m.Content != "You chose b" {
		t.Errorf("after choosing: %q", m.Content)
	}

	// A button that opens a modal; the modal's submission reaches the bot.
	f.post("/as/alice/c/"+general+"/run", url.Values{"cmd": {"pick"}})
	menu = f.lastMessage(general)
	_, to, _ := f.post("/as/alice/c/"+general+"/m/"+menu.ID+"/component", url.Values{"custom_id": {"form"}})
	m := regexp.MustCompile(`modal=(\d+)`).FindStringSubmatch(to)
	if m == nil {
		t.Fatalf("the button led to %s, not a modal", to)
	}
	_, page := f.get(to)
	for _, want := range []string{`<dialog class="modal" id="modal" open aria-labelledby="modal-title"`, `<h2 id="modal-title">Tell us why</h2>`, `<label for="modal-reason">Why?`, `minlength="3"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the modal lacks %s", want)
		}
	}
	// Too short: the page says so by the field's label, as the client
	// does, and nothing reaches the bot.
	before := len(f.dc.Interactions(""))
	code, _, body := f.post("/as/alice/c/"+general+"/modal/"+m[1], url.Values{"field.reason": {"no"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "“Why?” must be 3 to") || !strings.Contains(body, "it has 2.") {
		t.Errorf("a too-short reason: %d\n%s", code, body)
	}
	if !strings.Contains(body, `aria-describedby="modal-reason-desc modal-error" aria-invalid="true"`) {
		t.Error("the too-short field is not marked invalid and tied to the error")
	}
	if after := len(f.dc.Interactions("")); after != before {
		t.Errorf("a too-short reason sent %d interactions", after-before)
	}
	f.post("/as/alice/c/"+general+"/modal/"+m[1], url.Values{"field.reason": {"it is tasty"}})
	if last := f.lastMessage(general); last.Content != "Because: it is tasty" {
		t.Errorf("after the modal: %q", last.Content)
	}
	// Dismissed ephemeral messages leave Alice's page.
	f.post("/as/alice/c/"+general+"/m/"+menu.ID+"/dismiss", nil)
	if strings.Contains(f.chat("alice", general), `id="m-`+menu.ID+`"`) {
		t.Error("a dismissed message is still shown")
	}
}

func TestMessageMenuAndThreads(t *testing.T) {
	f := newFixture(t)
	general := f.world.General
	f.post("/as/bob/c/"+general+"/send", url.Values{"content": {"a thought"}})
	post := f.lastMessage(general)
	page := f.chat("alice", general)
	if !strings.Contains(page, `action="/as/alice/c/`+general+`/m/`+post.ID+`/app"`) || !strings.Contains(page, `value="Quote"`) {
		t.Fatal("the message menu lacks the bot's Quote command")
	}
	f.post("/as/alice/c/"+general+"/m/"+post.ID+"/app", url.Values{"name": {"Quote"}})
	if last := f.lastMessage(general); last.Content != "quoted "+post.ID {
		t.Errorf("Quote: %q", last.Content)
	}
	_, to, _ := f.post("/as/alice/c/"+general+"/m/"+post.ID+"/thread", nil)
	threads := f.dc.Threads(general)
	if len(threads) != 1 || !strings.Contains(to, threads[0].ID) {
		t.Fatalf("thread: %v → %s", threads, to)
	}
	f.post("/as/bob/c/"+threads[0].ID+"/send", url.Values{"content": {"in the thread"}})
	if page := f.chat("alice", general); !strings.Contains(page, "a thought") || !strings.Contains(page, `href="/as/alice/c/`+threads[0].ID+`"`) {
		t.Error("the channel does not link its thread")
	}
}

func TestUnknownAndUnansweredCommands(t *testing.T) {
	f := newFixture(t)
	code, _, body := f.post("/as/alice/c/"+f.world.General+"/run", url.Values{"cmd": {"nosuch"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "There is no /nosuch command here for Alice.") {
		t.Errorf("an unknown command: %d", code)
	}
	// The bot never answers /silent: once Discord's 3 seconds have passed
	// the client says so, to the one who ran it.
	it, err := f.dc.RunCommand(fakediscord.SlashCommand{ChannelID: f.world.General, UserID: f.who("alice").UserID, Name: "silent"})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.advance(4 * time.Second)
	if page := f.chat("alice", f.world.General); !strings.Contains(page, `id="m-`+it.ID+`"`) || !strings.Contains(page, "The application did not respond to /silent.") {
		t.Error("Alice is not told that /silent got no answer")
	}
	if strings.Contains(f.chat("bob", f.world.General), "did not respond") {
		t.Error("Bob is told about Alice's command")
	}
}

// Running a command the bot never answers, the page waits as the Discord
// client does: until Discord's window has passed by the emulator's clock,
// then shows the channel, where the command did not respond.
func TestPageWaitsOutDiscordsWindowOnTheEmulatorsClock(t *testing.T) {
	f := newFixture(t)
	done := make(chan string, 1)
	go func() {
		_, to, _ := f.post("/as/alice/c/"+f.world.General+"/run", url.Values{"cmd": {"silent"}})
		done <- to
	}()
	if err := f.dc.WaitFor(t.Context(), func() bool { return len(f.dc.Interactions(f.who("alice").UserID)) == 1 }); err != nil {
		t.Fatal(err)
	}
	f.clock.advance(4 * time.Second)
	to := <-done
	it := f.dc.Interactions(f.who("alice").UserID)[0]
	if !strings.HasSuffix(to, "#m-"+it.ID) || !it.Failed {
		t.Errorf("after the window: sent to %s, interaction failed %v", to, it.Failed)
	}
}

func TestDevViewAndRequestChecks(t *testing.T) {
	f := newFixture(t)
	f.post("/as/alice/c/"+f.world.General+"/run", url.Values{"cmd": {"pick"}})
	_, body := f.get("/dev")
	if !strings.Contains(body, "None: every message the bot sent said whom it may ping.") {
		t.Error("the developer view does not report allowed_mentions")
	}
	for _, it := range f.dc.Interactions("") {
		i, _ := f.dc.Interaction(it.ID)
		if strings.Contains(body, i.Token) {
			t.Error("the developer view shows an interaction token")
		}
	}
	if !strings.Contains(body, "/interactions/") || !strings.Contains(body, "{token}") {
		t.Error("the developer view lacks the interaction callbacks")
	}

	// Another site's form cannot act in the sandbox.
	req, _ := http.NewRequest("POST", f.web.URL+"/as/alice/c/"+f.world.General+"/send", strings.NewReader("content=hi"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := f.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site post: %d", resp.StatusCode)
	}
	// Nor can a name that resolves to 127.0.0.1 (DNS rebinding).
	req, _ = http.NewRequest("GET", f.web.URL+"/", nil)
	req.Host = "attacker.example:80"
	resp, err = f.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("a foreign Host: %d", resp.StatusCode)
	}
}

func TestEventsStreamChanges(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", f.web.URL+"/as/alice/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	buf := make([]byte, 64)
	if n, _ := resp.Body.Read(buf); !strings.HasPrefix(string(buf[:n]), "retry:") {
		t.Fatalf("stream opened with %q", buf[:n])
	}
	if _, err := f.dc.PostMessage(fakediscord.UserMessage{ChannelID: f.world.General, AuthorID: f.who("bob").UserID, Content: "hi"}); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for !strings.Contains(got.String(), "event: change") {
		n, err := resp.Body.Read(buf)
		if err != nil {
			t.Fatalf("no change event: %v (got %q)", err, got.String())
		}
		got.Write(buf[:n])
	}
}

func TestOutOfBounds(t *testing.T) {
	three, one := 3, 1.0
	str := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "question", MinLength: &three, MaxLength: 10}
	num := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionInteger, Name: "last", MinValue: &one, MaxValue: 5000}
	upTo := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionInteger, Name: "count", MaxValue: 5}
	for _, c := range []struct {
		d    *discordgo.ApplicationCommandOption
		v    any
		want string
	}{
		{str, "héé", ""},
		{str, "hé", "must be 3 to 10 characters long; it has 2"},
		{str, "abcdefghijk", "must be 3 to 10 characters long; it has 11"},
		{num, int64(5000), ""},
		{num, int64(0), "must be between 1 and 5000"},
		{num, int64(5001), "must be between 1 and 5000"},
		{upTo, int64(6), "must be at most 5"},
		{upTo, int64(-6), ""},
	} {
		if got := outOfBounds(c.d, c.v); got != c.want {
			t.Errorf("%s=%v: got %q, want %q", c.d.Name, c.v, got, c.want)
		}
	}
}

func TestTypedOptionsWithSubcommands(t *testing.T) {
	str := func(name string, required bool) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name, Required: required}
	}
	cmd := &discordgo.ApplicationCommand{Name: "officehours", Options: []*discordgo.ApplicationCommandOption{
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "schedule", Options: []*discordgo.ApplicationCommandOption{
			str("condition", true), str("start", true), str("timezone", false)}},
		{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list"},
	}}
	for _, c := range []struct {
		typed string
		want  []string
	}{
		{"", []string{"cmd", "officehours"}},
		{"banana", []string{"cmd", "officehours"}},
		{"list", []string{"cmd", "officehours", "sub", "list"}},
		{"Schedule Diabetes", []string{"cmd", "officehours", "sub", "schedule", "opt.condition", "Diabetes"}},
		{"schedule Long COVID start:next tuesday 18:00 timezone:Europe/Berlin", []string{"cmd", "officehours", "sub", "schedule",
			"opt.condition", "Long COVID", "opt.start", "next tuesday 18:00", "opt.timezone", "Europe/Berlin"}},
		{"schedule start:18:00 condition:Asthma", []string{"cmd", "officehours", "sub", "schedule", "opt.condition", "Asthma", "opt.start", "18:00"}},
		// "restart:" is not "start:"
		{"schedule condition:Asthma restart:x", []string{"cmd", "officehours", "sub", "schedule", "opt.condition", "Asthma restart:x"}},
	} {
		if got := typedOptions(cmd, c.typed); !slices.Equal(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.typed, got, c.want)
		}
	}
}
