package triage

import "testing"

// The matcher tests need groups on a flat copy built for speed; the
// pattern's own need groups are the readable definition. Both must give the
// same answer for every candidate, or the matcher skips a pattern that
// could match (a missed emergency) or tries one that cannot.
func TestFlatNeedsAgreeWithPatternNeeds(t *testing.T) {
	n := 0
	for _, ex := range loadExamples(t, "testdata/eval.tsv") {
		norm := []byte(Normalize(ex.text))
		toks := eng.lex.annotate(norm, tokenize(norm, nil))
		var pr present
		pr.mark(toks)
		for name, m := range map[string]*matcher{"rules": eng.rulem, "masks": eng.masks, "cues": eng.cuem} {
			for _, c := range append(append([]cand(nil), m.cands...), m.byNumber...) {
				flat, readable := m.possible(c, &pr), m.patterns[c.pat].possible(&pr)
				if flat != readable {
					t.Fatalf("line %d, %s pattern %q: flat needs say %v, the pattern's say %v", ex.line, name, m.patterns[c.pat].src, flat, readable)
				}
				if flat {
					n++
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no candidate was possible in any message: the test checks nothing")
	}
}
