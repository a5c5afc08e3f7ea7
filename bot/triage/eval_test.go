package triage

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// The labelled evaluation sets in testdata/ are realistic patient chat
// written for this project (see testdata/README.md). eval.tsv is the main
// set the rules were developed against; holdout.tsv was written afterwards
// and only checked, to see how the rules do on messages they were not
// tuned on.

type example struct {
	line int
	want Category
	text string
}

func loadExamples(t testing.TB, path string) []example {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []example
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cat, text, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s:%d: want category<TAB>text", path, n)
		}
		c, err := ParseCategory(cat)
		if err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, example{line: n, want: c, text: strings.ReplaceAll(text, `\n`, "\n")})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// confusion[want][got]
type confusion [4][4]int

func (m *confusion) precision(c Category) float64 {
	tp, all := m[c][c], 0
	for w := range m {
		all += m[w][c]
	}
	if all == 0 {
		return 1
	}
	return float64(tp) / float64(all)
}

func (m *confusion) recall(c Category) float64 {
	tp, all := m[c][c], 0
	for g := range m[c] {
		all += m[c][g]
	}
	if all == 0 {
		return 1
	}
	return float64(tp) / float64(all)
}

func (m *confusion) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-12s", "want\\got")
	for g := None; g <= Emergency; g++ {
		fmt.Fprintf(&b, "%10s", g)
	}
	b.WriteString("\n")
	for w := None; w <= Emergency; w++ {
		fmt.Fprintf(&b, "%-12s", w)
		for g := None; g <= Emergency; g++ {
			fmt.Fprintf(&b, "%10d", m[w][g])
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%-12s%10s%10s\n", "class", "precision", "recall")
	for c := None; c <= Emergency; c++ {
		fmt.Fprintf(&b, "%-12s%10.3f%10.3f\n", c, m.precision(c), m.recall(c))
	}
	return b.String()
}

func evaluate(t *testing.T, path string, minCount int) {
	ex := loadExamples(t, path)
	if len(ex) < minCount {
		t.Fatalf("%s has %d examples, want at least %d", path, len(ex), minCount)
	}
	var m confusion
	var wrong []string
	for _, e := range ex {
		d := Classify(e.text)
		if slices.Contains(d.Reasons, ReasonClassifierError) {
			t.Errorf("%s:%d: classifier failed on %q", path, e.line, e.text)
		}
		m[e.want][d.Category]++
		if d.Category != e.want {
			wrong = append(wrong, fmt.Sprintf("%s:%d want %s got %s %v: %q", path, e.line, e.want, d.Category, d.Reasons, e.text))
		}
	}
	t.Logf("%s: %d messages\n%s", path, len(ex), m.String())
	for _, w := range wrong {
		t.Log(w)
	}
	check := func(name string, got, min float64) {
		if got < min {
			t.Errorf("%s = %.3f, want >= %.2f", name, got, min)
		}
	}
	check("emergency recall", m.recall(Emergency), 1.0)
	check("emergency precision", m.precision(Emergency), 0.80)
	check("clinical recall", m.recall(Clinical), 0.90)
	check("peer precision", m.precision(Peer), 0.85)
}

func TestEvalMain(t *testing.T) { evaluate(t, "testdata/eval.tsv", 400) }

func TestEvalHoldout(t *testing.T) { evaluate(t, "testdata/holdout.tsv", 150) }

func TestEvalFresh(t *testing.T) { evaluate(t, "testdata/fresh.tsv", 80) }

func TestEvalProbe(t *testing.T) { evaluate(t, "testdata/probe.tsv", 70) }

func TestEvalBatch5(t *testing.T) { evaluate(t, "testdata/batch5.tsv", 70) }

func TestEvalBatch6(t *testing.T) { evaluate(t, "testdata/batch6.tsv", 60) }

func TestEvalBatch7(t *testing.T) { evaluate(t, "testdata/batch7.tsv", 30) }

func TestEvalBatch8(t *testing.T) { evaluate(t, "testdata/batch8.tsv", 35) }

func TestEvalBatch9(t *testing.T) { evaluate(t, "testdata/batch9.tsv", 50) }
