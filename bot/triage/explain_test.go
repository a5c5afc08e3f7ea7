package triage

import (
	"fmt"
	"strings"
)

// explain lists the rule patterns that match text, with their spans, and
// the cues of each sentence. A debugging aid for rule authors; tests use
// it to print why a message was classified as it was.
func explain(text string) string {
	norm := []byte(Normalize(text))
	toks := eng.lex.annotate(norm, tokenize(norm, nil))
	var pr present
	pr.mark(toks)
	var b strings.Builder
	for _, h := range eng.cuem.find(toks, &pr, nil) {
		p := eng.cuem.patterns[h.pat]
		fmt.Fprintf(&b, "cue %v %q [%d,%d)\n", eng.cueOf[p.owner], p.src, h.start, h.end)
	}
	for _, h := range eng.masks.find(toks, &pr, nil) {
		fmt.Fprintf(&b, "mask %q [%d,%d)\n", eng.masks.patterns[h.pat].src, h.start, h.end)
		for _, k := range eng.masks.patterns[h.pat].positions(toks, int(h.start), nil) {
			toks[k].masked = true
		}
	}
	for _, h := range eng.rulem.find(toks, &pr, nil) {
		p := eng.rulem.patterns[h.pat]
		fmt.Fprintf(&b, "rule %s %q [%d,%d)\n", eng.rules[p.owner].id, p.src, h.start, h.end)
	}
	return b.String()
}
