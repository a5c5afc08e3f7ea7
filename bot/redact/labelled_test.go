package redact

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
)

// minRecall is the share of identifiers of each kind that must be removed.
const minRecall = 0.98

type kindStats struct{ total, covered, typed int }

// TestLabelledRecall measures the redactor on hand-labelled patient chat: per kind, how many
// identifiers were removed completely (covered) and how many got the right placeholder
// (typed); and how much text that is not an identifier was removed (false positives).
// Run with -v to see the table and every miss.
func TestLabelledRecall(t *testing.T) {
	r := New(loadMembers(t))
	for _, file := range []string{"testdata/chat.txt", "testdata/holdout.txt"} {
		lines := loadLabelled(t, file)
		if len(lines) == 0 {
			continue
		}
		t.Run(strings.TrimSuffix(strings.TrimPrefix(file, "testdata/"), ".txt"), func(t *testing.T) {
			checkLabelled(t, r, lines, file)
		})
	}
}

func checkLabelled(t *testing.T, r *Redactor, lines []labelledLine, file string) {
	stats := map[string]*kindStats{}
	fpBytes, textBytes, fpSpans := 0, 0, 0
	var misses, fps []string
	for _, l := range lines {
		spans := r.Find(l.text)
		covered := make([]Kind, len(l.text)) // kind covering each byte, "" if none
		for _, sp := range spans {
			for i := sp.Start; i < sp.End; i++ {
				covered[i] = sp.Kind
			}
		}
		inGold := make([]bool, len(l.text))
		for _, g := range l.gold {
			if g.kind == "keep" {
				for _, sp := range spans {
					if sp.Start < g.end && g.start < sp.End {
						t.Errorf("%s:%d: medical text %q damaged: %q", file, l.lineNo, l.text[g.start:g.end], r.Redact(l.text))
					}
				}
				continue
			}
			for i := g.start; i < g.end; i++ {
				inGold[i] = true
			}
			st := stats[g.kind]
			if st == nil {
				st = &kindStats{}
				stats[g.kind] = st
			}
			st.total++
			full := true
			for i := g.start; i < g.end; i++ {
				if covered[i] == "" && !unicode.IsSpace(rune(l.text[i])) {
					full = false
				}
			}
			want := Kind(g.kind)
			if g.kind == "xname" {
				want = KindName
			}
			switch {
			case full && covered[g.start] == want:
				st.covered++
				st.typed++
			case full:
				st.covered++
				misses = append(misses, fmt.Sprintf("typed %s as %s: %q in %q", g.kind, covered[g.start], l.text[g.start:g.end], l.text))
			default:
				misses = append(misses, fmt.Sprintf("MISSED %s %q → %q", g.kind, l.text[g.start:g.end], r.Redact(l.text)))
			}
		}
		textBytes += len(l.text)
		for _, sp := range spans {
			extra := 0
			for i := sp.Start; i < sp.End; i++ {
				if !inGold[i] && !unicode.IsSpace(rune(l.text[i])) {
					extra++
				}
			}
			fpBytes += extra
			if extra == sp.End-sp.Start {
				fpSpans++
			}
			if extra > 0 {
				fps = append(fps, fmt.Sprintf("%s %q (%d extra bytes) in %q", sp.Kind, l.text[sp.Start:sp.End], extra, l.text))
			}
		}
	}
	for _, m := range misses {
		t.Log(m)
	}
	for _, f := range fps {
		t.Log("false positive:", f)
	}
	t.Logf("%-8s %6s %9s %9s", "kind", "total", "removed", "typed")
	all := kindStats{}
	for _, k := range append(append([]Kind{}, Kinds...), "xname") {
		st := stats[string(k)]
		if st == nil {
			continue
		}
		all.total += st.total
		all.covered += st.covered
		all.typed += st.typed
		rec := float64(st.covered) / float64(st.total)
		t.Logf("%-8s %6d %8.1f%% %8.1f%%", k, st.total, 100*rec, 100*float64(st.typed)/float64(st.total))
		if k != "xname" && rec < minRecall {
			t.Errorf("recall for %s is %.3f, want ≥ %.2f", k, rec, minRecall)
		}
	}
	t.Logf("%-8s %6d %8.1f%% %8.1f%%", "all", all.total, 100*float64(all.covered)/float64(all.total), 100*float64(all.typed)/float64(all.total))
	t.Logf("false positives: %d spans with no identifier in them; %d of %d bytes (%.2f%%) redacted outside marked identifiers",
		fpSpans, fpBytes, textBytes, 100*float64(fpBytes)/float64(textBytes))
}

// TestMedicalTextSurvives runs sentences with no identifiers in them. None of the marked
// medical quantities may be touched; every other change is reported as damage.
func TestMedicalTextSurvives(t *testing.T) {
	r := New(loadMembers(t))
	lines := loadLabelled(t, "testdata/medical.txt")
	changed, damaged, total := 0, 0, 0
	for _, l := range lines {
		spans := r.Find(l.text)
		total += len(l.text)
		for _, sp := range spans {
			damaged += sp.End - sp.Start
			for _, g := range l.gold {
				if g.kind == "keep" && sp.Start < g.end && g.start < sp.End {
					t.Errorf("line %d: medical quantity %q removed: %q", l.lineNo, l.text[g.start:g.end], r.Redact(l.text))
				}
			}
		}
		if len(spans) > 0 {
			changed++
			t.Logf("changed: %q → %q", l.text, r.Redact(l.text))
		}
	}
	t.Logf("medical sentences: %d of %d changed; %d of %d bytes (%.2f%%) redacted", changed, len(lines), damaged, total, 100*float64(damaged)/float64(total))
}
