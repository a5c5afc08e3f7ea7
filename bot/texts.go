package bot

import (
	"embed"
	"strings"
	"text/template"
)

// The words people read live in texts/ as templates, so a reviewer can read
// and change them without reading Go.
//
//go:embed texts/*.md
var textFiles embed.FS

var texts = template.Must(template.New("").Option("missingkey=error").ParseFS(textFiles, "texts/*.md"))

// render fills in a template from texts/. The templates are part of the
// binary and tested, so a failure is a bug.
func render(name string, data any) string {
	var b strings.Builder
	if err := texts.ExecuteTemplate(&b, name, data); err != nil {
		panic("bot: template " + name + ": " + err.Error())
	}
	return strings.TrimSpace(b.String())
}
