package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The sandbox in a real browser: headless Chromium, driven through the
// DevTools protocol, plays the people of the demo server on the page. The
// test skips only when no Chromium is installed (CI installs Debian's
// chromium package); it waits on what the page shows, never on sleeps.
//
// SANDBOX_SCREENSHOTS=1 saves a screenshot after every step; on failure the
// page's screenshot and HTML are saved anyway. Both go to
// SANDBOX_BROWSER_ARTIFACTS, or to a temporary directory named in the log.

// chromiumPath finds a Chromium or Chrome binary.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// tab is one browser tab on the sandbox's page.
type tab struct {
	t         *testing.T
	ctx       context.Context
	base      string
	artifacts string
	shots     bool
	step      string
	n         int
	ran       []string
}

func newTab(t *testing.T, base string) *tab {
	t.Helper()
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no chromium binary on PATH (apt-get install chromium); the browser test needs one")
	}
	dir := os.Getenv("SANDBOX_BROWSER_ARTIFACTS")
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "peerhours-sandbox-browser-"); err != nil {
			t.Fatal(err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	tb := &tab{t: t, ctx: ctx, base: base, artifacts: dir, shots: os.Getenv("SANDBOX_SCREENSHOTS") != ""}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("start chromium (%s): %v", bin, err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			tb.save("failure")
			t.Logf("screenshot and HTML of the page at the failure: %s", dir)
		}
	})
	return tb
}

// save writes a screenshot and the page's HTML under a name.
func (b *tab) save(name string) {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	b.n++
	base := filepath.Join(b.artifacts, fmt.Sprintf("%02d-%s", b.n, name))
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		os.WriteFile(base+".png", png, 0o644)
	}
	if html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`)); err == nil {
		os.WriteFile(base+".html", []byte(html), 0o644)
	}
}

// stepBudget bounds one browser action or wait. Each waits for something
// the page or the bot does, so the bound only decides how long a broken
// step hangs before it fails: Chromium and the bot under -race on a busy
// 2-core machine can take many times a quiet machine's fraction of a
// second.
const stepBudget = 2 * time.Minute

// begin names the step that follows, for the log and for failures.
func (b *tab) begin(step string) {
	b.step = step
	b.ran = append(b.ran, step)
	b.t.Logf("step: %s", step)
}

// missing fails a step the bot cannot be taken through: every step here is
// part of what the sandbox must show, so none is skipped.
func (b *tab) missing(step, why string) {
	b.t.Helper()
	b.t.Errorf("cannot play %q: %s", step, why)
}

// snap saves a screenshot of the page as it is now, when asked for.
func (b *tab) snap(name string) {
	if b.shots {
		b.save(name)
	}
}

func (b *tab) done() {
	if b.shots {
		b.save(strings.NewReplacer(" ", "-", "/", "", ":", "", "'", "").Replace(b.step))
	}
}

func (b *tab) fail(format string, args ...any) {
	b.t.Helper()
	b.t.Fatalf("%s: %s", b.step, fmt.Sprintf(format, args...))
}

func (b *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepBudget)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fail("%v", err)
	}
}

// open loads a path of the page.
func (b *tab) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
}

// navigating runs an action that makes the page load anew (a link, a form)
// and waits for the load.
func (b *tab) navigating(what string, action chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepBudget)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, action)); err != nil {
		b.fail("%s: %v", what, err)
	}
}

// waitJS waits until a JavaScript expression is true on the page. The page
// updates live, so most waits are for something the bot did meanwhile.
func (b *tab) waitJS(what, expr string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepBudget)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(0))); err != nil {
		b.fail("waiting for %s: %v", what, err)
	}
}

func (b *tab) eval(expr string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepBudget)
	defer cancel()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.fail("%v", err)
	}
	return out
}

func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// findJS is an expression for the last element matching sel whose text
// contains text (the newest message's button, say).
func findJS(sel, text string) string {
	return fmt.Sprintf(`[...document.querySelectorAll(%s)].filter(e => e.textContent.includes(%s)).pop()`, js(sel), js(text))
}

// hasText waits for an element matching sel whose text contains text.
func (b *tab) hasText(sel, text string) {
	b.t.Helper()
	b.waitJS(fmt.Sprintf("%s containing %q", sel, text), "!!"+findJS(sel, text))
}

// click clicks the last element matching sel with text, which loads a page.
func (b *tab) click(sel, text string) {
	b.t.Helper()
	b.hasText(sel, text)
	b.navigating("click "+text, chromedp.Evaluate[chromedp.Void](findJS(sel, text)+".click()"))
}

// persona switches to a persona with the switcher.
func (b *tab) persona(name string) {
	b.t.Helper()
	b.click(".personas a", name)
	b.waitJS("the persona "+name, fmt.Sprintf(`document.querySelector('.personas a[aria-current="true"]').textContent.includes(%s)`, js(name)))
}

// channel opens a channel from the channel list.
func (b *tab) channel(name string) {
	b.t.Helper()
	expr := fmt.Sprintf(`[...document.querySelectorAll('#channels a')].find(a => a.querySelector('.chan-name').textContent === %s)`, js(name))
	b.waitJS("#"+name+" in the channel list", "!!"+expr)
	b.navigating("open #"+name, chromedp.Evaluate[chromedp.Void](expr+".click()"))
}

// say types a message into the message box and sends it with Enter.
func (b *tab) say(text string) {
	b.t.Helper()
	b.navigating("send a message", chromedp.SendKeys(chromedp.ID("composer-input"), text+"\r"))
}

// hasCommand reports whether the persona's client offers a command here.
func (b *tab) hasCommand(name string) bool {
	return b.eval(fmt.Sprintf(`String(!!document.querySelector('#cmd-list li[data-name=%s]'))`, js(name))) == "true"
}

// command opens a command from the message box ("/" then its name then
// Enter, as a person types it), picks a subcommand if given, fills the
// options and runs it. Options with suggestions are typed partly first and
// must offer the value.
func (b *tab) command(name, sub string, opts map[string]string, suggested ...string) {
	b.t.Helper()
	b.navigating("type /"+name, chromedp.SendKeys(chromedp.ID("composer-input"), "/"+name+"\r"))
	b.waitJS("the /"+name+" panel", fmt.Sprintf(`!!document.querySelector('#panel-title') && document.querySelector('#panel-title').textContent.startsWith(%s)`, js("/"+name)))
	if sub != "" {
		b.click("#panel .cmdlist a", "/"+name+" "+sub)
	}
	b.checkLabels()
	for _, opt := range suggested {
		want := opts[opt]
		id := "opt-" + opt
		b.do(chromedp.SendKeys(chromedp.ID(id), want[:3]))
		b.waitJS("a suggestion "+want+" for "+opt, fmt.Sprintf(`[...document.querySelectorAll('#%s-list option')].some(o => o.value === %s)`, id, js(want)))
		b.setValue(id, "")
	}
	for opt, v := range opts {
		b.setValue("opt-"+opt, v)
	}
	label := "Run /" + name
	if sub != "" {
		label += " " + sub
	}
	b.click("#panel button[type=submit]", label)
	b.waitJS("the reply to /"+name, `!document.querySelector('#panel')`)
}

// setValue sets a form control's value as typing would leave it.
func (b *tab) setValue(id, v string) {
	b.t.Helper()
	got := b.eval(fmt.Sprintf(`(() => { const e = document.getElementById(%s); if (!e) return "missing"; e.value = %s; e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); return e.value === %s ? "ok" : "refused"; })()`, js(id), js(v), js(v)))
	if got != "ok" {
		b.fail("set #%s to %q: %s", id, v, got)
	}
}

// checkLabels fails if a visible form control has no label, or an id is
// used twice (labels and aria references would point at the wrong one).
func (b *tab) checkLabels() {
	b.t.Helper()
	bad := b.eval(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
		.filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
		.map(e => e.name || e.id).join(', ')`)
	if bad != "" {
		b.fail("form controls without a label: %s", bad)
	}
	dup := b.eval(`(() => { const seen = new Set(), dup = []; document.querySelectorAll('[id]').forEach(e => { if (seen.has(e.id)) dup.push(e.id); seen.add(e.id); }); return dup.join(', '); })()`)
	if dup != "" {
		b.fail("ids used twice: %s", dup)
	}
}

// lastMessage is an expression for the newest message in the log.
const lastMessage = `[...document.querySelectorAll('#messages > .msg-item')].pop()`

func TestSandboxInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium through the whole story")
	}
	if chromiumPath() == "" {
		t.Skip("no chromium binary on PATH (apt-get install chromium); the browser test needs one")
	}
	// Every step waits for the page or the bot, and the sandbox's emulator
	// clock stands still (startTestSandbox): nothing here measures time.
	t.Parallel()
	logs := &lockedBuffer{}
	env := sandboxEnv(t)
	env["LOG_LEVEL"] = "debug"
	sb, _ := startTestSandbox(t, env, false, logs)
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		t.Logf("sandbox logs:\n%s", logs)
		// What the emulator holds, by channel: who posted, never what.
		for _, ch := range sb.dc.Channels(sb.world.GuildID) {
			var who []string
			for _, m := range sb.dc.Messages(ch.ID) {
				who = append(who, fmt.Sprintf("%s(%s,flags %d)", m.Author.Username, m.ID, m.Flags))
			}
			if len(who) > 0 {
				t.Logf("#%s: %s", ch.Name, strings.Join(who, " "))
			}
		}
	})
	b := newTab(t, sb.url)
	t.Cleanup(func() {
		t.Logf("steps that ran: %d\n  %s", len(b.ran), strings.Join(b.ran, "\n  "))
	})

	b.begin("Alice opens the page")
	b.open("/")
	b.hasText(".personas a[aria-current]", "Alice")
	b.hasText("#channel-title", "general")
	b.checkLabels()
	b.done()

	b.begin("Alice runs /join Diabetes, with suggestions, and sees the guidelines")
	b.command("join", "", map[string]string{"condition": "Diabetes"}, "condition")
	b.hasText(".msg.ephemeral .embed-title", "Community guidelines")
	b.hasText(".msg.ephemeral", "Only you can see this")
	b.done()

	b.begin("Alice accepts the guidelines and is in Diabetes")
	b.click(".msg.ephemeral button", "Accept and join Diabetes")
	b.hasText(".msg.ephemeral .content", "You're in")
	b.done()

	b.begin("Alice posts an emergency in #diabetes and sees the crisis reply")
	b.channel("diabetes")
	b.say("I have crushing chest pain and my left arm is numb")
	// The reply comes from the bot a moment later, through the live update.
	b.hasText(".msg .content", "emergency number")
	b.waitJS("the crisis reply as a reply to Alice", lastMessage+`.querySelector('.context') && `+lastMessage+`.querySelector('.context').textContent.includes('Alice')`)
	b.done()

	b.begin("Morgan sees #alerts unread and the alert in it")
	b.persona("Morgan")
	b.waitJS("#alerts marked unread", `[...document.querySelectorAll('#channels li.chan.unread .chan-name')].some(e => e.textContent === 'alerts')`)
	b.channel("alerts")
	b.hasText(".embed-title", "Possible emergency")
	b.done()

	b.begin("Morgan acknowledges the alert")
	b.click(".msg button", "Acknowledge")
	b.hasText(".embed", "Acknowledged by")
	b.waitJS("no Acknowledge button left", `!`+findJS(".msg button", "Acknowledge"))
	b.done()

	b.begin("Alice asks a clinical question and it is queued")
	b.persona("Alice")
	b.hasText("#channel-title", "diabetes")
	b.say("Should I change my insulin dose before my long run tomorrow?")
	b.hasText(".msg .content", "office-hours queue")
	b.done()
	if b.shots {
		b.channel("diabetes-office-hours")
		b.snap("alice-office-hours-closed")
		b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
		b.channel("diabetes")
		b.snap("phone-alice-diabetes")
		b.do(chromedp.EmulateViewport(1280, 900))
	}

	officeHours := b.hasCommand("officehours")
	b.persona("Dr. Lee")
	b.channel("diabetes")
	if !b.hasCommand("officehours") {
		b.missing("Dr. Lee opens office hours, takes the question and answers it", "the bot has no /officehours")
		officeHours = false
	} else {
		b.begin("Dr. Lee opens Diabetes office hours")
		b.command("officehours", "start", map[string]string{"condition": "Diabetes"}, "condition")
		b.waitJS("the reply to /officehours start", lastMessage+` && !`+lastMessage+`.querySelector('.loading, .failed')`)
		b.done()
		if !b.hasCommand("queue") {
			b.missing("Dr. Lee takes and answers the question", "the bot has no /queue")
		} else {
			b.begin("Dr. Lee takes the next question")
			b.command("queue", "next", map[string]string{"condition": "Diabetes"})
			b.hasText(".msg .embed-title", "You took question")
			b.hasText(".msg .embed-desc", "insulin dose")
			b.done()

			b.begin("Dr. Lee answers in the question's thread")
			b.waitJS("the thread link", `!!document.querySelector('.msg .embed-desc a.mention')`)
			b.navigating("open the thread", chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('.msg .embed-desc a.mention')].pop().click()`))
			b.hasText("#channel-title", "thread")
			b.say("Good question to bring here. Adjusting insulin around exercise is very individual; let's go through your plan together now.")
			b.hasText(".msg .content", "very individual")
			b.done()

			b.begin("Dr. Lee marks the question answered")
			b.channel("diabetes")
			b.click(".msg button", "Answered")
			b.hasText(".msg .content", "marked answered")
			b.done()
		}
	}

	if !b.hasCommand("summarize") {
		b.missing("/summarize puts a draft in #review; Approve and Reject work", "the bot has no /summarize")
	} else {
		b.begin("Dr. Lee runs /summarize in #diabetes")
		b.channel("diabetes")
		b.command("summarize", "", nil)
		b.hasText(".msg .content", "waiting for review")
		b.done()

		b.begin("The draft is in #review; Dr. Lee approves it")
		b.channel("review")
		b.waitJS("a summary draft", `!!`+findJS(".embed-title", "Summary draft")+` || !!`+findJS(".embed-title", "Extractive summary"))
		b.click(".msg button", "Approve")
		b.hasText(".embed", "Approved by")
		b.done()

		b.begin("A second draft is rejected with a reason, through the modal")
		b.channel("diabetes")
		b.command("summarize", "", map[string]string{"last": "2"})
		b.hasText(".msg .content", "waiting for review")
		b.channel("review")
		b.click(".msg button", "Reject")
		b.waitJS("the reason modal", `!!document.querySelector('dialog#modal[open]')`)
		b.waitJS("focus in the modal", `document.querySelector('#modal').contains(document.activeElement)`)
		b.checkLabels()
		b.snap("modal")
		b.do(chromedp.SendKeys(chromedp.ID("modal-reason"), "It misses the question about insulin timing."))
		b.click("#modal button[type=submit]", "Submit")
		b.hasText(".embed", "Rejected by")
		b.done()
	}

	b.persona("Morgan")
	b.channel("diabetes")
	if b.eval(`String(!!`+findJS(".msg .more button", "Send to office hours")+`)`) != "true" {
		b.missing("Morgan sends Bob's question to office hours from the message menu", "the bot has no message-menu commands")
	} else {
		b.begin("Morgan sends Bob's question to office hours from the message menu, by keyboard")
		bobsPost := `[...document.querySelectorAll('#messages > .msg-item')].find(li => li.querySelector('.author').textContent === 'Bob')`
		b.eval(`(` + bobsPost + `.querySelector('details.more summary').focus(), "")`)
		b.do(chromedp.KeyEvent("\r"))
		b.waitJS("the open menu", bobsPost+`.querySelector('details.more').open`)
		b.do(chromedp.KeyEvent("\t"))
		b.waitJS("focus on Send to office hours", `document.activeElement.textContent === 'Send to office hours'`)
		b.snap("message-menu")
		b.navigating("press Enter", chromedp.KeyEvent("\r"))
		b.hasText(".msg .content", "sent this question to the")
		b.done()
	}

	if officeHours {
		b.begin("Morgan opens the /officehours schedule form: every option has a labelled control")
		b.channel("general")
		b.navigating("type /officehours", chromedp.SendKeys(chromedp.ID("composer-input"), "/officehours\r"))
		b.click("#panel .cmdlist a", "/officehours schedule")
		b.checkLabels()
		b.waitJS("a member picker for clinician", `document.querySelector('#opt-clinician').tagName === 'SELECT' && [...document.querySelector('#opt-clinician').options].some(o => o.text === 'Dr. Lee')`)
		b.waitJS("choices for repeat", `document.querySelector('#opt-repeat').tagName === 'SELECT'`)
		b.done()
	}

	b.begin("The developer view reports no message sent without allowed_mentions")
	b.open("/dev")
	b.hasText("main", "None: every message the bot sent said whom it may ping")
	b.done()

	b.begin("On a phone, a channel fits the screen and links back to the channel list")
	b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	b.open("/as/alice/")
	b.waitJS("no sideways scrolling", `document.documentElement.scrollWidth <= window.innerWidth`)
	b.waitJS("the Channels link", `!!document.querySelector('.channel-head .back').offsetParent && !document.querySelector('.sidebar').offsetParent`)
	b.snap("phone-channel")
	b.navigating("open the channel list", chromedp.Evaluate[chromedp.Void](`document.querySelector('.channel-head .back').click()`))
	b.waitJS("the channel list", `!!document.querySelector('.sidebar').offsetParent`)
	b.done()
	if b.shots {
		b.channel("general")
		b.navigating("type /join", chromedp.SendKeys(chromedp.ID("composer-input"), "/join\r"))
		b.snap("phone-panel")
		b.do(chromedp.EmulateViewport(1280, 900))
		b.open("/as/morgan/")
		b.snap("desktop-morgan-general")
		if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}); err == nil {
			b.channel("alerts")
			b.snap("desktop-dark-alerts")
			b.channel("review")
			b.snap("desktop-dark-review")
		}
	}

	if unknown := sb.dc.UnknownCalls(); len(unknown) > 0 {
		t.Errorf("the bot called routes the emulator does not serve: %s", unknown[0].Path)
	}
}
