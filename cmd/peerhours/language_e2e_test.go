package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// threadWelcome waits for the bot's first post in the peer thread on a
// question.
func (h *harness) threadWelcome(channelID, questionID string) *discordgo.Message {
	h.t.Helper()
	if err := h.dc.WaitFor(h.ctx, func() bool {
		for _, th := range h.dc.Threads(channelID) {
			if th.ID == questionID {
				return true
			}
		}
		return false
	}); err != nil {
		h.t.Fatalf("no thread on %s: %v\nlogs:\n%s", questionID, err, h.logs)
	}
	return h.botMessage(questionID, func(m *discordgo.Message) bool { return strings.Contains(text(m), "[") })
}

// TestSpanishEndToEnd: a patient whose Discord is in Spanish, in an
// English-speaking server set to Mexico, gets everything addressed to them
// in Spanish, with Mexico's numbers; the server's public posts stay in
// English until /setup language:es.
func TestSpanishEndToEnd(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.start()
	h.setup()
	h.command(h.owner, h.general, "setup", "", opt("country", "MX"))
	_, peer, _, _ := h.createCondition("Diabetes")
	h.join(h.patient2, "Diabetes")
	if err := h.dc.SetUserLocale(h.patient, "es-419"); err != nil {
		t.Fatal(err)
	}

	// The guidelines and the join, in the patient's language, with
	// Mexico's numbers.
	prompt := h.command(h.patient, h.general, "join", "", opt("condition", "Diabetes"))
	if got := text(prompt); !strings.Contains(got, "Antes de unirte a Diabetes") || !strings.Contains(got, "800 911 2000") ||
		!strings.Contains(got, "Llama al 911 ahora.") || !strings.Contains(got, "[Aceptar y unirme a Diabetes]") {
		t.Fatalf("guidelines for a Spanish client:\n%s", got)
	}
	joined := h.click(h.patient, prompt, buttonID(t, prompt, "Aceptar"))
	if got := text(joined); !strings.Contains(got, "Ya estás en **Diabetes**") {
		t.Fatalf("after accepting: %s", got)
	}

	// An emergency written in Spanish: the crisis reply in Spanish, with
	// the configured country's numbers (Mexico), never the defaults.
	emergency := h.post(peer.ID, h.patient, "Ya no quiero vivir, voy a tomar todas mis pastillas")
	crisis := h.botMessage(peer.ID, replyTo(emergency.ID))
	for _, want := range []string{"Siento mucho", "800 911 2000", "Llama al 911 ahora.", "Ya avisamos a un moderador", "Mensaje automático"} {
		if !strings.Contains(crisis.Content, want) {
			t.Errorf("Spanish crisis reply lacks %q:\n%s", want, crisis.Content)
		}
	}
	if strings.Contains(crisis.Content, "988") || strings.Contains(crisis.Content, "I'm really sorry") {
		t.Errorf("Spanish crisis reply has English or US text:\n%s", crisis.Content)
	}
	// The alert is the server's, in the server's language.
	alert := h.botMessage(h.alerts, func(m *discordgo.Message) bool { return len(m.Embeds) > 0 })
	if got := text(alert); !strings.Contains(got, "Possible emergency") || !strings.Contains(got, "[Acknowledge]") {
		t.Errorf("alert in an English server:\n%s", got)
	}

	// A clinical question: /ask answers privately in the client's
	// language; one written in the channel is answered in its own.
	asked := h.command(h.patient, peer.ID, "ask", "", opt("condition", "Diabetes"),
		opt("question", "¿Cuánta insulina debo inyectarme antes de hacer ejercicio?"))
	if got := text(asked); !strings.Contains(got, "Tu pregunta está en la cola de la consulta de **Diabetes**") ||
		!strings.Contains(got, "[Retirar]") {
		t.Errorf("/ask receipt for a Spanish client:\n%s", got)
	}
	clinical := h.post(peer.ID, h.patient, "¿Qué dosis de insulina debo ponerme antes de correr?")
	receipt := h.botMessage(peer.ID, replyTo(clinical.ID))
	if got := text(receipt); !strings.Contains(got, "Tu pregunta está en la cola") || !strings.Contains(got, "Todavía no hay ninguna sesión programada") {
		t.Errorf("receipt of a Spanish question:\n%s", got)
	}

	// Public posts follow the server: English, then Spanish once a
	// server admin runs /setup language:es.
	before := h.post(peer.ID, h.patient2, "how do you all deal with needle fatigue?")
	if got := text(h.threadWelcome(peer.ID, before.ID)); !strings.Contains(got, "A member asked something") {
		t.Errorf("peer thread welcome in an English server:\n%s", got)
	}
	saved := text(h.command(h.owner, h.general, "setup", "", opt("language", "es")))
	if !strings.Contains(saved, "Language of public posts: Español") {
		t.Errorf("/setup language:es (shown to an English client):\n%s", saved)
	}
	after := h.post(peer.ID, h.patient2, "any tips for remembering to check glucose at night?")
	if got := text(h.threadWelcome(peer.ID, after.ID)); !strings.Contains(got, "Un miembro preguntó algo") ||
		!strings.Contains(got, "[Resuelto: cerrar este hilo]") {
		t.Errorf("peer thread welcome after /setup language:es:\n%s", got)
	}
	// A question written in English is still answered in English.
	queued := h.post(peer.ID, h.patient2, "how much insulin should I take before running?")
	english := h.botMessage(peer.ID, replyTo(queued.ID))
	if !strings.Contains(english.Content, "Your question is in the **Diabetes** office-hours queue") {
		t.Errorf("an English question in a Spanish server is answered in English:\n%s", english.Content)
	}

	// Following Discord again: the server's own preferred locale, which
	// the gateway reports when an admin changes it.
	h.command(h.owner, h.general, "setup", "", opt("language", "discord"))
	if err := h.dc.SetGuildLocale(h.guild, "es-ES"); err != nil {
		t.Fatal(err)
	}
	db := h.rawDB()
	if err := waitUntil(h.ctx, func() bool {
		var locale string
		err := db.QueryRow(`SELECT discord_locale FROM guild_settings WHERE guild_id = ?`, h.guild).Scan(&locale)
		return err == nil && locale == "es-ES"
	}); err != nil {
		t.Fatalf("the server's new locale was not recorded: %v", err)
	}
	if got := text(h.command(h.owner, h.general, "setup", "")); !strings.Contains(got, "Language of public posts: Español (the server's language on Discord)") {
		t.Errorf("/setup after the server's locale changed:\n%s", got)
	}
	h.checkNoPingByAccident()
}

// TestSpanishStaffScreens: a moderator whose Discord is in Spanish, in an
// English-speaking server, reads the staff screens in Spanish: /stats,
// /condition list, /officehours list and cancel, /audit and /clinician
// list, with no English sentence left in them.
func TestSpanishStaffScreens(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.start()
	h.setup()
	h.createCondition("Diabetes")
	h.createCondition("Asthma")
	if err := h.dc.SetUserLocale(h.mod, "es-419"); err != nil {
		t.Fatal(err)
	}
	screen := func(what string, got string, want []string, english ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", what, w, got)
			}
		}
		for _, e := range english {
			if strings.Contains(got, e) {
				t.Errorf("%s has English %q:\n%s", what, e, got)
			}
		}
	}

	screen("/stats", text(h.command(h.mod, h.general, "stats", "")),
		[]string{"📊 Todos los grupos por condición — los últimos 30 días", "Preguntas recibidas: 0", "Con respuesta: 0 de 0",
			"Tiempo hasta la respuesta de un profesional: —", "Sesiones: 0 realizadas · 0 sin profesional",
			"Aplazadas: 0 a una sesión posterior", "Útil: todavía sin respuestas", "Emergencias: 0"},
		"Questions asked", "Answered", "no answers yet", "the last 30 days", " to <t:")

	h.command(h.mod, h.general, "condition", "archive", opt("condition", "Asthma"))
	screen("/condition list", text(h.command(h.mod, h.general, "condition", "list")),
		[]string{"Grupos por condición", "**Diabetes** — <#", "🗄️ **Asthma** — archivado (solo lectura)"},
		"Condition groups", "archived")

	h.command(h.mod, h.general, "officehours", "schedule", opt("condition", "Diabetes"),
		opt("start", time.Now().AddDate(0, 0, 3).Format("2006-01-02")+" 18:00"), opt("repeat", "weekly"))
	list := text(h.command(h.mod, h.general, "officehours", "list"))
	screen("/officehours list", list, []string{"Próximas consultas", "**Diabetes** — <t:", ", cada semana"}, "Upcoming", "every week")
	id := regexp.MustCompile("`(\\d+)` \\*\\*Diabetes\\*\\*").FindStringSubmatch(list)
	if id == nil {
		t.Fatalf("no session ID in /officehours list:\n%s", list)
	}
	n, _ := strconv.Atoi(id[1])
	screen("/officehours cancel", text(h.command(h.mod, h.general, "officehours", "cancel", opt("id", n))),
		[]string{"Se canceló la sesión de Diabetes del <t:", "y su evento de Discord."}, "Cancelled")

	screen("/audit recent", text(h.command(h.mod, h.general, "audit", "recent")),
		[]string{"Registro de auditoría", "**stats.viewed**"}, "Audit log", "No entries")
	screen("/clinician list", text(h.command(h.mod, h.general, "clinician", "list")),
		[]string{"Profesionales verificados", "Todavía no hay nadie verificado."}, "Verified clinicians", "Nobody")

	// An English moderator still reads English.
	screen("/condition list in English", text(h.command(h.owner, h.general, "condition", "list")),
		[]string{"Condition groups", "🗄️ **Asthma** — archived (read-only)"})
	h.checkNoPingByAccident()
}
