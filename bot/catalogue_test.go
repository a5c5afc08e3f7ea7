package bot

import (
	"encoding/json"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"
	"unicode"

	"github.com/peerhours/peerhours/bot/triage"
)

// The packages whose sentences people read; their English sentences are
// the catalogue's keys.
var catalogueDirs = []string{".", "../discordadapter", "../sandbox", "../charts"}

var writeMissing = flag.Bool("catalogue.missing", false, "write the sentences missing from each language to testdata/missing-<lang>.json")

// sameInEveryLanguage are sentences whose translation is rightly the
// English text: names, codes and bare markup.
var sameInEveryLanguage = map[string]bool{
	"FAQ": true, "%s": true, "%d": true, "OK": true, "%s (%s)": true, "%s: %s": true, "%s — %s": true,
	"<@%s>": true, "<#%s>": true, "`%s`": true,
	"Argentina": true, "Colombia": true, "Australia": true, // countries' names
}

// catalogueKeys finds every English sentence of the code: the literal
// arguments of Lang.T, Sprintf, Plural and Pick, of Errorf and N, and the
// Message of Error literals; with the sentences tables hold (the crisis
// lines, the triage categories), which are translated where they are used.
func catalogueKeys(t *testing.T) map[string]string {
	t.Helper()
	keys := map[string]string{} // sentence → where it was first found
	add := func(s, where string) {
		if !hasWords(s) {
			return // markup and placeholders only: the same in every language
		}
		if _, ok := keys[s]; !ok {
			keys[s] = where
		}
	}
	for _, dir := range catalogueDirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			lit := func(e ast.Expr) {
				if s, ok := constString(e); ok {
					add(s, fset.Position(e.Pos()).String())
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					name, recv := callName(n.Fun)
					switch {
					case recv == "fmt" || recv == "strings" || recv == "errors":
					case (name == "T" || name == "Sprintf" || name == "N") && len(n.Args) > 0:
						lit(n.Args[0])
					case (name == "Plural" || name == "Pick") && len(n.Args) == 3:
						lit(n.Args[1])
						lit(n.Args[2])
					case name == "Errorf" && len(n.Args) > 1:
						lit(n.Args[1])
					case (name == "refusal" || name == "eventRefusal") && len(n.Args) > 1:
						lit(n.Args[1]) // what Discord refused, an argument of its message
						if name == "refusal" && len(n.Args) > 2 {
							lit(n.Args[2]) // the permission it needs, by Discord's name for it
						}
					}
				case *ast.CompositeLit:
					if name, _ := callName(n.Type); name == "Error" {
						for _, el := range n.Elts {
							if kv, ok := el.(*ast.KeyValueExpr); ok {
								if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Message" {
									lit(kv.Value)
								}
							}
						}
					}
				}
				return true
			})
		}
	}
	for _, c := range countries {
		add(c.Name, "countries")
		add(c.Emergency, "countries")
		for _, line := range c.Crisis {
			add(line, "countries")
		}
	}
	for _, st := range []QuestionStatus{QuestionQueued, QuestionTaken, QuestionAnswered, QuestionWithdrawn, QuestionRemoved} {
		add(string(st), "question states")
	}
	for _, p := range []string{partRole, partMentorRole, partCategory, partPeer, partOffice} {
		add(p, "parts of a condition")
	}
	add(DefaultEmergencyNumber, "DefaultEmergencyNumber")
	add(DefaultCrisisLines, "DefaultCrisisLines")
	for _, c := range []triage.Category{triage.None, triage.Peer, triage.Clinical, triage.Emergency} {
		add(c.String(), "triage categories")
	}
	return keys
}

// hasWords reports whether s has a letter outside its placeholders and
// Discord's markup (<t:%d:F>, <@%s>, <#%s>).
func hasWords(s string) bool {
	return strings.ContainsFunc(markup.ReplaceAllString(verb.ReplaceAllString(s, ""), ""), unicode.IsLetter)
}

var markup = regexp.MustCompile(`<(t:|@&?|#)[^>]*>`)

// callName is the name of a called function or a type, and the package or
// value it is selected from ("" when none).
func callName(e ast.Expr) (name, recv string) {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name, ""
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			return e.Sel.Name, id.Name
		}
		return e.Sel.Name, "?"
	}
	return "", ""
}

// constString is the value of a string literal, or of literals joined by +.
func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := constString(e.X)
		b, ok2 := constString(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return constString(e.X)
	}
	return "", false
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// placeholders are a format's verbs by the argument they print: "%[2]s
// %d" is {2: "s", 3: "d"}. %% is not an argument.
func placeholders(format string) map[int]string {
	out := map[int]string{}
	next := 1
	for _, v := range verb.FindAllStringSubmatch(format, -1) {
		if strings.HasSuffix(v[0], "%") {
			continue
		}
		if v[1] != "" {
			next, _ = strconv.Atoi(strings.Trim(v[1], "[]"))
		}
		out[next] = v[0][len(v[0])-1:]
		next++
	}
	return out
}

func TestCatalogue(t *testing.T) {
	keys := catalogueKeys(t)
	if len(keys) < 100 {
		t.Fatalf("found %d sentences in the code: the finder is broken", len(keys))
	}
	for _, l := range Langs()[1:] {
		cat := catalogues[l]
		var missing []string
		for k, where := range keys {
			tr, ok := cat[k]
			switch {
			case !ok:
				missing = append(missing, k)
				t.Errorf("%s: missing %q (%s)", l, k, where)
			case tr == k && !sameInEveryLanguage[k]:
				t.Errorf("%s: %q is left in English", l, k)
			case tr == "":
				t.Errorf("%s: %q has an empty translation", l, k)
			}
			if ok && !mapsEqual(placeholders(k), placeholders(tr)) {
				t.Errorf("%s: placeholders differ:\n%q %v\n%q %v", l, k, placeholders(k), tr, placeholders(tr))
			}
			if ok && strings.Count(k, "`") != strings.Count(tr, "`") {
				t.Errorf("%s: %q: the translation has other `code` (commands and options keep their English names)", l, k)
			}
		}
		for k := range cat {
			if _, ok := keys[k]; !ok {
				t.Errorf("%s: %q is translated but no code uses it", l, k)
			}
		}
		if *writeMissing && len(missing) > 0 {
			slices.Sort(missing)
			m := map[string]string{}
			for _, k := range missing {
				m[k] = ""
			}
			b, _ := json.MarshalIndent(m, "", "  ")
			if err := os.WriteFile(filepath.Join("testdata", "missing-"+string(l)+".json"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func mapsEqual(a, b map[int]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestCatalogueTemplates renders every long text in every language and
// checks that each language has each text, with the same fields.
func TestCatalogueTemplates(t *testing.T) {
	english, err := fs.Glob(textFiles, "texts/*.md")
	if err != nil || len(english) == 0 {
		t.Fatal(english, err)
	}
	data := map[string]any{
		"Condition": "Diabetes", "Emergency": "E", "CrisisLines": "C", "RetentionDays": 30, "Version": 1,
		"EmergencyNumber": "E", "Alerted": true, "Named": true, "Already": true,
	}
	for _, l := range Langs() {
		for _, name := range english {
			base := filepath.Base(name)
			if l != English {
				if got, want := templateFields(t, l, base), templateFields(t, English, base); !slices.Equal(got, want) {
					t.Errorf("%s/%s uses %v, English %v", l, base, got, want)
				}
			}
			if text := render(l, base, data); strings.TrimSpace(text) == "" {
				t.Errorf("%s/%s renders empty", l, base)
			}
		}
	}
}

// templateFields are the fields a text uses, sorted.
func templateFields(t *testing.T, l Lang, name string) []string {
	t.Helper()
	tmpl := templates[l].Lookup(name)
	if tmpl == nil {
		t.Errorf("%s has no %s", l, name)
		return nil
	}
	var out []string
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					for _, a := range c.Args {
						walk(a)
					}
				}
			}
		case *parse.FieldNode:
			out = append(out, strings.Join(n.Ident, "."))
		}
	}
	walk(tmpl.Root)
	slices.Sort(out)
	return slices.Compact(out)
}

// TestLangOf maps Discord's locales to the languages peerhours writes.
func TestLangOf(t *testing.T) {
	for _, c := range []struct {
		locale string
		want   Lang
	}{
		{"es-ES", "es"}, {"es-419", "es"}, {"ES", "es"}, {"es", "es"},
		{"en-US", English}, {"en-GB", English}, {"pt-BR", English}, {"", English}, {"xx", English},
	} {
		if got := LangOf(c.locale); got != c.want {
			t.Errorf("LangOf(%q) = %q, want %q", c.locale, got, c.want)
		}
	}
}

// untranslatedFile lists the sentences people read that do not go through
// the catalogue yet, one quoted Go string a line after the file's name:
// TestNoNewUntranslated fails on one not listed (translate it, or list it
// with a reason) and on a listed one that is gone (take it off the list).
const untranslatedFile = "testdata/untranslated.txt"

var writeUntranslated = flag.Bool("catalogue.untranslated", false, "rewrite "+untranslatedFile)

// notForPeople are calls whose string arguments nobody reads in Discord:
// logs, errors for logs, and the command table (translated in
// discordadapter/locales); and the catalogue's own calls, whose sentences
// TestCatalogue checks.
var notForPeople = map[string]bool{
	"Msg": true, "Msgf": true, "Str": true, "Warn": true, "Info": true, "Error": true, "Debug": true, "Err": true,
	"Errorf": true, "New": true, "Dur": true, "Int": true, "Int64": true, "Bool": true, "Any": true,
	"T": true, "Sprintf": true, "Plural": true, "Pick": true, "N": true,
	"ApplicationCommand": true, "ApplicationCommandOption": true, "ApplicationCommandOptionChoice": true,
	"conditionOption": true, "MustCompile": true, "refusal": true, "eventRefusal": true, "HandleFunc": true, "Handle": true, "Contains": true, "HasPrefix": true, "Fields": true,
	"panic": true, "wordSet": true, // a bug's report for the operator; word lists the code matches
}

// englishDirective marks Go source whose words are rightly English, with
// the reason after it: text for the operator (logs, the command line),
// word lists the code matches, names Discord must find again, the
// sandbox page's own chrome. In a file's doc comment it covers the file,
// in a declaration's doc comment the declaration, and on a literal's line
// or the line before it that literal.
const englishDirective = "//i18n:english"

// sentence reports whether a literal reads as words for a person: two
// words of two letters or more, placeholders and Discord's markup aside.
func sentence(s string) bool {
	words := 0
	for _, w := range strings.Fields(markup.ReplaceAllString(verb.ReplaceAllString(s, ""), "")) {
		letters := 0
		for _, r := range w {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				letters++
			}
		}
		if letters >= 2 {
			words++
		}
	}
	return words >= 2
}

// englishLines are the lines of f a directive comment is on, and whether
// the whole file is English.
func englishLines(fset *token.FileSet, f *ast.File) (map[int]bool, bool) {
	lines := map[int]bool{}
	for _, g := range f.Comments {
		for _, c := range g.List {
			if strings.HasPrefix(c.Text, englishDirective) {
				lines[fset.Position(c.Pos()).Line] = true
			}
		}
	}
	return lines, f.Doc != nil && hasDirective(f.Doc)
}

func hasDirective(g *ast.CommentGroup) bool {
	for _, c := range g.List {
		if strings.HasPrefix(c.Text, englishDirective) {
			return true
		}
	}
	return false
}

func untranslated(t *testing.T) []string {
	t.Helper()
	keys := catalogueKeys(t) // translated where they are used (tables)
	var out []string
	for _, dir := range catalogueDirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution|parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			english, wholeFile := englishLines(fset, f)
			if wholeFile {
				continue
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.GenDecl:
					return n.Tok != token.IMPORT && (n.Doc == nil || !hasDirective(n.Doc))
				case *ast.FuncDecl:
					return n.Doc == nil || !hasDirective(n.Doc)
				case *ast.Field:
					return false // struct tags
				case *ast.CallExpr:
					// fmt.Sprintf's words are nobody's translation; a Lang's
					// Sprintf is the catalogue's.
					name, recv := callName(n.Fun)
					if recv == "fmt" && name != "Sprintf" && name != "Fprintf" || recv != "fmt" && notForPeople[name] {
						return false
					}
				case *ast.CompositeLit:
					if name, _ := callName(n.Type); notForPeople[name] {
						return false
					}
					if u, ok := n.Type.(*ast.UnaryExpr); ok {
						if name, _ := callName(u.X); notForPeople[name] {
							return false
						}
					}
				case *ast.BasicLit:
					line := fset.Position(n.Pos()).Line
					s, err := strconv.Unquote(n.Value)
					if err != nil || n.Kind != token.STRING || !sentence(s) || english[line] || english[line-1] {
						return true
					}
					if _, ok := keys[s]; !ok {
						out = append(out, strings.TrimPrefix(filepath.ToSlash(filepath.Join("bot", name)), "bot/../")+" "+strconv.Quote(s))
					}
				}
				return true
			})
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestNoNewUntranslated(t *testing.T) {
	got := untranslated(t)
	b, err := os.ReadFile(untranslatedFile)
	if err != nil && !*writeUntranslated {
		t.Fatal(err)
	}
	if *writeUntranslated {
		// The comment lines at the top stay.
		var head []string
		for _, line := range strings.Split(string(b), "\n") {
			if !strings.HasPrefix(line, "#") {
				break
			}
			head = append(head, line)
		}
		if err := os.WriteFile(untranslatedFile, []byte(strings.Join(append(head, got...), "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	var listed []string
	for _, line := range strings.Split(string(b), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			listed = append(listed, line)
		}
	}
	for _, s := range got {
		if !slices.Contains(listed, s) {
			t.Errorf("not in the catalogue: %s", s)
		}
	}
	for _, s := range listed {
		if !slices.Contains(got, s) {
			t.Errorf("listed in %s but gone: %s", untranslatedFile, s)
		}
	}
}

// Sprintf translates its Msg arguments, never plain strings: those may be
// what people wrote, and a clinician's answer "Yes" stays "Yes".
func TestSprintfTranslatesOnlyMsg(t *testing.T) {
	es := LangOf("es-ES")
	if got := es.Sprintf("You are not in %s.", "Yes"); got != "No estás en Yes." {
		t.Errorf("a plain string argument was translated: %q", got)
	}
	if got := es.Sprintf("You are not in %s.", N("Yes")); got != "No estás en Sí." {
		t.Errorf("a Msg argument was not translated: %q", got)
	}
	if got := English.Sprintf("You are not in %s.", N("Yes")); got != "You are not in Yes." {
		t.Errorf("English: %q", got)
	}
}
