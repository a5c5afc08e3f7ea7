package bot

import (
	"embed"
	"io/fs"
	"strings"
	"text/template"
)

// The words people read live in texts/ as templates, so a reviewer can read
// and change them without reading Go: texts/*.md in English, and the same
// files translated in each language's directory (texts/es/*.md), beside
// its messages.json (locale.go).
//
//go:embed texts
var textFiles embed.FS

// templates are the long texts of each language, parsed once at start.
var templates = mustTemplates(textFiles)

func mustTemplates(fsys fs.FS) map[Lang]*template.Template {
	out := map[Lang]*template.Template{
		English: template.Must(template.New("").Option("missingkey=error").ParseFS(fsys, "texts/*.md")),
	}
	for l := range catalogues {
		out[l] = template.Must(template.New("").Option("missingkey=error").ParseFS(fsys, "texts/"+string(l)+"/*.md"))
	}
	return out
}

// render fills in a template from texts/ in l (English when l has none).
// The templates are part of the binary and tested, so a failure is a bug.
func render(l Lang, name string, data any) string {
	t, ok := templates[l]
	if !ok {
		t = templates[English]
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, name, data); err != nil {
		panic("bot: template " + name + ": " + err.Error())
	}
	return strings.TrimSpace(b.String())
}
