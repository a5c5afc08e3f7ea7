package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/peerhours/peerhours/bot/triage"
)

// Lang is a language peerhours writes in: "en", or the name of a directory
// of texts/ ("es"). The zero value is English.
//
// Every sentence a person reads is written in English in the code, as the
// key of its translations: lang.T("Withdraw"), lang.Sprintf("%d waiting",
// n). Each other language is a directory, texts/<lang>/, holding
// messages.json (English sentence → translation, placeholders in the same
// number and kind, reordered with %[2]s when the language needs it) and a
// translation of every long template of texts/*.md. Adding a language is
// adding such a directory: TestCatalogue fails on a sentence of the code
// missing from it, one left in English, a placeholder that does not match,
// or a translation nobody uses any more.
type Lang string

// English is the language of the code and the fallback of every other.
const English Lang = "en"

// catalogues are the translations read from texts/: language → English
// sentence → translation. Filled once at start from embedded files and
// only read after.
var catalogues = mustCatalogues(textFiles)

func mustCatalogues(fsys fs.FS) map[Lang]map[string]string {
	out := map[Lang]map[string]string{}
	entries, err := fs.ReadDir(fsys, "texts")
	if err != nil {
		panic("bot: texts: " + err.Error())
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join("texts", e.Name(), "messages.json"))
		if err != nil {
			panic("bot: texts: " + err.Error())
		}
		cat := map[string]string{}
		if err := json.Unmarshal(b, &cat); err != nil {
			panic("bot: texts/" + e.Name() + "/messages.json: " + err.Error())
		}
		out[Lang(e.Name())] = cat
	}
	return out
}

// Langs are the languages peerhours writes in, English first.
func Langs() []Lang {
	out := []Lang{English}
	for l := range catalogues {
		out = append(out, l)
	}
	slices.Sort(out[1:])
	return out
}

// LangOf is the language for a Discord locale ("es-ES", "es-419", "en-US")
// or a language code ("es"): the language of that exact name, else of its
// first part, else English.
func LangOf(locale string) Lang {
	locale = strings.ToLower(strings.TrimSpace(locale))
	if _, ok := catalogues[Lang(locale)]; ok {
		return Lang(locale)
	}
	base, _, _ := strings.Cut(locale, "-")
	if _, ok := catalogues[Lang(base)]; ok {
		return Lang(base)
	}
	return English
}

// Code is the language's code, "en" for the zero value.
func (l Lang) Code() string {
	if l == "" {
		return string(English)
	}
	return string(l)
}

// Name is the language's name in itself, for /setup and the review post.
func (l Lang) Name() string {
	if l.Code() == string(English) {
		return "English"
	}
	return l.T("English")
}

// T is the English sentence s in l, s itself when l has no translation
// for it (English, or a sentence that is not in the catalogue, such as a
// condition's name passed as an argument).
func (l Lang) T(s string) string {
	if t, ok := catalogues[l][s]; ok {
		return t
	}
	return s
}

// Sprintf formats args with the translation of format. Arguments of type
// Msg are translated too; plain strings never are, since they may be what
// people wrote (a condition's name, a clinician's answer).
func (l Lang) Sprintf(format string, args ...any) string {
	return fmt.Sprintf(l.T(format), l.args(args)...)
}

func (l Lang) args(args []any) []any {
	if _, ok := catalogues[l]; !ok || len(args) == 0 {
		return args
	}
	out := make([]any, len(args))
	for i, a := range args {
		if m, ok := a.(Msg); ok {
			a = m.In(l)
		}
		out[i] = a
	}
	return out
}

// Msg is an English sentence of the catalogue held as a value (a table's
// entry, an argument of Errorf or Sprintf), to be written in a language
// where it is used.
type Msg string

// N marks an English sentence translated later, where it is used;
// TestCatalogue finds it by the call.
func N(s string) Msg { return Msg(s) }

// In is the sentence in l.
func (m Msg) In(l Lang) string { return l.T(string(m)) }

// Plural is the count with the words that agree with it, in l:
// Plural(l, 1, "question is", "questions are") is "1 question is", "1
// pregunta está" in Spanish. Both forms are sentences of the catalogue.
func (l Lang) Plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, l.T(one))
	}
	return fmt.Sprintf("%d %s", n, l.T(many))
}

// Pick is one when n is 1 and many otherwise, translated, for the words
// later in a sentence that refer back to a count.
func (l Lang) Pick(n int, one, many string) string {
	if n == 1 {
		return l.T(one)
	}
	return l.T(many)
}

// LangFor is the language to answer a person's message in, where others
// read the answer too (a crisis reply, a receipt): the language it is
// written in when peerhours writes that one, else the server's.
func (s Settings) LangFor(text string) Lang {
	if l, ok := writtenIn(text); ok {
		return l
	}
	return s.Lang()
}

// writtenIn is the language a text is written in, when triage can tell and
// peerhours writes that language.
func writtenIn(text string) (Lang, bool) {
	code := triage.Language(text)
	if code == "" {
		return "", false
	}
	l := LangOf(code)
	return l, l.Code() == code
}

// writtenInCode is writtenIn's language code, "" when not known, for a job
// that answers the text later.
func writtenInCode(text string) string {
	if l, ok := writtenIn(text); ok {
		return l.Code()
	}
	return ""
}

// lang is the language of a server's public posts; English when its
// settings cannot be read (a post in English beats no post).
func (s *Service) lang(ctx context.Context, guildID string) Lang {
	settings, err := s.store.GuildSettings(ctx, guildID)
	if err != nil {
		return English
	}
	return settings.Lang()
}

// langFor is Settings.LangFor for a server.
func (s *Service) langFor(ctx context.Context, guildID, text string) Lang {
	if l, ok := writtenIn(text); ok {
		return l
	}
	return s.lang(ctx, guildID)
}
