package prompts

import (
	"embed"
	"encoding/json"
	"strings"
	"text/template"
)

//go:embed *.tmpl
var files embed.FS

var templates = template.Must(template.New("").Option("missingkey=error").ParseFS(files, "*.tmpl"))

// Canary marks the system prompts. It never belongs in a model's reply.
const Canary = "PH-PROMPT-7c41"

func render(name string, data any) string {
	var b strings.Builder
	if err := templates.ExecuteTemplate(&b, name, data); err != nil {
		// The templates are part of the binary and tested: a failure is a bug.
		panic("prompts: " + name + ": " + err.Error())
	}
	return b.String()
}

// Message is one chat message as the model sees it: already redacted, the
// author a pseudonym.
type Message struct {
	Ref    string
	Author string
	Text   string
}

// SummarySystem is the system prompt of every summary call.
func SummarySystem() string {
	return strings.TrimSpace(render("summary_system.tmpl", map[string]string{"Canary": Canary}))
}

// MessageLine renders one message as a line of the data block: the JSON
// array [ref, author, text].
func MessageLine(m Message) string {
	return jsonLine([3]string{m.Ref, m.Author, m.Text})
}

// jsonLine encodes v on one line, leaving <, > and & as they are (the HTML
// escapes would only cost tokens: a JSON string cannot hold a raw newline,
// so it cannot end a block anyway).
func jsonLine(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // strings always encode
	return strings.TrimSuffix(b.String(), "\n")
}

// SummaryMap is the user message of a call that summarises messages; lines
// come from MessageLine. language names the language the summary's text is
// written in, the conversation's ("Español (es)"); "" for English.
func SummaryMap(focus, language string, lines []string) string {
	return render("summary_map.tmpl", map[string]any{"Focus": oneLine(focus), "Language": oneLine(language), "Lines": lines})
}

// SummaryReduce is the user message of a call that merges partial
// summaries, each a compact JSON object on its own line.
func SummaryReduce(focus, language string, partials []string) string {
	return render("summary_reduce.tmpl", map[string]any{"Focus": oneLine(focus), "Language": oneLine(language), "Lines": partials})
}

// TriageSystem is the system prompt of a triage second opinion.
func TriageSystem() string {
	return strings.TrimSpace(render("triage_system.tmpl", map[string]string{"Canary": Canary}))
}

// TriageMessage is the user message of a triage second opinion.
func TriageMessage(text string) string {
	return render("triage_user.tmpl", map[string]string{"Text": jsonLine(text)})
}

// oneLine keeps a reviewer's focus on one line, so it cannot open a block
// of its own; it is JSON-quoted when it would look like a delimiter.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if strings.Contains(s, "<<<") || strings.Contains(s, ">>>") {
		b, _ := json.Marshal(s)
		return string(b)
	}
	return s
}
