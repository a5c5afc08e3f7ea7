package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/discordadapter"
	"github.com/peerhours/peerhours/internal/fakediscord"
)

// walker is one person the access walk acts as.
type walker struct{ name, user string }

// mayUse is who each audience admits, written out here rather than asked
// of bot.Settings.Allows, so the walk checks the rule and not itself.
var mayUse = map[bot.Audience][]string{
	bot.Everyone:     {"member", "clinician", "moderator", "admin"},
	bot.Staff:        {"clinician", "moderator", "admin"},
	bot.Clinicians:   {"clinician", "moderator", "admin"},
	bot.Moderators:   {"moderator", "admin"},
	bot.ServerAdmins: {"admin"},
	bot.Verifiers:    {"moderator", "admin"},
}

// refusal reports whether a reply is the domain's refusal of an audience
// (bot.Audience.Refusal), as against any other answer.
func refusal(reply string) bool {
	for _, a := range []bot.Audience{bot.Staff, bot.Moderators, bot.ServerAdmins, bot.Verifiers} {
		if strings.Contains(reply, a.Refusal().Message) {
			return true
		}
	}
	return false
}

// answer is what the person who used an interaction sees: the reply (or
// the message a button updated), an ephemeral follow-up, or a modal.
func (h *harness) answer(i *fakediscord.Interaction) string {
	h.t.Helper()
	resp, err := i.WaitResponse(h.ctx)
	if err != nil {
		h.t.Fatalf("no response: %v\nlogs:\n%s", err, h.logs)
	}
	if resp.Type == discordgo.InteractionResponseModal {
		return "[modal] " + resp.Data.Title
	}
	var out string
	if err := h.dc.WaitFor(h.ctx, func() bool {
		if m, ok := i.Reply(); ok {
			out = text(m)
			return true
		}
		if f := i.Followups(); len(f) > 0 {
			out = text(f[0])
			return true
		}
		return false
	}); err != nil {
		h.t.Fatalf("no answer after the response: %v\nlogs:\n%s", err, h.logs)
	}
	return out
}

// optionValues fills a command's required options with values that get
// past parsing, so an admitted caller reaches the domain's work.
func (h *harness) optionValues(def *discordgo.ApplicationCommand, sub string) []fakediscord.Option {
	opts := def.Options
	if sub != "" {
		for _, o := range def.Options {
			if o.Name == sub {
				opts = o.Options
			}
		}
	}
	values := map[string]any{
		"condition": "Diabetes", "name": "Walkthrough", "time": "09:00", "start": "tomorrow 10:00",
		"id": 999999, "include": true, "question": "Can I take ibuprofen with my metformin?",
		// /clinician verify and revoke act on Alice, who is not a walker;
		// /faq save and search need an answer and a query.
		"member": h.patient, "licence": "WALK-24680", "jurisdiction": "Ontario", "expires": h.clock.Now().AddDate(1, 0, 0).Format("2006-01-02"),
		"answer": "Ask your clinician or pharmacist before combining them.", "query": "ibuprofen",
	}
	var out []fakediscord.Option
	for _, o := range opts {
		if !o.Required {
			continue
		}
		v, ok := values[o.Name]
		if !ok {
			h.t.Fatalf("/%s %s: the walk has no value for its required option %q; add one", def.Name, sub, o.Name)
		}
		out = append(out, opt(o.Name, v))
	}
	return out
}

// Issue 17, item 12: the domain owns who may do what. The dispatcher no
// longer checks the command table, so this walks every slash command and
// subcommand, message command, button and modal in discordadapter.Rules as a
// member, a clinician, a moderator and a server admin, in a server whose
// admin let everyone use /setup and see the alert and review channels (as
// a misconfigured server would), and checks that the domain refuses
// exactly those the rule leaves out and lets the others reach its work.
func TestEveryRouteRefusedByTheDomain(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.start()
	h.setup()
	_, peer, office, _ := h.createCondition("Diabetes")
	h.join(h.patient, "Diabetes")
	h.join(h.patient2, "Diabetes")
	// Taking questions takes a current verification (issue 18).
	h.verify(h.doc, "Ontario", h.clock.Now().AddDate(1, 0, 0))
	walkers := []walker{{"member", h.patient2}, {"clinician", h.doc}, {"moderator", h.mod}, {"admin", h.owner}}
	for _, w := range walkers {
		h.must(nil, h.dc.AllowCommand(h.guild, "setup", w.user))
	}
	for _, ch := range []string{h.alerts, h.review} {
		h.must(nil, h.dc.SetOverwrite(ch, discordgo.PermissionOverwrite{ID: h.guild, Type: discordgo.PermissionOverwriteTypeRole,
			Allow: discordgo.PermissionViewChannel}))
	}

	// What the buttons are on: an alert, three summary drafts (a decision
	// takes a draft's buttons away), two questions queued in an open
	// session, and a message the menu commands act on.
	h.post(peer.ID, h.patient, "My evening numbers were steady all week with the new routine.")
	target := h.post(peer.ID, h.patient, "Does anyone else get cramps at night?")
	h.post(peer.ID, h.patient, "I took 30 pills")
	for _, more := range []string{"Walking after dinner helps me.", "Same here, twenty minutes is enough.", "I should try that."} {
		h.postAndWait(peer.ID, h.patient2, more) // a draft of the same messages would be the same draft
		if got := text(h.command(h.doc, peer.ID, "summarize", "")); !strings.Contains(got, "review") {
			t.Fatalf("/summarize: %s", got)
		}
	}
	for _, q := range []string{"Should my basal dose change when I start running?", "Is a fasting 140 worth a call to the clinic?"} {
		if got := text(h.command(h.patient, h.general, "ask", "", opt("condition", "Diabetes"), opt("question", q))); !strings.Contains(got, "office-hours queue") {
			t.Fatalf("/ask: %s", got)
		}
	}
	if got := text(h.command(h.doc, h.general, "officehours", "start", opt("condition", "Diabetes"))); !strings.Contains(got, "are open") {
		t.Fatalf("/officehours start: %s", got)
	}
	if err := h.dc.WaitFor(h.ctx, func() bool { return len(h.items(office.ID)) >= 2 }); err != nil {
		var seen []string
		for _, m := range h.botMessages(office.ID) {
			seen = append(seen, text(m))
		}
		t.Fatalf("%d queue items in %q\nlogs:\n%s", len(h.items(office.ID)), seen, h.logs)
	}

	// Cards in #review: two mentor applications (Approve, Decline) and an
	// FAQ entry Dr. Lee saved (Publish, Reject), which only another
	// clinician could publish.
	h.applyMentor(h.patient, "Diabetes")
	h.applyMentor(h.patient2, "Diabetes") // Approve takes the first card's buttons away; Decline finds these
	if got := text(h.command(h.doc, h.general, "faq", "save", opt("condition", "Diabetes"), opt("question", "Can I travel with my insulin pen?"),
		opt("answer", "Yes: keep it in your hand luggage, never the hold."))); !strings.Contains(got, "Saved as FAQ entry") {
		t.Fatalf("/faq save: %s", got)
	}
	h.botMessage(h.review, func(m *discordgo.Message) bool { return strings.Contains(text(m), "waiting for a second clinician") })

	// The second question is taken before the walk, so that its post has
	// Move while the first still has Take.
	second := h.items(office.ID)[1]
	if got := text(h.click(h.doc, second, buttonID(t, second, "Take"))); !strings.Contains(got, "You took question") {
		t.Fatalf("take: %s", got)
	}

	// buttonOn finds the first public message of the bot's with a button
	// of the route.
	buttonOn := func(prefix string) (*discordgo.Message, string) {
		for _, ch := range []string{h.alerts, h.review, office.ID, peer.ID} {
			for _, m := range h.botMessages(ch) {
				for _, row := range m.Components {
					ar, ok := row.(*discordgo.ActionsRow)
					if !ok {
						continue
					}
					for _, c := range ar.Components {
						if b, ok := c.(*discordgo.Button); ok && strings.HasPrefix(b.CustomID, prefix+":") {
							return m, b.CustomID
						}
					}
				}
			}
		}
		return nil, ""
	}

	// Buttons first: an admitted /officehours end or /queue next would
	// take the queue posts' buttons away.
	rules := discordadapter.Rules()
	slices.SortStableFunc(rules, func(a, b discordadapter.Rule) int {
		switch {
		case (a.Command == nil) == (b.Command == nil):
			return 0
		case a.Command == nil:
			return -1
		}
		return 1
	})
	walked := 0
	for _, r := range rules {
		name := "component " + r.Prefix
		if r.Command != nil {
			name = strings.TrimSpace("/" + r.Command.Name + " " + r.Sub)
		}
		// use runs the route as w and returns what they see, or ok=false
		// when the route's message is gone (an admitted caller used it).
		var use func(w walker) (string, bool)
		switch {
		case r.Command != nil && r.Command.Type == discordgo.MessageApplicationCommand:
			use = func(w walker) (string, bool) {
				i, err := h.dc.RunMessageCommand(fakediscord.ContextCommand{ChannelID: peer.ID, UserID: w.user, Name: r.Command.Name, TargetID: target.ID})
				if err != nil {
					t.Fatalf("%s as %s: %v", name, w.name, err)
				}
				return h.answer(i), true
			}
		case r.Command != nil:
			if r.Audience == bot.Everyone {
				continue // nothing to refuse; each command's own tests cover who owns what
			}
			use = func(w walker) (string, bool) {
				i, err := h.dc.RunCommand(fakediscord.SlashCommand{ChannelID: h.general, UserID: w.user, Name: r.Command.Name,
					Subcommand: r.Sub, Options: h.optionValues(r.Command, r.Sub)})
				if err != nil {
					t.Fatalf("%s as %s: %v", name, w.name, err)
				}
				return h.answer(i), true
			}
		case r.Audience == bot.Everyone:
			continue // consent, withdraw, offer, privacy: the asker's own, checked by their tests
		case r.Prefix == "mentorwhy":
			// The decline reason's modal, like "sumreason" below: only an
			// admitted caller is shown it ("mentorno" checks that), and
			// the reason goes through DecideMentor, which Approve walks.
			continue
		case r.Prefix == "sumreason":
			// A modal's submit comes only from the person Discord showed
			// it to, and only an admitted caller is shown one (the
			// "sumno" step checks that); the reason goes through
			// ReviewSummary, which the Approve and Follow-up steps walk.
			continue
		default:
			post, id := buttonOn(r.Prefix)
			if post == nil {
				t.Errorf("%s: the walk made no message with its button; extend the story", name)
				continue
			}
			use = func(w walker) (string, bool) {
				cur, ok := h.dc.Message(post.ChannelID, post.ID)
				if !ok || !slices.Contains(buttonIDs(cur), id) {
					return "", false
				}
				i, err := h.dc.ClickButton(fakediscord.ComponentClick{ChannelID: post.ChannelID, MessageID: post.ID, UserID: w.user, CustomID: id})
				if err != nil {
					t.Fatalf("%s as %s: %v", name, w.name, err)
				}
				return h.answer(i), true
			}
		}
		walked++
		// The refused go first: they must change nothing, so the
		// admitted find the route as it was.
		order := slices.Clone(walkers)
		slices.SortStableFunc(order, func(a, b walker) int {
			ai, bi := slices.Contains(mayUse[r.Audience], a.name), slices.Contains(mayUse[r.Audience], b.name)
			switch {
			case ai == bi:
				return 0
			case bi:
				return -1
			}
			return 1
		})
		admitted := 0
		for _, w := range order {
			got, ok := use(w)
			if !ok {
				continue
			}
			want := !slices.Contains(mayUse[r.Audience], w.name)
			if refusal(got) != want {
				t.Errorf("%s as %s (rule %v): refused=%v, want %v:\n%s", name, w.name, r.Audience, !want, want, got)
			}
			if !want {
				admitted++
			}
		}
		if admitted == 0 {
			t.Errorf("%s: no admitted caller reached it", name)
		}
	}
	if walked < 25 {
		t.Errorf("walked %d routes; the tables have more", walked)
	}
	h.checkNoPingByAccident()
}

// buttonIDs lists the custom IDs of a message's buttons.
func buttonIDs(m *discordgo.Message) []string {
	var out []string
	for _, row := range m.Components {
		if ar, ok := row.(*discordgo.ActionsRow); ok {
			for _, c := range ar.Components {
				if b, ok := c.(*discordgo.Button); ok {
					out = append(out, b.CustomID)
				}
			}
		}
	}
	return out
}
