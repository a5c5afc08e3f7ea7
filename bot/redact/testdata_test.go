package redact

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// goldSpan is one marked span of a labelled line.
type goldSpan struct {
	start, end int
	kind       string // a Kind, "keep" (must survive) or "xname" (uncued third-party name)
}

type labelledLine struct {
	lineNo int
	text   string
	gold   []goldSpan
}

// loadLabelled reads a file of messages marked up with ⟦kind|text⟧.
func loadLabelled(t testing.TB, path string) []labelledLine {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) && strings.Contains(path, "holdout") {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelledLine
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.ReplaceAll(line, `\n`, "\n")
		var b strings.Builder
		var gold []goldSpan
		for {
			i := strings.Index(line, "⟦")
			if i < 0 {
				b.WriteString(line)
				break
			}
			b.WriteString(line[:i])
			line = line[i+len("⟦"):]
			bar := strings.IndexByte(line, '|')
			end := strings.Index(line, "⟧")
			if bar < 0 || end < bar {
				t.Fatalf("%s:%d: bad mark-up", path, n)
			}
			kind, text := line[:bar], line[bar+1:end]
			gold = append(gold, goldSpan{start: b.Len(), end: b.Len() + len(text), kind: kind})
			b.WriteString(text)
			line = line[end+len("⟧"):]
		}
		out = append(out, labelledLine{lineNo: n, text: b.String(), gold: gold})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// loadMembers reads testdata/members.tsv.
func loadMembers(t testing.TB) []Member {
	t.Helper()
	data, err := os.ReadFile("testdata/members.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var ms []Member
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		for i := range f {
			if f[i] == "-" {
				f[i] = ""
			}
		}
		for len(f) < 4 {
			f = append(f, "")
		}
		ms = append(ms, Member{ID: f[0], Username: f[1], GlobalName: f[2], Nick: f[3]})
	}
	return ms
}
