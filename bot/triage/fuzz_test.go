package triage

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// FuzzClassify checks the classifier's contract on arbitrary input: it never
// panics, always returns a valid category, is deterministic, returns reasons
// exactly when the category is not none (sorted, unique, each one a known
// rule ID of that category), and Normalize returns valid UTF-8.
// (Normalize is idempotent on ordinary text, see TestNormalizeIdempotent,
// but not on every adversarial mix: leetspeak can create new one-letter
// words that a second pass would join. Classify normalises once.)
func FuzzClassify(f *testing.F) {
	for _, s := range []string{
		"", " ", "\n\n", "I took 30 pills", "how do you all deal with needle fatigue?",
		"💊💊💊 took all", "ѕuісіdе", "s u i c i d e", "k.i.l.l m.y.s.e.l.f", "su1c1de",
		"me tomé todas las pastillas", "bg 2,2 y confundida", "#####", "1,000,000.5",
		"a\u200bb\u202ec", "\xff\xfe", "not not not not want to die", "?!?!", "$$$ @@@ |||",
		"0verdose 5mg 4am b12 a1c", "~~ __ ** --", "⚰️🪦🔪🩸😵💊", "sugar 38!!!",
		"I'm not suicidal, just tired", "my doctor said chest pain is common after the stent",
		"i want to kiӏӏ myself", "thinking about suӏcӏde", "ki11 su|c|de kiIl ǫ", "s  u  i  c  i  d  e",
		"k i l l m y s e l f", "k i 1 1 m y s 3 l f. m e q u i e r o m o r i r",
	} {
		f.Add(s)
	}
	known := map[string]bool{}
	for _, id := range RuleIDs() {
		known[id] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := Classify(s)
		if slices.Contains(d.Reasons, ReasonClassifierError) {
			t.Fatalf("classifier failed (panicked) on %q", s)
		}
		if !d.Category.Valid() {
			t.Fatalf("invalid category %d for %q", d.Category, s)
		}
		if (len(d.Reasons) == 0) != (d.Category == None) {
			t.Fatalf("category %s with reasons %v for %q", d.Category, d.Reasons, s)
		}
		if d.Reasons == nil {
			t.Fatalf("nil reasons for %q", s)
		}
		if !slices.IsSorted(d.Reasons) || len(slices.Compact(slices.Clone(d.Reasons))) != len(d.Reasons) {
			t.Fatalf("reasons not sorted and unique: %v", d.Reasons)
		}
		for _, r := range d.Reasons {
			if !known[r] {
				t.Fatalf("unknown reason %q", r)
			}
			c, _ := ParseCategory(r[:len(d.Category.String())])
			if c != d.Category || r[len(d.Category.String())] != '.' {
				t.Fatalf("reason %q does not belong to category %s", r, d.Category)
			}
		}
		again := Classify(s)
		if again.Category != d.Category || !slices.Equal(again.Reasons, d.Reasons) {
			t.Fatalf("not deterministic for %q: %v then %v", s, d, again)
		}
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) is not valid UTF-8: %q", s, n)
		}
	})
}

// FuzzClassifyInContext: a message read after another of the same person
// never panics, is deterministic, and is never below the message alone.
func FuzzClassifyInContext(f *testing.F) {
	for _, s := range [][2]string{
		{"nothing helps anymore", "I'm done"}, {"", ""}, {"I took 30 pills", "thanks all, I'm safe now"},
		{"\xff\xfe", "ok. tonight then"}, {"me quiero morir", "adios"}, {"#####", "🪦"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, earlier, text string) {
		d := ClassifyInContext(text, []string{earlier})
		if slices.Contains(d.Reasons, ReasonClassifierError) {
			t.Fatalf("classifier error on %q after %q", text, earlier)
		}
		if alone := Classify(text); d.Category < alone.Category {
			t.Fatalf("%q after %q is %v, below %v alone", text, earlier, d.Category, alone.Category)
		}
		if again := ClassifyInContext(text, []string{earlier}); again.Category != d.Category || !slices.Equal(again.Reasons, d.Reasons) {
			t.Fatalf("not deterministic: %v then %v", d, again)
		}
	})
}
